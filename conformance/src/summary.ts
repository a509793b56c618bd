/**
 * The run's verdict per runtime, as data (summary.json, read by the bench's gate) and as
 * Markdown for people (summary.md).
 */
import type { CrossResult } from './cross-runtime';
import type { CorpusResult, ExpectationFailure, Mismatch, SkippedRequest } from './differential';
import type { CodeIdentity } from './git';
import type { SchemathesisResult } from './schemathesis';

export const SUMMARY_SCHEMA_VERSION = 1;

export interface RuntimeFailure {
  /** `transport`: a request got no answer at all (reset, refused, timed out): one failure, never compared. */
  kind: 'build' | 'schemathesis' | 'scenario' | 'adversarial' | 'differential' | 'cross-runtime' | 'transport';
  source: string;
  /** The request, as a curl command where there is one. */
  request: string;
  /** What is wrong, one line. */
  message: string;
  /** Differences from the other runtimes' answer (differential), one line each. */
  diff?: string[];
  /** The runtime's response (status and body, clipped). */
  response?: { status: number; body: string };
}

export interface RuntimeSummary {
  passed: boolean;
  /** One line saying why it failed (for the bench's report). */
  reason?: string;
  schemathesis?: { passed: boolean; tests: number; failures: number; junit: string; durationMs: number };
  counts: { schemathesis: number; scenario: number; adversarial: number; differential: number; crossRuntime: number; transport: number };
  failures: RuntimeFailure[];
  /** Differential requests not sent to this runtime because an earlier failure left it without what they refer to. */
  skipped: number;
}

export interface Summary extends CodeIdentity {
  schemaVersion: number;
  runId: string;
  startedAt: string;
  durationMs: number;
  quick: boolean;
  baseUrl: string;
  runtimes: string[];
  passed: boolean;
  schemathesis: { version: string; maxExamples: number; phases: string[]; excludedChecks: Record<string, string>; ran: boolean };
  results: Record<string, RuntimeSummary>;
  differential: { scenarioEntries: number; adversarialEntries: number; recordedEntries: number; requests: number; mismatches: Mismatch[]; skipped: SkippedRequest[] };
  /** The generated corpus (conformance/src/adversarial.ts): `--seed` replays it. */
  adversarial: { seed: number; entries: number };
  crossRuntime: Omit<CrossResult, 'failures'> & { failures: number };
}

export interface RunParts {
  runtimes: string[];
  schemathesis: Record<string, SchemathesisResult>;
  scenarios: CorpusResult;
  adversarial?: CorpusResult;
  recorded?: CorpusResult;
  cross?: CrossResult;
}

const expectationFailure = (f: ExpectationFailure, kind: 'scenario' | 'adversarial'): RuntimeFailure => ({
  kind,
  source: f.source,
  request: f.curl,
  message: f.complaint,
  response: { status: f.response.status, body: f.response.body },
});

/** Per runtime: every failure it is blamed for, and the verdict. */
export function perRuntime(parts: RunParts): Record<string, RuntimeSummary> {
  const out: Record<string, RuntimeSummary> = {};
  const corpora = [parts.scenarios, ...(parts.adversarial ? [parts.adversarial] : []), ...(parts.recorded ? [parts.recorded] : [])];
  const mismatches = corpora.flatMap((c) => c.mismatches);
  for (const runtime of parts.runtimes) {
    const failures: RuntimeFailure[] = [];
    const st = parts.schemathesis[runtime];
    for (const f of st?.failures ?? []) failures.push({ kind: 'schemathesis', source: f.operation, request: (f.details.match(/curl .*/g) ?? []).join(' ; '), message: `${f.codes}: ${f.details.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2)).join('; ')}` });
    for (const f of parts.scenarios.expectationFailures.filter((x) => x.runtime === runtime)) failures.push(expectationFailure(f, 'scenario'));
    for (const f of corpora.flatMap((c) => c.transportFailures).filter((x) => x.runtime === runtime)) {
      failures.push({ kind: 'transport', source: f.source, request: f.curl, message: `no answer: ${f.error}` });
    }
    for (const m of mismatches.filter((x) => x.outliers.includes(runtime))) {
      const mine = m.responses[runtime]!;
      failures.push({
        kind: 'differential',
        source: m.source,
        request: m.curl,
        message: m.reference ? `answers differently from ${m.reference.join(', ')}` : 'no majority among the runtimes',
        diff: m.diff[runtime] ?? Object.values(m.diff).flat(),
        response: { status: mine.status, body: mine.body },
      });
    }
    // After the differential: a drifting runtime fails most generated requests, and summary.md shows the first few failures.
    for (const f of parts.adversarial?.expectationFailures.filter((x) => x.runtime === runtime) ?? []) failures.push(expectationFailure(f, 'adversarial'));
    if (parts.cross?.blamed.includes(runtime)) {
      for (const f of parts.cross.failures.filter((x) => x.pair.split('→').includes(runtime))) {
        failures.push({ kind: 'cross-runtime', source: `${f.pair}: ${f.step}`, request: `${f.request.method} /${f.runtime}${f.request.path}`, message: f.complaint, response: f.response });
      }
    }
    const counts = {
      schemathesis: failures.filter((f) => f.kind === 'schemathesis').length,
      scenario: failures.filter((f) => f.kind === 'scenario').length,
      adversarial: failures.filter((f) => f.kind === 'adversarial').length,
      differential: failures.filter((f) => f.kind === 'differential').length,
      crossRuntime: failures.filter((f) => f.kind === 'cross-runtime').length,
      transport: failures.filter((f) => f.kind === 'transport').length,
    };
    const skipped = corpora.flatMap((c) => c.skipped).filter((x) => x.runtime === runtime).length;
    const passed = failures.length === 0 && (st ? st.passed : true);
    const reason = passed
      ? undefined
      : Object.entries(counts)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k}: ${n} failure${n === 1 ? '' : 's'}`)
          .join('; ') + (failures[0] ? ` (first: ${failures[0].source}: ${failures[0].diff?.[0] ?? failures[0].message})` : '');
    out[runtime] = {
      passed,
      ...(reason ? { reason } : {}),
      ...(st ? { schemathesis: { passed: st.passed, tests: st.tests, failures: st.failures.length, junit: st.junitPath, durationMs: st.durationMs } } : {}),
      counts,
      failures,
      skipped,
    };
  }
  return out;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdown(summary: Summary, maxPerRuntime = 15): string {
  const lines = [
    `# Conformance ${summary.passed ? 'PASSED' : 'FAILED'}: run ${summary.runId}`,
    '',
    `Commit \`${summary.commit}\`${summary.dirty ? ` with uncommitted changes (${summary.changesHash.slice(0, 12)})` : ''}; ${summary.quick ? 'quick' : 'default'} bounds (schemathesis ${summary.schemathesis.version}, max ${summary.schemathesis.maxExamples} examples per operation${summary.schemathesis.ran ? '' : ', not run'}); ${(summary.durationMs / 1000).toFixed(1)} s.`,
    '',
    '| runtime | verdict | schemathesis | scenarios | adversarial | differential | cross-runtime | transport |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...summary.runtimes.map((r) => {
      const s = summary.results[r]!;
      const st = s.schemathesis ? `${s.schemathesis.failures} failures / ${s.schemathesis.tests} operations` : 'not run';
      return `| ${r} | ${s.passed ? 'pass' : '**FAIL**'} | ${st} | ${s.counts.scenario} | ${s.counts.adversarial ?? 0} | ${s.counts.differential} | ${s.counts.crossRuntime} | ${s.counts.transport ?? 0} |`;
    }),
    '',
    `Differential: ${summary.differential.scenarioEntries} scenario + ${summary.differential.adversarialEntries ?? 0} adversarial (seed ${summary.adversarial?.seed ?? '-'}: \`npm run conformance -- --seed ${summary.adversarial?.seed ?? '-'}\` draws them again) + ${summary.differential.recordedEntries} recorded requests, ${summary.differential.requests} sent, ${summary.differential.mismatches.length} mismatches. Cross-runtime: ${summary.crossRuntime.pairs} ordered pairs, ${summary.crossRuntime.failures} failures.`,
  ];
  const skipped = summary.differential.skipped ?? [];
  if (skipped.length) {
    lines.push('', `Skipped, not failed again: ${skipped.length} differential request${skipped.length === 1 ? '' : 's'} referred to what an earlier failed request should have made (first: ${skipped[0]!.runtime}, ${cell(skipped[0]!.source)}: ${cell(skipped[0]!.reason)}).`);
  }
  for (const r of summary.runtimes) {
    const s = summary.results[r]!;
    if (s.passed) continue;
    lines.push('', `## ${r}: ${s.reason ?? 'failed'}`, '');
    for (const f of s.failures.slice(0, maxPerRuntime)) {
      lines.push(`- **${f.kind}** ${cell(f.source)}: ${cell(f.message)}`);
      if (f.request) lines.push(`  - request: \`${cell(f.request).slice(0, 400)}\``);
      for (const d of (f.diff ?? []).slice(0, 8)) lines.push(`  - ${cell(d)}`);
      if (f.response && !f.diff) lines.push(`  - response: ${f.response.status} \`${cell(f.response.body).slice(0, 300)}\``);
    }
    if (s.failures.length > maxPerRuntime) lines.push(`- … ${s.failures.length - maxPerRuntime} more in summary.json`);
  }
  return `${lines.join('\n')}\n`;
}
