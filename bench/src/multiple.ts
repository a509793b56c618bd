/**
 * Multiple-comparison control. A run makes dozens of tests; at α = 0.05 each, a few would be
 * "significant" by chance. Holm's step-down procedure bounds the family-wise error rate (the
 * chance of any false call in the family); Benjamini–Hochberg bounds the false-discovery rate
 * (the expected share of false calls among the calls), with more power when many effects are real.
 * Both return adjusted p-values: a call is made where the adjusted p is below α.
 */

/** Holm–Bonferroni adjusted p-values (FWER). */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}

/** Benjamini–Hochberg adjusted p-values (FDR; valid under independence and positive dependence). */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const [p, i] = order[k]!;
    running = Math.min(running, Math.min(1, (m * p) / (k + 1)));
    out[i] = running;
  }
  return out;
}

export type Correction = 'holm' | 'benjamini-hochberg';

export function adjust(pValues: readonly number[], correction: Correction): number[] {
  return correction === 'holm' ? holmAdjust(pValues) : benjaminiHochbergAdjust(pValues);
}
