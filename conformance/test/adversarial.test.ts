/**
 * The adversarial generator itself (no network): reproducible from its seed, every class drawn,
 * requests that can go on the wire as they are, and expectations that follow docs/contract.md.
 */
import { BODY_MAX_BYTES } from '../../generated/ts/constants';
import { ADVERSARIAL_CLASSES, adversarialCorpus } from '../src/adversarial';

const body = (e: { request: { bodyBase64?: string } }) => Buffer.from(e.request.bodyBase64 ?? '', 'base64');
const classOf = (source: string) => /^adversarial:(?:PUT )?([^:]+: [^:]+):/.exec(source)?.[1];

describe('the adversarial corpus', () => {
  it('is the same for a seed and different for another seed', () => {
    // Prepare / Act
    const shape = (seed: number) => adversarialCorpus(seed).map((e) => ({ source: e.source, request: e.request, status: e.expect?.status, problem: e.expect?.problem }));
    const [a, b, c] = [shape(42), shape(42), shape(43)];
    // Assess
    expect(b).toEqual(a);
    expect(c.map((e) => e.request)).not.toEqual(a.map((e) => e.request));
  });

  it('draws every class perClass times, each entry with what the contract says', () => {
    // Prepare / Act
    const corpus = adversarialCorpus(7, { perClass: 4 });
    const drawn = corpus.filter((e) => classOf(e.source));
    // Assess
    for (const kind of ADVERSARIAL_CLASSES) expect(drawn.filter((e) => classOf(e.source) === kind)).toHaveLength(4);
    for (const e of drawn) expect(e.expect?.status).toBeGreaterThanOrEqual(200);
  });

  it('sends ids as one ASCII path segment, the way they must reach the gateway', () => {
    for (let seed = 0; seed < 20; seed++) {
      for (const e of adversarialCorpus(seed).filter((x) => x.source.startsWith('adversarial:path'))) {
        const id = e.request.path.slice('/items/'.length);
        expect(id).toMatch(/^[\x21-\x7e]+$/);
        expect(id).not.toMatch(/[/?#]/);
      }
    }
  });

  it('keeps nested bodies within 64 KiB unless it means the 413, and counts depth past every parser\'s default', () => {
    // Prepare
    const nesting = Array.from({ length: 30 }, (_, seed) => adversarialCorpus(seed)).flat().filter((e) => classOf(e.source) === 'body: nesting depth');
    // Act
    const depths = nesting.map((e) => Number(/nested (\d+) deep/.exec(e.source)?.[1]));
    // Assess
    for (const e of nesting) {
      if (e.expect!.status === 413) expect(body(e).length).toBeGreaterThan(BODY_MAX_BYTES);
      else expect(body(e).length).toBeLessThanOrEqual(BODY_MAX_BYTES);
    }
    expect(Math.max(...depths)).toBeGreaterThan(10_000); // Go's encoding/json stops at 10,000
  });

  it('expects 201 only for bodies that are a valid ItemInput, and a valid one echoes the last duplicate key', () => {
    // Prepare
    const corpus = Array.from({ length: 10 }, (_, seed) => adversarialCorpus(seed)).flat();
    // Act
    const dup = corpus.find((e) => e.source.endsWith('price bad then good') && e.request.method === 'POST');
    const created = corpus.filter((e) => e.expect?.status === 201 && classOf(e.source));
    // Assess
    expect(dup?.expect?.status).toBe(201);
    for (const e of created) {
      const value = JSON.parse(body(e).toString('utf8')) as { price: number };
      expect(value.price === 0 || (value.price >= 1e-130 && value.price <= 1e9)).toBe(true);
    }
  });
});
