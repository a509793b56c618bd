/** The report's tables: one function per section, HTML strings. */
import type { CostPerMillion } from './cost';
import type { BenchResults, ColdRequestResult } from './results';
import type { Measure } from './rounds';
import { esc } from './svg';

export const f = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
/** A Measure as "estimate [lo, hi]", or "estimate (1 round: no interval)". */
export const est = (m: Measure | null | undefined, d = 1): string => (!m || m.rounds === 0 ? '–' : `${f(m.estimate, d)} ${m.ci95 ? `[${f(m.ci95[0], d)}, ${f(m.ci95[1], d)}]` : '(1 round: no interval)'}`);
export const pct = (x: number, d = 2) => `${(x * 100).toFixed(d)} %`;
const bytes = (b: number | null) => (b === null ? '–' : b >= 1048576 ? `${(b / 1048576).toFixed(1)} MiB` : `${(b / 1024).toFixed(0)} KiB`);
const usd = (x: number) => `$${x.toFixed(x < 1 ? 4 : 3)}`;

export function table(head: string[], rows: (string | number)[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const coldRow = (name: string, mem: number, kind: string, c: ColdRequestResult | undefined): (string | number)[] =>
  c ? [name, mem, kind, est(c.initDurationMs), est(c.firstInvocationMs, 2), est(c.clientMs), est(c.maxMemoryUsedMb, 0), f(c.billedDurationMs?.mean, 0), c.n] : [name, mem, kind, '–', '–', '–', '–', '–', 0];

export function coldTable(r: BenchResults): string {
  const rows: (string | number)[][] = [];
  const extra: (string | number)[][] = [];
  for (const rt of r.runtimes) {
    for (const m of rt.memorySizes) {
      const c = m.coldStart;
      if (!c) continue;
      rows.push(coldRow(rt.name, m.memoryMb, 'write: POST /items', c.write), coldRow(rt.name, m.memoryMb, 'read: GET /items/{id}', c.read), coldRow(rt.name, m.memoryMb, 'probe: GET /metrics (no I/O)', c.probe));
      extra.push([rt.name, m.memoryMb, est(c.initDurationMs), est(c.memoryAfterInitMb, 0), c.multipleOfFloor ? `${f(c.multipleOfFloor.initDuration, 1)}× ${c.multipleOfFloor.floor} (memory ${f(c.multipleOfFloor.maxMemoryUsed, 1)}×)` : '–', c.failures]);
    }
  }
  return `<h2>Cold starts</h2><p>Each cold sample is a fresh instance meeting a request that does real work: <b>write</b> (POST /items) on one fresh instance, then <b>read</b> (GET of that item) on another; the no-I/O <b>probe</b> (GET /metrics) is recorded beside them. Values are the mean over rounds of each round's median, with a Student-t 95 % interval on the round medians (docs/methodology.md). Billed = init + first invocation, as AWS bills a cold invocation since August 2025.</p>${table(['runtime', 'MB', 'request', 'Init Duration ms [CI]', 'first-invocation Duration ms [CI]', 'client end to end ms [CI]', 'Max Memory Used MB [CI]', 'billed ms (mean)', 'n'], rows)}${table(['runtime', 'MB', 'Init Duration, work requests [CI]', 'memory after init MB [CI]', 'vs floor', 'failed'], extra)}`;
}

export function warmTables(r: BenchResults): string {
  const warm: (string | number)[][] = [];
  const ramp: (string | number)[][] = [];
  for (const rt of r.runtimes) {
    for (const m of rt.memorySizes) {
      for (const w of m.warm) {
        const iw = w.instanceWarmup;
        warm.push([rt.name, m.memoryMb, w.rate, w.achievedRps, est(w.p50, 2), w.client.count ? f(w.client.p90, 2) : '–', est(w.p99, 2), w.client.count ? f(w.client.max, 1) : '–', f(w.serverDurationMs.steady.median, 2), `${w.errors} (${pct(w.measuredErrorRate)} of the measured)`, iw.requests ? `${iw.requests} req: p50 ${f(iw.p50, 2)}, p90 ${f(iw.p90, 2)}` : '–', iw.attributedShare === null ? '–' : pct(iw.attributedShare, 0)]);
        const s = w.steadyColdStarts;
        ramp.push([rt.name, m.memoryMb, w.rate, w.ramp.fromZero ? 'from zero' : 'from the previous rate', est(w.ramp.seconds, 2), est(w.ramp.coldStarts, 1), `${w.ramp.reachedSteadyRounds} of ${w.ramp.seconds.rounds}`, s ? `${f(s.per1000, 2)} [${f(s.ci95Per1000[0], 2)}, ${f(s.ci95Per1000[1], 2)}] (${s.coldStarts} / ${s.invocations})` : '–', s ? `${f(s.firstHalfPer1000, 2)} [${f(s.firstHalfCi95Per1000[0], 2)}, ${f(s.firstHalfCi95Per1000[1], 2)}]: ${s.stable ? 'long enough' : 'NOT long enough'}` : '–', w.peakInstances]);
      }
    }
  }
  const n = r.run.options.instanceWarmup;
  return `<h2>Warm latency (open model, steady state)</h2><p>Client-side, from each request's scheduled send time (coordinated omission corrected), answered requests of the measured window only. <b>p50</b> and <b>p99</b>: mean over rounds of each round's percentile, with a Student-t 95 % interval on the round values; p90 and max: pooled rounds (descriptive). Requests served by one of their instance's first ${n} invocations are reported apart (<b>instance warm-up</b>); <b>matched</b> is the share of requests matched to their REPORT. <b>Errors</b> counts every failure of the phase; above 1 % of the measured requests (exact share, not rounded) a runtime is not ranked at that rate.</p>${table(['runtime', 'MB', 'rate req/s', 'achieved', 'p50 ms [CI]', 'p90', 'p99 ms [CI]', 'max', 'server Duration p50', 'errors', `instance warm-up (first ${n})`, 'matched'], warm)}
<h2>Ramp and steady-state cold starts</h2><p>Each runtime's first rate starts from zero instances; its later rates continue on the instances left. The <b>ramp</b> lasts from the first request until every instance has finished its init (capped by the profile); the measured window follows. <b>Steady-state cold starts</b> are the cold invocations among the invocations that arrived in the measured windows, with an exact (Clopper–Pearson) 95 % interval. The window is <b>long enough</b> when the full window's figure lies inside the interval of its first half (doubling the window changes the figure by less than its interval).</p>${table(['runtime', 'MB', 'rate', 'ramp', 'time to steady state s [CI]', 'instances started [CI]', 'ramps that finished', 'steady cold starts / 1,000 invocations [CI]', 'first half [CI]: window', 'peak instances'], ramp)}`;
}

export function capacityTables(r: BenchResults): string {
  const cap: (string | number)[][] = [];
  const machine: (string | number)[][] = [];
  for (const rt of r.runtimes) {
    for (const m of rt.memorySizes) {
      const c = m.capacity;
      if (c) cap.push([rt.name, m.memoryMb, est(c.rps, 0), est(c.serialRps, 0), `${c.failedRounds} / ${c.lowerBoundRounds}`, c.steps.map((s) => `r${s.round + 1} ${f(s.rate, 0)}/s: ${s.errors}/${s.requests} err, p99 ${f(s.p99Ms, 1)} ${s.passed ? '✓' : '✗'}`).join('; ')]);
      const t = m.machineThroughput;
      if (t) machine.push([rt.name, m.memoryMb, t.steps.map((s) => `c${s.concurrency}: ${f(s.rps, 0)} req/s, ${pct(s.errorRate, 1)} err`).join('; '), f(t.maxRpsUnder1PctErrors, 0)]);
    }
  }
  const bound = r.run.options.capacity.p99BoundMs;
  return `<h2>Per-instance capacity</h2><p>The highest arrival rate one warm instance sustains at its memory size with under 1 % errors and p99 below ${bound} ms (a platform with a concurrency limit of 1: a request meeting the busy instance is throttled, as on Lambda). This is what scales with the instance count on Lambda. Per round: the serial rate (requests back to back) and its p99 set the first step; steps go up by a quarter while they pass, down by a fifth until one passes. A round whose step budget ran out while still passing counts as a lower bound.</p>${table(['runtime', 'MB', 'capacity req/s [CI]', 'serial req/s [CI]', 'rounds: none passed / lower bound', 'steps'], cap)}${machine.length ? `<h2>Machine throughput (bound by this machine)</h2><p>Closed model (autocannon) at rising connection counts, all instances allowed: the generator, the gateway and every instance share this machine's ${r.environment.cores} cores, so this is a property of the machine, not of a runtime.</p>${table(['runtime', 'MB', 'steps', 'max req/s with < 1 % errors'], machine)}` : ''}`;
}

const costRows = (name: string, mem: number, c: CostPerMillion, monthly: string): (string | number)[][] =>
  c.atRates.map((x, i) => [i === 0 ? name : '', i === 0 ? mem : '', i === 0 ? `${c.architecture}${c.estimate ? ' (estimate: x86_64 durations × arm64 price)' : ''}` : '', i === 0 ? f(c.meanWarmBilledMs, 2) : '', i === 0 ? f(c.meanColdBilledMs, 0) : '', `${x.label} (${pct(x.coldStartRate, 3)})`, usd(x.lambdaComputeUsd), usd(x.lambdaInitUsd), usd(x.lambdaRequestsUsd), usd(x.apiGatewayUsd), usd(x.dynamoDbUsd), usd(x.totalUsd), i === 0 ? monthly : '']);

export function costTable(r: BenchResults): string {
  const rows: (string | number)[][] = [];
  for (const rt of r.runtimes) {
    for (const m of rt.memorySizes) {
      for (const c of m.cost) {
        const monthly = m.monthly && m.monthly.architecture === c.architecture ? `$${m.monthly.withoutFreeTierUsd.toFixed(2)} ($${m.monthly.withFreeTierUsd.toFixed(2)} with Lambda's free tier)` : '';
        rows.push(...costRows(rt.name, m.memoryMb, c, monthly));
      }
    }
  }
  return `<h2>Cost per 1M requests</h2><p>Lambda compute = GB-seconds of Billed Duration: (1 − c) × mean warm Billed Duration (steady state, without each instance's first invocations) + c × mean cold Billed Duration (init + first invocation; AWS bills INIT since 1 August 2025), at the measured steady-state cold-start rate c and at 0.1 % and 1 %. Lambda requests, API Gateway REST and DynamoDB on-demand (the bench's CRUD mix, an estimate from item sizes) are shown apart: they are the same for every runtime. Prices ${esc(r.prices.region)}, as of ${esc(r.prices.asOf)} (${r.prices.sources.map((s) => `<a href="${esc(s)}">${esc(s)}</a>`).join(', ')}). Monthly: ${r.run.options.requestsPerMonth.toLocaleString('en')} requests at the first rate shown.</p>${table(['runtime', 'MB', 'architecture', 'warm billed ms', 'cold billed ms', 'cold-start rate', 'Lambda compute', 'of which init', 'Lambda requests', 'API Gateway', 'DynamoDB', 'total', 'monthly'], rows)}`;
}

export function floorsTable(r: BenchResults): string {
  const floors = r.floors.map((fl) => [fl.name, fl.awsRuntime, fl.memoryMb, est(fl.coldStart?.initDurationMs), est(fl.coldStart?.clientMs), est(fl.coldStart?.maxMemoryUsedMb, 0), bytes(fl.packageBytes), fl.warm ? est(fl.warm.p50, 2) : '–']);
  const lp = r.lambdaPerf;
  const rows = lp.rows.map((x) => [x.floor, x.runtimeId, f(x.oursMs, 1), f(x.oursRatio, 2), x.publishedMs === null ? '–' : `${f(x.publishedMs, 1)} (${x.publishedMemoryMb} MB)`, f(x.publishedRatio, 2), f(x.factor, 2)]);
  return `<h2>Floors (hello-world per language) and lambda-perf</h2>${table(['floor', 'Lambda runtime', 'MB', 'Init Duration ms [CI]', 'client cold ms [CI]', 'Max Memory Used MB [CI]', 'package', 'warm p50 ms (platform floor)'], floors)}<p>Against <a href="${esc(lp.fetchedFrom)}">lambda-perf</a> (${esc(lp.date)}; ${esc(lp.source)}): milliseconds, and the ratio to the ${esc(lp.reference ?? 'Python')} floor, ours and theirs; <b>factor</b> = our ratio / theirs (1 = the same magnitude).</p>${table(['floor', 'runtime id', 'ours ms', 'ours ÷ python', 'lambda-perf ms', 'lambda-perf ÷ python', 'factor'], rows)}<p>${esc(lp.note)}</p>`;
}

export function significanceTable(r: BenchResults): string {
  return `<h2>Significance calls</h2><p>Runtimes against each other within this run: a <b>paired t-test</b> on per-round values (round r of both runtimes ran side by side, interleaved), two-sided, df = rounds − 1; the delta is the mean of the per-round differences (= the difference of the two estimates over the rounds both have) with its t-interval. <b>Holm's</b> procedure controls the family-wise error rate at 5 % within each metric and memory size (the runtime pairs of one conclusion). No call is made with fewer than two rounds in common or when the rounds do not vary.</p>${table(['metric', 'MB', 'a', 'b', 'a', 'b', 'Δ (b − a)', 'Δ 95 % CI', 'rounds', 'p', 'Holm p', 'call'], r.comparisons.map((c) => [c.metric, c.memoryMb, c.a, c.b, f(c.estimateA, 2), f(c.estimateB, 2), f(c.delta, 2), c.deltaCi95 ? `[${f(c.deltaCi95[0], 2)}, ${f(c.deltaCi95[1], 2)}]` : '–', c.rounds, c.noCall ? '–' : c.pValue < 0.001 ? '< 0.001' : c.pValue.toFixed(3), c.noCall ? '–' : c.pAdjusted < 0.001 ? '< 0.001' : c.pAdjusted.toFixed(3), c.noCall ?? (c.significant ? 'significant' : 'no significant difference')]))}`;
}

export function loadTable(r: BenchResults): string {
  const g = r.loadGuard;
  const pre = g.preRun;
  const worst = [...g.records].sort((a, b) => b.otherShare - a.otherShare).slice(0, 8);
  return `<h2>Machine load</h2><p>${g.noisy ? `<b>NOISY run</b>: ${esc(g.reasons.join('; '))}.` : 'Quiet run: other processes stayed under the thresholds.'} Before the run: ${pre ? `others used ${pct(pre.otherShare, 0)} of ${pre.cores} cores over ${pre.seconds} s; load average ${pre.loadAvg.join(', ')}` : 'not measured'}. Over the ${g.phases} phases others used ${g.meanOtherShare === null ? '–' : pct(g.meanOtherShare, 0)} of the CPU on average (max ${g.maxOtherShare === null ? '–' : pct(g.maxOtherShare, 0)}); ${g.noisyPhases} phases above ${pct(g.thresholds.phaseOtherShare, 0)}. Thresholds: ${pct(g.thresholds.preRunOtherShare, 0)} before, ${pct(g.thresholds.meanOtherShare, 0)} on average.</p>${table(['phase', 'runtime', 'MB', 'round', 's', 'others (cores)', 'bench (cores)', 'idle (cores)', 'available (cores)', 'load avg start → end'], worst.map((x) => [x.phase, x.runtime, x.memoryMb, x.round + 1, x.seconds, x.otherCores, x.ownCores, x.idleCores, x.availableCores, `${x.loadAvg1Start} → ${x.loadAvg1End}`]))}`;
}
