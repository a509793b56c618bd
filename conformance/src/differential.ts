/**
 * Sends one corpus, entry by entry, to every runtime (entry i reaches all runtimes before entry
 * i+1 reaches any, so each sees the same table), normalizes the answers, compares them, and
 * checks the hand-written entries against what the contract says.
 *
 * No cascades: a request that got no answer is one transport failure of that runtime (not a
 * mismatch), and a request that refers to an item (or token) a runtime failed to make while
 * others made theirs is skipped for that runtime, with the reason, instead of failing again.
 */
import { compareResponses, describeDifferences, type Comparison } from './compare';
import { holds, newRefs, referencesOf, resolveRequest, type CorpusEntry, type RuntimeRefs } from './corpus';
import { curl, send, type HttpRequest, type HttpResponse } from './http';
import { IdNamespace, mediaType, normalizeResponse, type NormalizedResponse } from './normalize';

export interface Target {
  runtime: string;
  /** The runtime's prefix: `http://127.0.0.1:3000/go`. */
  baseUrl: string;
}

export interface ResponseRecord {
  status: number;
  headers: Record<string, string>;
  body: string;
  error?: string;
  normalized: NormalizedResponse;
}

export interface Mismatch {
  source: string;
  /** The request as the first runtime got it (ids differ per runtime). */
  request: HttpRequest;
  curl: string;
  responses: Record<string, ResponseRecord>;
  /** Runtimes that differ from the largest group of equal answers (all when no group is largest). */
  outliers: string[];
  reference?: string[];
  /** Per outlier: one line per difference from the reference answer. */
  diff: Record<string, string[]>;
}

export interface ExpectationFailure {
  source: string;
  /** Position of the entry in its corpus. */
  entryIndex: number;
  runtime: string;
  request: HttpRequest;
  curl: string;
  response: { status: number; headers: Record<string, string>; body: string; error?: string };
  complaint: string;
}

/** A request that got no answer at all (connection refused or reset, timeout). */
export interface TransportFailure {
  source: string;
  entryIndex: number;
  runtime: string;
  request: HttpRequest;
  curl: string;
  error: string;
}

/** A request not sent to a runtime because what it refers to is missing there (and only there). */
export interface SkippedRequest {
  source: string;
  entryIndex: number;
  runtime: string;
  reason: string;
}

export interface CorpusResult {
  entries: number;
  requests: number;
  mismatches: Mismatch[];
  expectationFailures: ExpectationFailure[];
  transportFailures: TransportFailure[];
  skipped: SkippedRequest[];
}

const MAX_BODY_IN_REPORT = 4000;
const clip = (s: string) => (s.length > MAX_BODY_IN_REPORT ? `${s.slice(0, MAX_BODY_IN_REPORT)}… (${s.length} characters)` : s);
const PROBLEM_PREFIX = 'urn:problem:multi-runtime-benchmark:';

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What a hand-written entry's expectation says about one runtime's answer, or undefined when it holds. */
export function checkExpectation(entry: CorpusEntry, response: HttpResponse, runtime: string): string | undefined {
  const expect = entry.expect;
  if (!expect) return undefined;
  if (response.error) return `no answer: ${response.error}`;
  if (response.status !== expect.status) return `status ${response.status}, the contract says ${expect.status}`;
  const body = parseJson(response.body);
  if (expect.problem) {
    const type = mediaType(response.headers['content-type']);
    if (type !== 'application/problem+json') return `Content-Type ${String(type)}, the contract says application/problem+json`;
    const problem = body as { type?: unknown; status?: unknown } | undefined;
    if (problem?.type !== PROBLEM_PREFIX + expect.problem) return `problem type ${JSON.stringify(problem?.type)}, the contract says ${PROBLEM_PREFIX + expect.problem}`;
    if (problem.status !== expect.status) return `problem status ${JSON.stringify(problem.status)}, the contract says ${expect.status}`;
  }
  return expect.check?.({ status: response.status, headers: response.headers, body }, runtime);
}

function remember(entry: CorpusEntry, response: HttpResponse, refs: RuntimeRefs, ids: IdNamespace): void {
  const body = parseJson(response.body) as { id?: unknown; nextToken?: unknown } | undefined;
  const why = response.error ? `its request got no answer (${response.error})` : `its request answered ${response.status}`;
  if (entry.creates) {
    if (response.status >= 200 && response.status < 300 && typeof body?.id === 'string') {
      refs.ids.set(entry.creates, body.id);
      ids.register(body.id, entry.creates);
    } else refs.lost.set(`id:${entry.creates}`, why.replace('its request', 'its create'));
  }
  if (entry.savesToken) {
    if (typeof body?.nextToken === 'string') refs.tokens.set(entry.savesToken, body.nextToken);
    else refs.lost.set(`token:${entry.savesToken}`, why.replace('its request', 'the listing'));
  }
}

/** Why `runtime` must skip this entry: it refers to something this runtime lacks and another runtime holds. */
function skipReason(entry: CorpusEntry, runtime: string, refs: Map<string, RuntimeRefs>): string | undefined {
  const mine = refs.get(runtime)!;
  const lacking = referencesOf(entry.request).filter((ref) => !holds(mine, ref) && [...refs.entries()].some(([other, r]) => other !== runtime && holds(r, ref)));
  if (!lacking.length) return undefined;
  return lacking.map((ref) => `depends on ${ref.replace(':', ' "')}", which ${runtime} lacks: ${mine.lost.get(ref) ?? 'never made'}`).join('; ');
}

export async function runCorpus(corpus: CorpusEntry[], targets: Target[], ids = new IdNamespace()): Promise<CorpusResult> {
  const refs = new Map(targets.map((t) => [t.runtime, newRefs()]));
  const result: CorpusResult = { entries: corpus.length, requests: 0, mismatches: [], expectationFailures: [], transportFailures: [], skipped: [] };
  for (const [index, listed] of corpus.entries()) {
    // Every create gets a name, so that its id maps to one placeholder in every runtime's answers.
    const entry = listed.creates || listed.request.method !== 'POST' ? listed : { ...listed, creates: `entry-${index}` };
    // Decided before any runtime answers this entry, so that every runtime is judged on the same state.
    const skips = new Map(targets.map((t) => [t.runtime, skipReason(entry, t.runtime, refs)] as const).filter(([, why]) => why !== undefined));
    const raw: Record<string, { request: HttpRequest; response: HttpResponse }> = {};
    for (const t of targets) {
      const skip = skips.get(t.runtime);
      if (skip) {
        result.skipped.push({ source: entry.source, entryIndex: index, runtime: t.runtime, reason: skip });
        continue;
      }
      const request = resolveRequest(entry.request, refs.get(t.runtime)!);
      const response = await send(t.baseUrl, request);
      result.requests++;
      remember(entry, response, refs.get(t.runtime)!, ids);
      if (response.error) {
        result.transportFailures.push({ source: entry.source, entryIndex: index, runtime: t.runtime, request, curl: curl(t.baseUrl, request), error: response.error });
        continue;
      }
      raw[t.runtime] = { request, response };
      const complaint = checkExpectation(entry, response, t.runtime);
      if (complaint) {
        result.expectationFailures.push({ source: entry.source, entryIndex: index, runtime: t.runtime, request, curl: curl(t.baseUrl, request), response: { ...response, body: clip(response.body) }, complaint });
      }
    }
    // Only the runtimes that answered are compared. Normalized only now: every runtime's new id is known, so lists holding them compare equal.
    const answered = targets.filter((t) => raw[t.runtime]);
    const responses: Record<string, ResponseRecord> = {};
    for (const t of answered) {
      const r = raw[t.runtime]!.response;
      responses[t.runtime] = { status: r.status, headers: r.headers, body: clip(r.body), normalized: normalizeResponse(r, t.runtime, ids) };
    }
    const failedContract = new Set(result.expectationFailures.filter((f) => f.entryIndex === index).map((f) => f.runtime));
    const meetsContract = entry.expect ? (runtime: string) => !failedContract.has(runtime) : undefined;
    const comparison: Comparison = compareResponses(Object.fromEntries(Object.entries(responses).map(([k, v]) => [k, v.normalized])), meetsContract);
    if (!comparison.agree) {
      const first = answered[0]!;
      const referenceName = comparison.reference?.join(', ') ?? first.runtime;
      result.mismatches.push({
        source: entry.source,
        request: raw[first.runtime]!.request,
        curl: curl(first.baseUrl, raw[first.runtime]!.request),
        responses,
        outliers: comparison.outliers,
        ...(comparison.reference ? { reference: comparison.reference } : {}),
        diff: Object.fromEntries(Object.entries(comparison.diffs).map(([r, d]) => [r, describeDifferences(d, referenceName, r)])),
      });
    }
  }
  return result;
}
