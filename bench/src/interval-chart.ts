/**
 * One hand-drawn SVG chart for points with 95 % intervals (no library, no script): lines over a
 * numeric or logarithmic x (cost and p99 against memory size; a metric across runs), or a scatter
 * with a frontier drawn through it (cost against p99). Whiskers show intervals; hollow points and
 * marks carry what the caller says (a noisy run, a significant step, a frontier point).
 */
import { color, esc, fmt, legendOf, niceMax } from './svg';

export interface ChartPoint {
  x: number;
  y: number;
  ci?: [number, number] | null;
  /** Drawn hollow (e.g. a run the load guard marked noisy, an unranked runtime). */
  hollow?: boolean;
  /** A ring around the point (e.g. on the Pareto frontier). */
  ring?: boolean;
  /** Text drawn above the point (e.g. "▲" for a significant step up), in a colour. */
  mark?: { text: string; color: string };
  /** Small label beside the point (e.g. its memory size). */
  label?: string;
  /** Tooltip. */
  title?: string;
}

export interface ChartSeries {
  name: string;
  /** Palette index (svg.ts): one colour per runtime across the report. */
  color: number;
  points: ChartPoint[];
  /** Join the points with a line (default true). */
  line?: boolean;
  dashed?: boolean;
}

export interface ChartAxis {
  unit: string;
  log?: boolean;
  /** Where the ticks go and what they say (numeric x: the memory sizes; runs: commits). Lines of a label are stacked. */
  ticks?: { value: number; label: string[] }[];
  /** Fit a linear axis to the data instead of starting at zero. */
  fit?: boolean;
}

export interface ChartSpec {
  title: string;
  x: ChartAxis;
  y: ChartAxis;
  series: ChartSeries[];
  /** Horizontal reference lines (an SLO). */
  hLines?: { y: number; label: string }[];
  /** A polyline in data coordinates (the Pareto frontier). */
  path?: { points: [number, number][]; label: string };
  width?: number;
  height?: number;
}

function scale(values: number[], axis: ChartAxis, from: number, to: number): { at: (v: number) => number; ticks: { value: number; label: string[] }[] } {
  const xs = values.filter((v) => Number.isFinite(v) && (!axis.log || v > 0));
  if (axis.log) {
    const lo = Math.log10(Math.min(...xs));
    const hi = Math.log10(Math.max(...xs));
    const [a, b] = axis.ticks ? [lo, hi] : [Math.floor(lo), Math.max(Math.floor(lo) + 1, Math.ceil(hi))];
    const span = Math.max(1e-9, b - a);
    const pad = axis.ticks ? span * 0.06 : 0;
    const at = (v: number) => from + ((Math.log10(Math.max(v, 10 ** (a - pad))) - (a - pad)) / (span + 2 * pad)) * (to - from);
    // Decades as plain numbers (0.001, 0.01, …, 1000): fmt() would round small ones to 0.00.
    const ticks = axis.ticks ?? Array.from({ length: b - a + 1 }, (_, k) => ({ value: 10 ** (a + k), label: [String(+(10 ** (a + k)).toPrecision(1))] }));
    return { at, ticks };
  }
  const hiRaw = Math.max(...xs, 0);
  const loRaw = axis.fit ? Math.min(...xs) : 0;
  if (axis.ticks) {
    const lo = Math.min(...axis.ticks.map((t) => t.value), ...xs);
    const hi = Math.max(...axis.ticks.map((t) => t.value), ...xs);
    const pad = hi === lo ? 1 : (hi - lo) * 0.06;
    return { at: (v) => from + ((v - (lo - pad)) / (hi - lo + 2 * pad)) * (to - from), ticks: axis.ticks };
  }
  const span = niceMax(hiRaw - (axis.fit ? loRaw : 0) || 1);
  const lo = axis.fit ? Math.floor(loRaw / (span / 4)) * (span / 4) : 0;
  const hi = axis.fit ? Math.max(lo + span, Math.ceil(hiRaw / (span / 4)) * (span / 4)) : niceMax(hiRaw);
  const at = (v: number) => from + ((v - lo) / Math.max(1e-12, hi - lo)) * (to - from);
  return { at, ticks: Array.from({ length: 5 }, (_, k) => lo + ((hi - lo) * k) / 4).map((value) => ({ value, label: [fmt(value)] })) };
}

export function intervalChart(spec: ChartSpec): string {
  const width = spec.width ?? 640;
  const tickLines = Math.max(1, ...(spec.x.ticks ?? []).map((t) => t.label.length));
  const height = spec.height ?? 280 + 12 * (tickLines - 1);
  const left = 62;
  const right = 18;
  const top = 30;
  const bottom = 50 + 12 * (tickLines - 1);
  const all = spec.series.flatMap((s) => s.points);
  const ys = [...all.flatMap((p) => [p.y, ...(p.ci ? p.ci : [])]), ...(spec.hLines ?? []).map((h) => h.y), ...(spec.path?.points.map((p) => p[1]) ?? [])];
  const xs = [...all.map((p) => p.x), ...(spec.path?.points.map((p) => p[0]) ?? [])];
  const sx = scale(xs, spec.x, left, width - right);
  const sy = scale(ys.filter((v) => !spec.y.log || v > 0), spec.y, height - bottom, top);
  const parts: string[] = [];
  for (const t of sy.ticks) parts.push(`<line x1="${left}" x2="${width - right}" y1="${sy.at(t.value).toFixed(1)}" y2="${sy.at(t.value).toFixed(1)}" stroke="#e2e8f0"/><text x="${left - 4}" y="${(sy.at(t.value) + 4).toFixed(1)}" font-size="10" text-anchor="end">${esc(t.label.join(' '))}</text>`);
  for (const t of sx.ticks) {
    const x = sx.at(t.value).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${top}" y2="${height - bottom}" stroke="#f1f5f9"/>${t.label.map((l, k) => `<text x="${x}" y="${height - bottom + 14 + 12 * k}" font-size="10" text-anchor="middle">${esc(l)}</text>`).join('')}`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 18}" font-size="10" text-anchor="middle" fill="#4a5568">${esc(spec.x.unit)}</text>`);
  for (const h of spec.hLines ?? []) parts.push(`<line x1="${left}" x2="${width - right}" y1="${sy.at(h.y).toFixed(1)}" y2="${sy.at(h.y).toFixed(1)}" stroke="#c53030" stroke-dasharray="6 4"/><text x="${width - right - 2}" y="${(sy.at(h.y) - 4).toFixed(1)}" font-size="10" text-anchor="end" fill="#c53030">${esc(h.label)}</text>`);
  if (spec.path && spec.path.points.length) {
    parts.push(`<polyline fill="none" stroke="#1a202c" stroke-width="1.5" stroke-dasharray="3 3" points="${spec.path.points.map(([x, y]) => `${sx.at(x).toFixed(1)},${sy.at(y).toFixed(1)}`).join(' ')}"><title>${esc(spec.path.label)}</title></polyline>`);
  }
  const n = spec.series.length;
  spec.series.forEach((s, i) => {
    // Series side by side by a few pixels, so that whiskers at the same x do not hide each other.
    const dodge = s.line === false ? 0 : (i - (n - 1) / 2) * 3;
    const c = color(s.color);
    const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!spec.y.log || p.y > 0)).sort((a, b) => a.x - b.x);
    const at = (p: ChartPoint) => [sx.at(p.x) + dodge, sy.at(p.y)] as const;
    if (s.line !== false && pts.length > 1) parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''} points="${pts.map((p) => at(p).map((v) => v.toFixed(1)).join(',')).join(' ')}"/>`);
    for (const p of pts) {
      const [x, y] = at(p);
      if (p.ci && Number.isFinite(p.ci[0]) && Number.isFinite(p.ci[1])) {
        const [lo, hi] = [sy.at(spec.y.log ? Math.max(p.ci[0], 1e-9) : p.ci[0]), sy.at(p.ci[1])];
        parts.push(`<path d="M${x.toFixed(1)} ${lo.toFixed(1)}V${hi.toFixed(1)}M${(x - 3).toFixed(1)} ${lo.toFixed(1)}h6M${(x - 3).toFixed(1)} ${hi.toFixed(1)}h6" stroke="${c}" stroke-width="1.2"/>`);
      }
      if (p.ring) parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="7" fill="none" stroke="#1a202c" stroke-width="1.5"/>`);
      parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="${p.hollow ? '#fff' : c}" stroke="${c}" stroke-width="1.5"><title>${esc(p.title ?? `${s.name}: ${fmt(p.y)} ${spec.y.unit}`)}</title></circle>`);
      if (p.label) parts.push(`<text x="${(x + 6).toFixed(1)}" y="${(y + 12).toFixed(1)}" font-size="9" fill="#4a5568">${esc(p.label)}</text>`);
      if (p.mark) parts.push(`<text x="${x.toFixed(1)}" y="${(Math.min(y, p.ci ? sy.at(p.ci[1]) : y) - 6).toFixed(1)}" font-size="12" font-weight="700" text-anchor="middle" fill="${p.mark.color}">${esc(p.mark.text)}</text>`);
    }
  });
  const legend = legendOf(spec.series.map((s) => ({ name: s.name, color: s.color })), left, height - 12);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif"><title>${esc(spec.title)}</title><text x="${left}" y="17" font-size="13" font-weight="600">${esc(spec.title)} (${esc(spec.y.unit)}${spec.y.log ? ', log axis' : ''})</text>${parts.join('')}${legend}</svg>`;
}
