/**
 * Latency recording with HDR histograms (microsecond resolution, 3 significant digits).
 * Open model, coordinated omission accounted for: every request has an intended start
 * (its slot in the arrival schedule); the corrected latency runs from that slot, so a
 * stalled generator or a queue in front of the server shows up in the percentiles
 * instead of silently thinning the samples (Gil Tene's "How NOT to measure latency").
 * The uncorrected (from the actual send) figure is kept beside it to show the gap.
 */
import * as hdr from 'hdr-histogram-js';

const HIGHEST_US = 120_000_000;

function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3, bitBucketSize: 'packed', useWebAssembly: false });
}

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Percentiles in milliseconds. */
export function percentilesMs(h: hdr.Histogram): Percentiles {
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    count: h.totalCount,
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
  };
}

/** Percentiles at which the report draws a latency distribution (log axis of 1 / (1 − q)). */
export const CURVE_PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100];

/** [percentile, ms] points of the distribution: the HDR percentile curve. */
export function curveMs(h: hdr.Histogram, at: readonly number[] = CURVE_PERCENTILES): [number, number][] {
  if (h.totalCount === 0) return [];
  return at.map((p) => [p, Math.round(p === 100 ? h.maxValue : h.getValueAtPercentile(p)) / 1000]);
}

const toUs = (ms: number) => Math.min(HIGHEST_US, Math.max(1, Math.round(ms * 1000)));

export class LatencyRecorder {
  readonly corrected = newHistogram();
  readonly uncorrected = newHistogram();
  /** Raw corrected latencies (ms), kept for the results folder and for the bootstrap. */
  readonly samples: number[] = [];
  /** Raw uncorrected latencies (ms), in the same order. */
  readonly uncorrectedSamples: number[] = [];

  /** Times in ms on one monotonic clock: intended slot, actual send, response complete. */
  record(intendedAt: number, sentAt: number, doneAt: number): void {
    const corrected = doneAt - intendedAt;
    this.corrected.recordValue(toUs(corrected));
    this.uncorrected.recordValue(toUs(doneAt - sentAt));
    this.samples.push(Math.round(corrected * 1000) / 1000);
    this.uncorrectedSamples.push(Math.round((doneAt - sentAt) * 1000) / 1000);
  }

  /** Merges another recorder (e.g. the rounds of one runtime) into this one. */
  add(other: LatencyRecorder): void {
    this.corrected.add(other.corrected);
    this.uncorrected.add(other.uncorrected);
    for (const s of other.samples) this.samples.push(s);
    for (const s of other.uncorrectedSamples) this.uncorrectedSamples.push(s);
  }

  /** The histogram as HdrHistogram's compressed base64 log format, for the raw folder. */
  encoded(): string {
    return hdr.encodeIntoCompressedBase64(this.corrected);
  }
}

