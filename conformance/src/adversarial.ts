/**
 * The adversarial corpus: generated, not listed. From a seed, it draws path parameters that
 * routers and decoders disagree on (encoded `/`, dot segments, `%00`, long, non-ASCII, bad escapes)
 * and bodies at the edges of JSON parsers (nesting depth, number magnitude and precision, duplicate
 * keys, escapes, a BOM, invalid UTF-8). Every entry states what docs/contract.md says the answer is
 * ("Adversarial input"), so each runtime is checked against the contract and against the others.
 * The seed is recorded with the run: `npm run conformance -- --seed N` replays the same corpus.
 */
import { BODY_MAX_BYTES } from '../../generated/ts/constants';
import { json, type CorpusEntry, type Expectation } from './corpus';
import { created, problem, replaced } from './scenarios';

export const ADVERSARIAL_CLASSES = [
  'path: encoded slash',
  'path: dot segment',
  'path: NUL',
  'path: long',
  'path: non-ASCII',
  'path: bad percent escape',
  'path: sub-delimiters',
  'path: percent-encoded UUID',
  'body: nesting depth',
  'body: number magnitude',
  'body: number precision',
  'body: duplicate keys',
  'body: escapes',
  'body: BOM',
  'body: invalid UTF-8',
] as const;

export type AdversarialClass = (typeof ADVERSARIAL_CLASSES)[number];

const JSON_TYPE = { 'content-type': 'application/json' };
const invalid = problem(400, 'validation-failed');
const malformed = problem(400, 'malformed-json');
const notFound = problem(404, 'not-found');
const tooLarge = problem(413, 'payload-too-large');

/** mulberry32: small, fast, and the same sequence on every platform for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Draw {
  constructor(readonly random: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.random() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
  hex(n: number): string {
    return Array.from({ length: n }, () => '0123456789abcdef'[this.int(0, 15)]).join('');
  }
  /** A lowercase UUID v4 (no item has it: the table's ids come from the runtimes' own generators). */
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }
  /** Inserts `what` at a random position of `text`. */
  insert(text: string, what: string): string {
    const at = this.int(0, text.length);
    return text.slice(0, at) + what + text.slice(at);
  }
}

const pctUtf8 = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
const NON_ASCII = ['é', 'ß', 'Ω', 'ж', '中', '文', '😀', '\u00a0', '\ufeff', '\u2028', 'ﬃ', '\u0301'];

/** One request to a path whose `{id}` is `id` (already percent-encoded as it goes on the wire). */
function idRequest(d: Draw, kind: AdversarialClass, id: string, expect: Expectation, note: string): CorpusEntry {
  const method = d.pick(['GET', 'PUT', 'DELETE']);
  // PUT carries a valid body: the id is checked first, so the body never decides the answer.
  const body = method === 'PUT' ? { bodyBase64: json({ name: 'adversarial', price: 1 }), headers: JSON_TYPE } : { headers: {} };
  return { source: `adversarial:${kind}: ${note}`, request: { method, path: `/items/${id}`, ...body }, expect };
}

const PATHS: Partial<Record<AdversarialClass, (d: Draw) => CorpusEntry>> = {
  'path: encoded slash': (d) => {
    const id = d.pick([d.insert(d.uuid(), d.pick(['%2F', '%2f'])), d.uuid().replace('-', d.pick(['%2F', '%2f'])), `${d.pick(['..', '.', 'a'])}%2F${d.uuid()}`]);
    return idRequest(d, 'path: encoded slash', id, invalid, id);
  },
  'path: dot segment': (d) => {
    const id = d.pick(['.', '..', '%2E', '%2e%2E', '.%2E', '%2E.', `..${d.uuid()}`, `${d.uuid()}.`, `${d.uuid()}..`]);
    return idRequest(d, 'path: dot segment', id, invalid, id);
  },
  'path: NUL': (d) => {
    const id = d.pick([d.insert(d.uuid(), '%00'), `%00${d.uuid()}`, d.uuid().slice(0, -1) + '%00']);
    return idRequest(d, 'path: NUL', id, invalid, id);
  },
  'path: long': (d) => {
    // Under API Gateway's URL limits (8192 edge-optimized, 10240 regional): the runtime answers, not the gateway.
    const length = d.pick([37, d.int(38, 200), d.int(200, 2000), d.int(2000, 7000)]);
    const id = d.pick([() => d.hex(length), () => (d.uuid() + '-').repeat(Math.ceil(length / 37)).slice(0, length)])();
    return idRequest(d, 'path: long', id, invalid, `${length} characters`);
  },
  'path: non-ASCII': (d) => {
    const chars = Array.from({ length: d.int(1, 4) }, () => d.pick(NON_ASCII)).join('');
    const id = d.insert(d.pick([d.uuid(), d.uuid().slice(0, 35), '']), pctUtf8(chars));
    return idRequest(d, 'path: non-ASCII', id, invalid, `${JSON.stringify(chars)} in ${id.length} characters`);
  },
  'path: bad percent escape': (d) => {
    const bad = d.pick(['%', '%4', '%ZZ', '%G0', '%C3', '%FF', '%C0%AF', '%ED%A0%80', '%F4%90%80%80', '%E2%82']);
    const id = d.insert(d.uuid(), bad);
    return idRequest(d, 'path: bad percent escape', id, invalid, id);
  },
  'path: sub-delimiters': (d) => {
    const id = d.insert(d.uuid(), d.pick([';', ';x=1', ',', '=', '@', ':', '!', '*', "'", '(', ')', '+', '$', '&', '~']));
    return idRequest(d, 'path: sub-delimiters', id, invalid, id);
  },
  'path: percent-encoded UUID': (d) => {
    // Percent-encoded unreserved characters mean the characters themselves (RFC 3986 §2.3, §6.2.2.2):
    // a valid id spelled this way is the same id. None of these ids exists, so 404.
    const uuid = d.uuid();
    const id = [...uuid].map((c) => (d.random() < 0.3 ? `%${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c)).join('');
    return idRequest(d, 'path: percent-encoded UUID', id === uuid ? `%${uuid.charCodeAt(0).toString(16)}${uuid.slice(1)}` : id, notFound, id);
  },
};

/** A body as raw bytes. */
const bytes = (b: Buffer | string) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : b).toString('base64');

function post(kind: AdversarialClass, note: string, body: Buffer | string, expect: Expectation, extra: Partial<CorpusEntry> = {}): CorpusEntry {
  return { source: `adversarial:${kind}: ${note}`, request: { method: 'POST', path: '/items', headers: JSON_TYPE, bodyBase64: bytes(body) }, expect, ...extra };
}

/** Nested `[` `]` or `{"a":` `}` around `core`, `depth` levels, placed where a valid ItemInput keeps a field. */
function nested(depth: number, container: 'array' | 'object', core: string): string {
  return container === 'array' ? '['.repeat(depth) + core + ']'.repeat(depth) : '{"a":'.repeat(depth) + core + '}'.repeat(depth);
}

const BODIES: Partial<Record<AdversarialClass, (d: Draw, i: number) => CorpusEntry>> = {
  'body: nesting depth': (d) => {
    const container = d.pick(['array', 'object'] as const);
    const perLevel = container === 'array' ? 2 : 6;
    const place = d.pick(['the whole body', 'name', 'price', 'description', 'an unknown property'] as const);
    const frames: Record<typeof place, (v: string) => string> = {
      'the whole body': (v) => v,
      name: (v) => `{"name":${v},"price":1}`,
      price: (v) => `{"name":"n","price":${v}}`,
      description: (v) => `{"name":"n","price":1,"description":${v}}`,
      'an unknown property': (v) => `{"name":"n","price":1,"deep":${v}}`,
    };
    const frame = frames[place];
    const room = Math.floor((BODY_MAX_BYTES - frame('').length - 1) / perLevel);
    const depth = d.pick([2, d.int(3, 100), d.int(100, 1000), d.int(1000, 10_000), d.int(10_000, room), room]);
    const mode = d.pick(['valid', 'valid', 'unclosed', 'over 64 KiB']);
    if (mode === 'over 64 KiB') return post('body: nesting depth', `${container} nested ${room + 10} deep in ${place}, over 64 KiB`, frame(nested(room + 10, container, '1')), tooLarge);
    const body = frame(nested(depth, container, '1'));
    if (mode === 'unclosed') return post('body: nesting depth', `${container} nested ${depth} deep in ${place}, one level unclosed`, body.slice(0, body.lastIndexOf(container === 'array' ? ']' : '}')), malformed);
    // Valid JSON of at most 64 KiB: however deep, it is JSON; ItemInput is an object of scalars, so it is a schema failure.
    return post('body: nesting depth', `${container} nested ${depth} deep in ${place}`, body, invalid);
  },
  'body: number magnitude': (d) => {
    const [text, expect] = d.pick<[string, 'ok' | 'invalid']>([
      ['1e9', 'ok'],
      ['1E9', 'ok'],
      ['1000000000.0', 'ok'],
      ['0.000000001e18', 'ok'],
      ['1e-130', 'ok'],
      ['1E-130', 'ok'],
      ['0', 'ok'],
      ['0e400', 'ok'],
      [`${d.int(1, 9)}e-${d.int(400, 999)}`, 'ok'], // below binary64's smallest number: it is 0 in binary64
      ['1000000000.0000002', 'invalid'],
      [`1e${d.int(10, 308)}`, 'invalid'],
      [`${d.int(1, 9)}e${d.int(309, 9999)}`, 'invalid'],
      [`-${d.int(1, 9)}e${d.int(309, 9999)}`, 'invalid'],
      ['1' + '0'.repeat(d.int(10, 2000)), 'invalid'],
      [`9.${d.hex(0).padEnd(d.int(1, 15), '9')}e-131`, 'invalid'],
      [`1e-${d.int(131, 323)}`, 'invalid'],
      [`-1e-${d.int(1, 300)}`, 'invalid'],
      [`-${d.int(1, 1000)}`, 'invalid'],
    ]);
    const body = `{"name":"magnitude","price":${text}}`;
    return post('body: number magnitude', `price ${text.length > 40 ? `${text.slice(0, 20)}… (${text.length} characters)` : text}`, body, expect === 'ok' ? created(JSON.parse(body) as Record<string, unknown>) : invalid, expect === 'ok' ? { creates: `adv-${d.hex(8)}` } : {});
  },
  'body: number precision': (d) => {
    // Up to 40 significant digits, 0 <= value <= 1e9: binary64 keeps ~17, the rest must round like every other runtime.
    const digits = d.int(1, 40);
    const mantissa = `${d.int(1, 9)}${Array.from({ length: digits - 1 }, () => d.int(0, 9)).join('')}`;
    const point = d.int(1, Math.min(digits, 9));
    const forms = [`${mantissa.slice(0, point)}.${mantissa.slice(point) || '0'}`, `0.${mantissa}`, `${mantissa[0]}.${mantissa.slice(1) || '0'}e${d.int(-100, 8)}`, `${mantissa.slice(0, point)}.${mantissa.slice(point) || '0'}E+0`];
    const text = d.pick(forms);
    const body = `{"name":"precision","price":${text}}`;
    const value = Number(text);
    const ok = value === 0 || (value >= 1e-130 && value <= 1e9);
    return post('body: number precision', `price ${text}`, body, ok ? created(JSON.parse(body) as Record<string, unknown>) : invalid, ok ? { creates: `adv-${d.hex(8)}` } : {});
  },
  'body: duplicate keys': (d) => {
    const [note, body] = d.pick<[string, string]>([
      ['price bad then good', '{"name":"dup","price":-1,"price":5}'],
      ['price good then bad', '{"name":"dup","price":5,"price":-1}'],
      ['name empty then set', '{"name":"","price":1,"name":"later"}'],
      ['name set then empty', '{"name":"first","price":1,"name":""}'],
      ['description null then set', '{"name":"dup","description":null,"price":1,"description":"d"}'],
      ['three names', `{"name":"a","name":"b","price":2,"name":"${d.hex(6)}"}`],
      ['a key differing in case', '{"name":"dup","price":1,"Name":"x"}'],
      ['a key with an escape', '{"n\\u0061me":"escaped key","price":1}'],
    ]);
    const last = JSON.parse(body) as Record<string, unknown>;
    const valid = typeof last.name === 'string' && last.name !== '' && typeof last.price === 'number' && last.price >= 0 && (last.description === undefined || typeof last.description === 'string') && Object.keys(last).every((k) => ['name', 'price', 'description'].includes(k));
    return post('body: duplicate keys', note, body, valid ? created(last) : invalid, valid ? { creates: `adv-${d.hex(8)}` } : {});
  },
  'body: escapes': (d) => {
    const [note, name, expect] = d.pick<[string, string, 'ok' | 'invalid' | 'malformed']>([
      ['escaped BMP characters', '\\u00e9\\u4e2d\\u2028x', 'ok'],
      ['an escaped surrogate pair', 'x\\ud83d\\ude00', 'ok'],
      ['every short escape', 'a\\"\\\\\\/\\b\\f\\n\\r\\t', 'ok'],
      ['an escaped NUL', 'a\\u0000b', 'ok'],
      ['upper-case hex', '\\u00E9\\u00c9', 'ok'],
      ['a lone high surrogate', `x\\ud${d.pick(['8', '9', 'a', 'b'])}${d.hex(2)}`, 'invalid'],
      ['a lone low surrogate', `x\\ud${d.pick(['c', 'd', 'e', 'f'])}${d.hex(2)}y`, 'invalid'],
      ['a reversed surrogate pair', '\\ude00\\ud83d', 'invalid'],
      ['an unknown escape', `a\\${d.pick(['x41', 'a', 'v', '0', "'", 'U0041', 'e'])}`, 'malformed'],
      ['a short \\u escape', `a\\u${d.hex(d.int(0, 3))}`, 'malformed'],
      ['a raw control character', `a${String.fromCharCode(d.int(0, 31))}b`, 'malformed'],
      ['a raw DEL (allowed unescaped)', 'a\u007fb', 'ok'],
    ]);
    const body = `{"name":"${name}","price":1}`;
    if (expect === 'malformed') return post('body: escapes', note, body, malformed);
    if (expect === 'invalid') return post('body: escapes', note, body, invalid);
    return post('body: escapes', note, body, created(JSON.parse(body) as Record<string, unknown>), { creates: `adv-${d.hex(8)}` });
  },
  'body: BOM': (d) => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const mode = d.pick(['before the body', 'after leading white space', 'inside the name', 'as the whole name']);
    if (mode === 'before the body') return post('body: BOM', mode, Buffer.concat([bom, Buffer.from('{"name":"bom","price":1}')]), malformed);
    if (mode === 'after leading white space') return post('body: BOM', mode, Buffer.concat([Buffer.from(' '), bom, Buffer.from('{"name":"bom","price":1}')]), malformed);
    // U+FEFF inside a string is a character like any other; the name rule counts it as white space.
    if (mode === 'as the whole name') return post('body: BOM', mode, '{"name":"\ufeff","price":1}', invalid);
    return post('body: BOM', mode, '{"name":"b\ufeffom","price":1}', created({ name: 'b\ufeffom', price: 1 }), { creates: `adv-${d.hex(8)}` });
  },
  'body: invalid UTF-8': (d) => {
    const bad = d.pick([[0xff], [0xfe], [0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0xc3]]);
    const where = d.pick(['in the name', 'in the description', 'between tokens', 'at the end']);
    const before = where === 'in the name' ? '{"name":"ab' : where === 'in the description' ? '{"name":"x","price":1,"description":"d' : '{"name":"x",';
    const after = where === 'in the name' ? 'cd","price":1}' : where === 'in the description' ? '"}' : '"price":1}';
    const body = where === 'at the end' ? Buffer.concat([Buffer.from('{"name":"x","price":1}'), Buffer.from(bad)]) : Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
    return post('body: invalid UTF-8', `${bad.map((b) => b.toString(16)).join(' ')} ${where}`, body, malformed);
  },
};

export interface AdversarialOptions {
  /** Entries drawn per class (default 6). */
  perClass?: number;
}

/**
 * The corpus for `seed`: `perClass` entries of every class, interleaved, then one replace of a
 * known item per body class (so PUT meets the same bodies), then clean-up of everything created.
 */
export function adversarialCorpus(seed: number, options: AdversarialOptions = {}): CorpusEntry[] {
  const d = new Draw(prng(seed));
  const perClass = options.perClass ?? 6;
  const out: CorpusEntry[] = [
    { source: 'adversarial:setup: an item to replace', request: { method: 'POST', path: '/items', headers: JSON_TYPE, bodyBase64: json({ name: 'target', price: 1 }) }, expect: created({ name: 'target', price: 1 }), creates: 'adv-target' },
  ];
  for (let i = 0; i < perClass; i++) {
    for (const kind of ADVERSARIAL_CLASSES) {
      const path = PATHS[kind];
      const body = BODIES[kind];
      if (path) out.push(path(d));
      if (body) {
        const entry = body(d, i);
        // Every other body also goes to PUT on the known item, where a valid one replaces it (200).
        if (i % 2 === 1 && entry.request.method === 'POST') {
          const expect = entry.expect?.status === 201 ? replaced(JSON.parse(Buffer.from(entry.request.bodyBase64!, 'base64').toString('utf8')) as Record<string, unknown>) : entry.expect;
          const { creates: _drop, ...rest } = entry;
          out.push({ ...rest, source: entry.source.replace('adversarial:', 'adversarial:PUT '), request: { ...entry.request, method: 'PUT', path: '/items/{{id:adv-target}}' }, ...(expect ? { expect } : {}) });
        } else out.push(entry);
      }
    }
  }
  for (const name of ['adv-target', ...out.flatMap((e) => (e.creates && e.creates !== 'adv-target' ? [e.creates] : []))]) {
    // No stated expectation: should a create have failed everywhere, its clean-up is not a second failure.
    out.push({ source: 'adversarial:clean-up', request: { method: 'DELETE', path: `/items/{{id:${name}}}`, headers: {} } });
  }
  return out;
}
