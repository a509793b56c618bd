/**
 * API Gateway's sampling decision under X-Ray's default rule (1 request a second, then 5 %), and
 * how the forwarded X-Amzn-Trace-Id carries it.
 */
import { forwardedTraceHeader, Sampler } from '../src/xray-sampling';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';

/** A sampler on a hand-driven clock and random source. */
function sampler(randoms: number[]) {
  let now = 1_000_000;
  const s = new Sampler(undefined, () => randoms.shift() ?? 0.99, () => now);
  return { s, tick: (ms: number) => (now += ms) };
}

describe('the default sampling rule', () => {
  it('records the first request of each second, then 5 % of the rest', () => {
    // Prepare: random draws 0.04 (under 5 %) and 0.06 (over) for the requests past the reservoir
    const { s, tick } = sampler([0.04, 0.06, 0.06]);
    // Act
    const first = [s.sample(), s.sample(), s.sample()];
    tick(1000);
    const next = [s.sample(), s.sample()];
    // Assess
    expect(first).toEqual([true, true, false]);
    expect(next).toEqual([true, false]);
  });

  it('samples about 1 + 5 % of the rest over many seconds', () => {
    // Prepare: 10 requests a second for 200 s, a seeded pseudo-random source
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    let now = 0;
    const s = new Sampler(undefined, random, () => now);
    // Act
    let sampled = 0;
    for (let i = 0; i < 2000; i++, now += 100) if (s.sample()) sampled++;
    // Assess: 200 from the reservoir + 5 % of 1800 = 290
    expect(sampled).toBeGreaterThan(260);
    expect(sampled).toBeLessThan(320);
  });
});

describe('the forwarded X-Amzn-Trace-Id', () => {
  it.each([
    ['no header, active tracing', undefined, 'active', `Root=${ROOT};Sampled=1`],
    ['a Root only, active tracing', `Root=${ROOT}`, 'active', `Root=${ROOT};Sampled=1`],
    ['the client\'s decision kept', `Root=${ROOT};Sampled=0`, 'active', `Root=${ROOT};Sampled=0`],
    ['no decision with tracing off', undefined, 'off', `Root=${ROOT}`],
    ['a client\'s header untouched with tracing off', `Root=${ROOT};Sampled=1`, 'off', `Root=${ROOT};Sampled=1`],
  ] as const)('%s', (_name, incoming, tracing, expected) => {
    // Prepare
    const { s } = sampler([]);
    // Act
    const header = forwardedTraceHeader(incoming, () => ROOT, tracing, s);
    // Assess
    expect(header).toBe(expected);
  });
});
