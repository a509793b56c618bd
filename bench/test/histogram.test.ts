import * as hdr from 'hdr-histogram-js';
import { LatencyRecorder, percentilesMs } from '../src/histogram';

describe('HDR latency recording', () => {
  test('percentiles of a known uniform 1..1000 ms distribution', () => {
    // Prepare
    const recorder = new LatencyRecorder();
    // Act
    for (let ms = 1; ms <= 1000; ms++) recorder.record(0, 0, ms);
    const p = percentilesMs(recorder.corrected);
    // Assess: three significant digits.
    expect(p.count).toBe(1000);
    expect(p.p50).toBeCloseTo(500, -0.5);
    expect(p.p99).toBeCloseTo(990, -1);
    expect(p.max).toBeCloseTo(1000, -1);
    expect(recorder.samples).toHaveLength(1000);
  });

  test('a stall is visible in the corrected figures and hidden in the uncorrected ones', () => {
    // Prepare: 100 req/s for 10 s, each answered in 1 ms, but the generator stalls for 1 s
    // at t = 5 s and sends the 100 overdue requests late (what a closed loop would do).
    const recorder = new LatencyRecorder();
    const interval = 10;
    // Act
    for (let i = 0; i < 1000; i++) {
      const intended = i * interval;
      const sent = intended >= 5000 && intended < 6000 ? 6000 : intended;
      recorder.record(intended, sent, sent + 1);
    }
    const corrected = percentilesMs(recorder.corrected);
    const uncorrected = percentilesMs(recorder.uncorrected);
    // Assess: 10 % of requests waited up to a second.
    expect(uncorrected.p99).toBeCloseTo(1, 1);
    expect(corrected.p90).toBeLessThan(2);
    expect(corrected.p95).toBeGreaterThan(400);
    expect(corrected.p99).toBeGreaterThan(900);
  });

  test('recorders merge and encode in the HdrHistogram log format', () => {
    // Prepare
    const a = new LatencyRecorder();
    const b = new LatencyRecorder();
    a.record(0, 0, 5);
    b.record(0, 0, 7);
    // Act
    a.add(b);
    const decoded = hdr.decodeFromCompressedBase64(a.encoded());
    // Assess
    expect(a.corrected.totalCount).toBe(2);
    expect(decoded.totalCount).toBe(2);
    expect(a.samples).toEqual([5, 7]);
  });
});
