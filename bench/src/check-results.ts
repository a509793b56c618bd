/**
 * Checks a `--target` run's results.json (CI and the end-to-end test): it matches the schema,
 * it is complete, every runtime has cold starts and server-side figures, every measured
 * request that carried a request id found its REPORT line, and, given a local run's
 * results.json, every figure a local run reports per runtime is there too (floors aside: a
 * target has none; a figure the schema lets be null, such as CPU time per invocation, which
 * REPORT lines on AWS do not carry, may be null there).
 */
import type { BenchResults } from './results';
import { validateResults } from './validate';

/**
 * Figures only a local run has: the floors are measured on the local platform only, and
 * per-instance capacity needs a function held to one instance (capacity.ts), which a stage is not.
 */
const LOCAL_ONLY = new Set(['multipleOfFloor', 'floor', 'capacity']);

/** Every key path under `runtimes` (array indices collapsed), e.g. `memorySizes[].coldStart.initDurationMs.median`; null-valued paths apart. */
export function runtimeShape(results: Pick<BenchResults, 'runtimes'>): Set<string> & { nulls: Set<string> } {
  const paths = Object.assign(new Set<string>(), { nulls: new Set<string>() });
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, `${at}[]`));
    if (value === null) return void paths.nulls.add(at);
    if (typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (LOCAL_ONLY.has(k)) continue;
      const path = at ? `${at}.${k}` : k;
      paths.add(path);
      walk(v, path);
    }
  };
  results.runtimes.forEach((r) => walk(r, ''));
  return paths;
}

/** Figures (key paths) the reference reports per runtime and `results` lacks; null in `results` counts as present. */
export function lackingFigures(results: Pick<BenchResults, 'runtimes'>, reference: Pick<BenchResults, 'runtimes'>): string[] {
  const have = runtimeShape(results);
  return [...runtimeShape(reference)].filter((p) => !have.has(p) && ![...have.nulls].some((n) => p.startsWith(`${n}.`)));
}

export function checkTargetResults(results: BenchResults, localReference?: BenchResults): string[] {
  const problems = validateResults(results).map((p) => `schema: ${p}`);
  if (results.incomplete) problems.push(`marked incomplete: ${results.incomplete.reasons.join(' | ')}`);
  if (!results.target) problems.push('no target block: not a --target run');
  for (const r of results.runtimes) {
    const m = r.memorySizes[0];
    if (r.memorySizes.length !== 1 || !m) {
      problems.push(`${r.name}: ${r.memorySizes.length} memory sizes, expected the one it is deployed with`);
      continue;
    }
    if (m.memoryMb !== results.target?.functions[r.name]?.memoryMb) problems.push(`${r.name}: memory ${m.memoryMb} MB is not the deployed ${results.target?.functions[r.name]?.memoryMb} MB`);
    if (!m.coldStart || m.coldStart.initDurationMs.n < 1) problems.push(`${r.name}: no cold start with an Init Duration`);
    for (const kind of ['write', 'read', 'probe'] as const) if (!m.coldStart?.[kind]?.n) problems.push(`${r.name}: no cold ${kind} with an Init Duration (the local bench's cold requests)`);
    if (!m.warm.length || m.warm.every((w) => w.serverDurationMs.steady.n < 1)) problems.push(`${r.name}: no warm REPORT Duration`);
    const c = results.target?.correlation[r.name];
    if (!c || c.withRequestId < 1) problems.push(`${r.name}: no measured request carried a Lambda-Request-Id`);
    else if (c.withReport !== c.withRequestId) problems.push(`${r.name}: ${c.withRequestId - c.withReport} measured request(s) without a REPORT line`);
  }
  if (localReference) {
    const lacking = lackingFigures(results, localReference);
    if (lacking.length) problems.push(`figures a local run has and this one lacks: ${lacking.slice(0, 10).join(', ')}${lacking.length > 10 ? ', …' : ''}`);
  }
  return problems;
}
