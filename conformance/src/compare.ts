/**
 * Compares the normalized responses of several runtimes to one request: groups equal answers,
 * names the runtimes that differ from the largest group, and spells out each difference.
 */
import { isDeepStrictEqual } from 'node:util';
import type { NormalizedResponse } from './normalize';

export interface Difference {
  /** Where: `status`, `contentType`, `location`, `body.items[0].description`. */
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface Comparison {
  agree: boolean;
  /** Runtimes whose answer differs from the reference group (all of them when no group is largest). */
  outliers: string[];
  /** The runtimes of the largest group, when one group is strictly largest. */
  reference?: string[];
  /** Per outlier, how its answer differs from the reference answer (or from the first runtime's). */
  diffs: Record<string, Difference[]>;
}

const ABSENT = '(absent)';

/** Every leaf where two JSON-like values differ. */
export function diffValues(expected: unknown, actual: unknown, at = ''): Difference[] {
  if (isDeepStrictEqual(expected, actual)) return [];
  const bothObjects = typeof expected === 'object' && typeof actual === 'object' && expected !== null && actual !== null;
  if (bothObjects && Array.isArray(expected) === Array.isArray(actual)) {
    if (Array.isArray(expected) && Array.isArray(actual)) {
      const n = Math.max(expected.length, actual.length);
      const out: Difference[] = [];
      for (let i = 0; i < n; i++) out.push(...diffValues(i < expected.length ? expected[i] : ABSENT, i < actual.length ? actual[i] : ABSENT, `${at}[${i}]`));
      return out;
    }
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(e), ...Object.keys(a)])].sort();
    return keys.flatMap((k) => diffValues(k in e ? e[k] : ABSENT, k in a ? a[k] : ABSENT, at ? `${at}.${k}` : k));
  }
  return [{ path: at || '(value)', expected, actual }];
}

export function diffResponses(expected: NormalizedResponse, actual: NormalizedResponse): Difference[] {
  // Status first, then headers, then the body: the first line is the one that matters most.
  return (['status', 'contentType', 'location', 'body', 'error'] as const).flatMap((k) => diffValues(expected[k] ?? ABSENT, actual[k] ?? ABSENT, k));
}

/**
 * `meetsContract`, when given, breaks a tie between equally large groups: the one group whose
 * runtimes all answered as the contract says becomes the reference.
 */
export function compareResponses(responses: Record<string, NormalizedResponse>, meetsContract?: (runtime: string) => boolean): Comparison {
  const groups: { runtimes: string[]; response: NormalizedResponse }[] = [];
  for (const [runtime, response] of Object.entries(responses)) {
    const group = groups.find((g) => isDeepStrictEqual(g.response, response));
    if (group) group.runtimes.push(runtime);
    else groups.push({ runtimes: [runtime], response });
  }
  if (groups.length <= 1) return { agree: true, outliers: [], diffs: {} };
  const sizes = groups.map((g) => g.runtimes.length).sort((a, b) => b - a);
  const largest = groups.filter((g) => g.runtimes.length === sizes[0]);
  const conforming = meetsContract ? largest.filter((g) => g.runtimes.every(meetsContract)) : [];
  const unique = largest.length === 1 || conforming.length === 1;
  const reference = largest.length === 1 ? largest[0]! : (conforming.length === 1 ? conforming[0]! : groups[0]!);
  const outliers = Object.keys(responses).filter((r) => !unique || !reference.runtimes.includes(r));
  const diffs: Record<string, Difference[]> = {};
  for (const r of outliers) if (!reference.runtimes.includes(r)) diffs[r] = diffResponses(reference.response, responses[r]!);
  return { agree: false, outliers, ...(unique ? { reference: reference.runtimes } : {}), diffs };
}

/** One line per difference: `status: 201 (typescript, go) ≠ 200 (drifting)`. */
export function describeDifferences(diffs: Difference[], referenceName: string, outlier: string): string[] {
  const show = (v: unknown) => {
    if (v === ABSENT) return ABSENT;
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  };
  return diffs.map((d) => `${d.path}: ${show(d.expected)} (${referenceName}) ≠ ${show(d.actual)} (${outlier})`);
}
