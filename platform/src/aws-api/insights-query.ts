/**
 * The part of the CloudWatch Logs Insights query language that the local Logs endpoint
 * answers: `filter` on equality and `in` lists joined by `and`, `fields`, `sort` and `limit`,
 * over the fields Insights discovers in Lambda's REPORT lines. Anything else is refused
 * with MalformedQueryException rather than answered wrongly.
 */

/** One log event as Insights sees it: discovered fields by name (`@message`, `@requestId`, ...). */
export type LogEvent = Record<string, string | number | undefined>;

type Condition = { field: string; op: '='; value: string | number } | { field: string; op: 'in'; values: (string | number)[] };

export interface InsightsQuery {
  filters: Condition[][];
  fields: string[] | null;
  sort: { field: string; descending: boolean } | null;
  limit: number;
}

export class MalformedQuery extends Error {}

/** Insights' default and maximum number of result rows. */
export const MAX_ROWS = 10_000;

const FIELD = /^@?[A-Za-z_][A-Za-z0-9_.]*$/;

/** Splits on `|` and `,` outside quotes and brackets. */
function split(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') current += c + (text[++i] ?? '');
      else {
        if (c === quote) quote = null;
        current += c;
      }
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    if (c === separator && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  if (quote) throw new MalformedQuery('unterminated string');
  parts.push(current.trim());
  return parts;
}

function literal(text: string): string | number {
  const t = text.trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(t) ?? /^'((?:[^'\\]|\\.)*)'$/.exec(t);
  if (quoted) return quoted[1]!.replace(/\\(.)/g, '$1');
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  throw new MalformedQuery(`not a string or number: ${t}`);
}

function condition(text: string): Condition {
  const eq = /^(\S+)\s*=\s*(.+)$/s.exec(text);
  const inList = /^(\S+)\s+in\s+\[(.*)\]$/s.exec(text);
  const field = (inList ?? eq)?.[1];
  if (!field || !FIELD.test(field)) throw new MalformedQuery(`unsupported condition: ${text}`);
  if (inList) return { field, op: 'in', values: inList[2]!.trim() === '' ? [] : split(inList[2]!, ',').map(literal) };
  return { field, op: '=', value: literal(eq![2]!) };
}

export function parseQuery(queryString: string): InsightsQuery {
  const q: InsightsQuery = { filters: [], fields: null, sort: null, limit: MAX_ROWS };
  for (const stage of split(queryString, '|')) {
    const command = stage.split(/\s+/)[0] ?? '';
    const body = stage.slice(command.length).trim();
    if (command === 'filter') q.filters.push(body.split(/\s+and\s+/i).map((c) => condition(c.trim())));
    else if (command === 'fields') {
      const fields = split(body, ',');
      if (!fields.every((f) => FIELD.test(f))) throw new MalformedQuery(`fields takes plain field names here: ${body}`);
      q.fields = [...(q.fields ?? []), ...fields];
    } else if (command === 'sort') {
      const m = /^(?:by\s+)?(\S+)(?:\s+(asc|desc))?$/i.exec(body);
      if (!m || !FIELD.test(m[1]!)) throw new MalformedQuery(`unsupported sort: ${body}`);
      q.sort = { field: m[1]!, descending: (m[2] ?? 'desc').toLowerCase() === 'desc' };
    } else if (command === 'limit') {
      const n = Number(body);
      if (!Number.isInteger(n) || n < 1 || n > MAX_ROWS) throw new MalformedQuery(`limit must be 1..${MAX_ROWS}`);
      q.limit = n;
    } else throw new MalformedQuery(`the local Logs endpoint does not support \`${command}\` (supported: filter, fields, sort, limit)`);
  }
  return q;
}

function matches(event: LogEvent, c: Condition): boolean {
  const v = event[c.field];
  if (v === undefined) return false;
  if (c.op === '=') return String(v) === String(c.value);
  return c.values.some((x) => String(x) === String(v));
}

/** `2026-01-31 12:00:00.000`, as Insights prints @timestamp. */
export function insightsTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Runs the query over events (each with a numeric `@timestamp` in epoch ms), returning rows of
 * {field, value} as GetQueryResults does, @ptr included, newest first unless sorted otherwise.
 */
export function runQuery(q: InsightsQuery, events: readonly LogEvent[]): { rows: { field: string; value: string }[][]; matched: number } {
  const hits = events.filter((e) => q.filters.every((all) => all.every((c) => matches(e, c))));
  const key = q.sort?.field ?? '@timestamp';
  const descending = q.sort ? q.sort.descending : true;
  hits.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
    return descending ? -cmp : cmp;
  });
  const fields = q.fields ?? ['@timestamp', '@message'];
  const rows = hits.slice(0, q.limit).map((e, i) => [
    ...fields.flatMap((f) => {
      const v = e[f];
      if (v === undefined) return [];
      return [{ field: f, value: f === '@timestamp' && typeof v === 'number' ? insightsTimestamp(v) : String(v) }];
    }),
    { field: '@ptr', value: `local-${i}` },
  ]);
  return { rows, matched: hits.length };
}
