/**
 * The `--actual` window: days in UTC (Cost Explorer's days are UTC), `--since` and `--until`
 * both included. Refused, with what to do instead: a malformed date, an empty or reversed
 * window, a day in the future, a day older than Cost Explorer keeps at daily granularity (the
 * current month and the 13 months before it — "Cost Explorer provides AWS cost and usage data
 * for the current month and up to the previous 13 months at daily and monthly granularity",
 * https://docs.aws.amazon.com/cost-management/latest/userguide/ce-advanced-cost-analysis.html).
 */

/** A mistake on the command line: exit code 2. */
export class UsageError extends Error {}

export interface CostWindow {
  /** First day, YYYY-MM-DD. */
  since: string;
  /** Last day, YYYY-MM-DD (included). */
  until: string;
  /** The day after `until`: Cost Explorer's TimePeriod.End is exclusive. */
  endExclusive: string;
}

const DAY_MS = 86_400_000;
export const MONTHS_KEPT = 13;

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));

/** Today in UTC. */
export const today = (now: Date): string => isoDay(now);

/** The first day Cost Explorer still has at daily granularity: the 1st of the month 13 months back. */
export function earliestDay(now: Date): string {
  return isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - MONTHS_KEPT, 1)));
}

function parseDay(value: string | undefined, flag: string): string {
  if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError(`${flag} needs a date: ${flag} YYYY-MM-DD (a day in UTC)`);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  // Date.UTC rolls 2026-02-30 over to March: a date is valid only if it survives the round trip.
  if (!match || isoDay(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))) !== value) {
    throw new UsageError(`${flag} "${value}" is not a date: use YYYY-MM-DD (a day in UTC), e.g. 2026-11-02`);
  }
  return value;
}

export function costWindow(sinceArg: string | undefined, untilArg: string | undefined, now: Date): CostWindow {
  const since = parseDay(sinceArg, '--since');
  const until = untilArg === undefined ? today(now) : parseDay(untilArg, '--until');
  const todayUtc = today(now);
  if (since > todayUtc) throw new UsageError(`--since ${since} is in the future (today is ${todayUtc} UTC): Cost Explorer has costs only for days that have begun`);
  if (until > todayUtc) throw new UsageError(`--until ${until} is in the future (today is ${todayUtc} UTC): give ${todayUtc} or an earlier day, or leave --until out`);
  if (since > until) throw new UsageError(`--since ${since} is after --until ${until}: the window would be empty`);
  const earliest = earliestDay(now);
  if (since < earliest) {
    throw new UsageError(
      `--since ${since} is older than Cost Explorer keeps at daily granularity (the current month and the ${MONTHS_KEPT} before it: from ${earliest}); use --since ${earliest} or later`,
    );
  }
  return { since, until, endExclusive: addDays(until, 1) };
}

/** Every day of the window, in order. */
export function daysOf(window: CostWindow): string[] {
  const days: string[] = [];
  for (let d = window.since; d < window.endExclusive; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * Days whose costs may still be missing or partial: today and yesterday (UTC). Billing data
 * reaches Cost Explorer with a delay ("AWS account information updates up to three times a
 * day", https://docs.aws.amazon.com/cost-management/latest/userguide/ce-api-best-practices.html),
 * so a day is complete only once a full day has passed since it ended.
 */
export function mayLag(day: string, now: Date): boolean {
  return day >= addDays(today(now), -1);
}
