/** Per-runtime figures from an Artillery JSON report (the processor's `crud.<runtime>.*` metrics). */

export interface ArtilleryReport {
  aggregate: {
    counters?: Record<string, number>;
    summaries?: Record<string, { count?: number; min?: number; max?: number; mean?: number; p50?: number; p95?: number; p99?: number }>;
  };
}

const ms = (x: number | undefined) => (x === undefined ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** runtime, requests, p50/p95/p99/max time to first byte, answers by status, answers without a Lambda-Request-Id. */
export function perRuntimeTable(report: ArtilleryReport, runtimes: readonly string[]): string {
  const counters = report.aggregate.counters ?? {};
  const rows = runtimes.map((rt) => {
    const s = report.aggregate.summaries?.[`crud.${rt}.response_time`] ?? {};
    const codes = Object.entries(counters)
      .filter(([k]) => k.startsWith(`crud.${rt}.codes.`))
      .map(([k, n]) => `${k.slice(`crud.${rt}.codes.`.length)}×${n}`)
      .join(' ');
    return [rt, String(s.count ?? 0), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), codes || '-', String(counters[`crud.${rt}.without_lambda_request_id`] ?? 0)];
  });
  const head = ['runtime', 'requests', 'p50', 'p95', 'p99', 'max', 'status codes', 'no request id'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
