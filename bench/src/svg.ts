/** Minimal SVG charts drawn by hand, so the report needs no library and no network. */

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const PALETTE = ['#2b6cb0', '#c05621', '#2f855a', '#6b46c1', '#b83280', '#718096', '#d69e2e'];
export const color = (i: number): string => PALETTE[i % PALETTE.length]!;

export interface Bar {
  value: number;
  ci?: [number, number];
  label?: string;
}

export interface BarGroup {
  name: string;
  bars: Bar[];
}

function niceMax(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** Legend entries side by side, each as wide as its label (≈ 6.5 px per character at 11 px). */
function legendOf(entries: { name: string; color: number }[], x: number, y: number): string {
  let at = x;
  return entries
    .map((e) => {
      const part = `<rect x="${at}" y="${y}" width="10" height="10" fill="${color(e.color)}"/><text x="${at + 14}" y="${y + 9}" font-size="11">${esc(e.name)}</text>`;
      at += Math.max(60, 14 + e.name.length * 6.5 + 16);
      return part;
    })
    .join('');
}

const legend = (series: string[], x: number, y: number): string => legendOf(series.map((name, i) => ({ name, color: i })), x, y);

/** Grouped bar chart with optional 95 % interval whiskers; one colour per series. */
export function barChart(title: string, unit: string, groups: BarGroup[], series: string[], width = 640, height = 260): string {
  const left = 56;
  const top = 28;
  const bottom = 46;
  const plotH = height - top - bottom;
  const plotW = width - left - 10;
  const all = groups.flatMap((g) => g.bars.flatMap((b) => [b.value, b.ci?.[1] ?? b.value])).filter(Number.isFinite);
  const max = niceMax(Math.max(0, ...all));
  const y = (v: number) => top + plotH - (Math.max(0, v) / max) * plotH;
  const groupW = plotW / Math.max(1, groups.length);
  const barW = Math.min(40, (groupW * 0.8) / Math.max(1, series.length));
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#e2e8f0"/><text x="${left - 4}" y="${y(v) + 4}" font-size="10" text-anchor="end">${fmt(v)}</text>`);
  }
  groups.forEach((g, gi) => {
    const gx = left + gi * groupW + (groupW - barW * g.bars.length) / 2;
    g.bars.forEach((b, bi) => {
      if (!Number.isFinite(b.value)) return;
      const x = gx + bi * barW;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(b.value).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(top + plotH - y(b.value)).toFixed(1)}" fill="${color(bi)}"><title>${esc(`${g.name} ${series[bi] ?? ''}: ${fmt(b.value)} ${unit}${b.ci ? ` [${fmt(b.ci[0])}, ${fmt(b.ci[1])}]` : ''}`)}</title></rect>`);
      if (b.ci && Number.isFinite(b.ci[0]) && Number.isFinite(b.ci[1])) {
        const cx = x + (barW - 2) / 2;
        parts.push(`<path d="M${cx} ${y(b.ci[0])}V${y(b.ci[1])}M${cx - 4} ${y(b.ci[0])}h8M${cx - 4} ${y(b.ci[1])}h8" stroke="#1a202c" stroke-width="1.2"/>`);
      }
      parts.push(`<text x="${(x + (barW - 2) / 2).toFixed(1)}" y="${(y(b.value) - (b.ci ? 0 : 3) - 2).toFixed(1)}" font-size="9" text-anchor="middle" ${b.ci ? 'dx="12"' : ''}>${esc(b.label ?? fmt(b.value))}</text>`);
    });
    parts.push(`<text x="${(left + gi * groupW + groupW / 2).toFixed(1)}" y="${top + plotH + 14}" font-size="11" text-anchor="middle">${esc(g.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif"><title>${esc(title)}</title><text x="${left}" y="16" font-size="13" font-weight="600">${esc(title)} (${esc(unit)})</text>${parts.join('')}${series.length > 1 ? legend(series, left, height - 16) : ''}</svg>`;
}

export interface LineSeries {
  name: string;
  points: [number, number][];
  /** Palette index; default: the series' position. */
  color?: number;
}

const lineLegend = (series: LineSeries[], x: number, y: number): string => legendOf(series.map((s, i) => ({ name: s.name, color: s.color ?? i })), x, y);

/** Line chart over numeric x (e.g. cost against memory size). */
export function lineChart(title: string, xUnit: string, yUnit: string, series: LineSeries[], width = 640, height = 260): string {
  const left = 56;
  const top = 28;
  const bottom = 46;
  const plotH = height - top - bottom;
  const plotW = width - left - 20;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yMax = niceMax(Math.max(0, ...ys));
  const x = (v: number) => left + (xMax === xMin ? plotW / 2 : ((v - xMin) / (xMax - xMin)) * plotW);
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = (yMax * t) / 4;
    parts.push(`<line x1="${left}" x2="${width - 20}" y1="${y(v)}" y2="${y(v)}" stroke="#e2e8f0"/><text x="${left - 4}" y="${y(v) + 4}" font-size="10" text-anchor="end">${fmt(v)}</text>`);
  }
  for (const xv of [...new Set(xs)].sort((a, b) => a - b)) parts.push(`<text x="${x(xv)}" y="${top + plotH + 14}" font-size="10" text-anchor="middle">${xv}</text>`);
  series.forEach((s, i) => {
    const pts = s.points.filter((p) => Number.isFinite(p[1])).sort((a, b) => a[0] - b[0]);
    if (!pts.length) return;
    parts.push(`<polyline fill="none" stroke="${color(s.color ?? i)}" stroke-width="2" points="${pts.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) parts.push(`<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="3" fill="${color(s.color ?? i)}"><title>${esc(`${s.name}: ${fmt(p[1])} ${yUnit} at ${p[0]} ${xUnit}`)}</title></circle>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif"><title>${esc(title)}</title><text x="${left}" y="16" font-size="13" font-weight="600">${esc(title)} (${esc(yUnit)} by ${esc(xUnit)})</text>${parts.join('')}${lineLegend(series, left, height - 16)}</svg>`;
}

/**
 * Latency distribution as HdrHistogram plots it: x = percentile on a log axis of 1 / (1 − q)
 * (50 %, 90 %, 99 %, 99.9 % equally spaced), y = latency on a log axis. One line per series.
 */
export function percentileChart(title: string, yUnit: string, series: LineSeries[], width = 640, height = 280): string {
  const left = 56;
  const top = 28;
  const bottom = 46;
  const plotH = height - top - bottom;
  const plotW = width - left - 20;
  const maxP = 99.9;
  const xOf = (p: number) => Math.log10(1 / (1 - Math.min(p, maxP) / 100));
  const xMax = xOf(maxP);
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.floor(Math.log10(Math.min(...ys, 1)));
  const hi = Math.ceil(Math.log10(Math.max(...ys, 10)));
  const x = (p: number) => left + (xOf(p) / xMax) * plotW;
  const y = (v: number) => top + plotH - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / Math.max(1, hi - lo)) * plotH;
  const parts: string[] = [];
  for (let e = lo; e <= hi; e++) parts.push(`<line x1="${left}" x2="${width - 20}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#e2e8f0"/><text x="${left - 4}" y="${y(10 ** e) + 4}" font-size="10" text-anchor="end">${fmt(10 ** e)}</text>`);
  for (const p of [0, 50, 90, 99, 99.9]) parts.push(`<line x1="${x(p)}" x2="${x(p)}" y1="${top}" y2="${top + plotH}" stroke="#edf2f7"/><text x="${x(p)}" y="${top + plotH + 14}" font-size="10" text-anchor="middle">${p}%</text>`);
  series.forEach((s, i) => {
    // The maximum (100 %) has no place on a 1 / (1 − q) axis: the tables give it.
    const pts = s.points.filter((p) => p[0] <= maxP && p[1] > 0);
    if (!pts.length) return;
    parts.push(`<polyline fill="none" stroke="${color(s.color ?? i)}" stroke-width="2" points="${pts.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) parts.push(`<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="2.5" fill="${color(s.color ?? i)}"><title>${esc(`${s.name}: p${p[0]} = ${fmt(p[1])} ${yUnit}`)}</title></circle>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif"><title>${esc(title)}</title><text x="${left}" y="16" font-size="13" font-weight="600">${esc(title)} (${esc(yUnit)}, log axes)</text>${parts.join('')}${lineLegend(series, left, height - 16)}</svg>`;
}
