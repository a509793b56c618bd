/**
 * The arrival rate of a memory size. On Lambda an instance serves one request at a time and a
 * request that finds every instance busy starts another (a cold start), so the rate a size "can
 * hold" is one at which requests do not pile up into scale-out. The probe (round 1): one warm
 * instance answers the mix back to back for a second; requests arriving every 1000 / p99 ms would
 * each find it idle 99 % of the time. The size's rate is a fraction (½) of the lowest such rate
 * over the runtimes, so every runtime at a size sees the same workload — the same mix at the same
 * rate — and even the slowest keeps one instance about half busy. It is capped (40 req/s, the
 * default profile's highest rate: the load generator, the gateway and DynamoDB share the cores).
 */
import type { SweepSettings } from './options';

/** One warm instance answering the mix back to back (measure.ts), every round; round 1's set the rate. */
export interface SweepProbe {
  runtime: string;
  memoryMb: number;
  /** 0-based; older sweeps probed in round 1 only and recorded no round. */
  round?: number;
  requests: number;
  errors: number;
  /** Answered requests per second. */
  serialRps: number;
  /** p99 of the answered requests' latency (ms); null when none answered. */
  serialP99Ms: number | null;
}

/** A probe counts when at least 90 % of its requests answered: otherwise the runtime does not work at this size. */
export const MIN_PROBE_ANSWERED = 0.9;
/** No size is measured below this rate (req/s), however slow its slowest runtime. */
export const MIN_RATE_RPS = 1;

/** The rate one warm instance holds: 1000 / p99 of its back-to-back latency; null when the probe failed. */
export function holdableRps(p: SweepProbe): number | null {
  const answered = p.requests > 0 ? (p.requests - p.errors) / p.requests : 0;
  if (answered < MIN_PROBE_ANSWERED || p.serialP99Ms === null || !(p.serialP99Ms > 0)) return null;
  return 1000 / p.serialP99Ms;
}

export interface SizeRate {
  memoryMb: number;
  rateRps: number;
  /** Which runtime's probe set the rate, or the cap / the floor. */
  limitedBy: string;
  /** Runtimes whose probe failed at this size (they are measured at the rate anyway, and fail it). */
  failedProbes: string[];
  /** Measured window per round (s). */
  windowS: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The measured window: long enough for minRequests at the rate, within [minWindowS, maxWindowS]. */
export function windowSeconds(rateRps: number, s: Pick<SweepSettings, 'minRequests' | 'minWindowS' | 'maxWindowS'>): number {
  return round1(Math.min(s.maxWindowS, Math.max(s.minWindowS, s.minRequests / rateRps)));
}

export function sizeRate(memoryMb: number, probes: readonly SweepProbe[], s: Pick<SweepSettings, 'rateFraction' | 'rateCapRps' | 'minRequests' | 'minWindowS' | 'maxWindowS'>): SizeRate {
  const mine = probes.filter((p) => p.memoryMb === memoryMb && (p.round ?? 0) === 0);
  const holdable = mine.map((p) => ({ runtime: p.runtime, rps: holdableRps(p) }));
  const ok = holdable.filter((h): h is { runtime: string; rps: number } => h.rps !== null).sort((a, b) => a.rps - b.rps || a.runtime.localeCompare(b.runtime));
  const failedProbes = holdable.filter((h) => h.rps === null).map((h) => h.runtime);
  let rateRps: number;
  let limitedBy: string;
  if (!ok.length) [rateRps, limitedBy] = [MIN_RATE_RPS, 'floor (no probe answered)'];
  else {
    const wanted = round1(s.rateFraction * ok[0]!.rps);
    if (wanted > s.rateCapRps) [rateRps, limitedBy] = [s.rateCapRps, 'cap'];
    else if (wanted < MIN_RATE_RPS) [rateRps, limitedBy] = [MIN_RATE_RPS, `floor (${ok[0]!.runtime} holds ${round1(ok[0]!.rps)} req/s)`];
    else [rateRps, limitedBy] = [wanted, ok[0]!.runtime];
  }
  return { memoryMb, rateRps, limitedBy, failedProbes, windowS: windowSeconds(rateRps, s) };
}
