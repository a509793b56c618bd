/** The soak's memory checks, on made-up samples (no processes). */
import { baselineAtMs, growth, windowMs, type Sample } from '../src/memory';

const MB = 1024 * 1024;
const series = (ms: number[], mb: number[]): Sample[] => ms.map((atMs, i) => ({ atMs, bytes: mb[i]! * MB }));

describe('the growth window', () => {
  it('starts at minute 2, or halfway through a run shorter than 4 minutes', () => {
    expect(baselineAtMs(10 * 60_000)).toBe(120_000);
    expect(baselineAtMs(60_000)).toBe(30_000);
  });

  it('compares peaks, so a saw-tooth of garbage collection is no growth, and a steady climb is', () => {
    // Prepare: 10 s samples from minute 2 to minute 10
    const at = Array.from({ length: 49 }, (_, i) => 120_000 + i * 10_000);
    const sawTooth = series(at, at.map((_, i) => (i % 3 === 2 ? 100 : 80)));
    const leak = series(at, at.map((_, i) => 80 + i * 0.5));
    // Act
    const flat = growth(sawTooth, 120_000, 60_000);
    const climbing = growth(leak, 120_000, 60_000);
    // Assess
    expect(flat?.ratio).toBe(0);
    expect(climbing!.ratio).toBeGreaterThan(0.1);
    expect([climbing!.baseline.atMs, climbing!.end.atMs]).toEqual([170_000, 600_000]);
  });

  it('has nothing to say about an instance that did not live through both windows', () => {
    expect(growth(series([0, 10_000, 20_000], [50, 60, 70]), 120_000, 60_000)).toBeUndefined();
    expect(growth([], 0, 10_000)).toBeUndefined();
  });

  it('is a third of what follows the baseline, at most a minute, and two samples at least', () => {
    expect(windowMs(10 * 60_000, 10_000)).toBe(60_000);
    expect(windowMs(60_000, 5_000)).toBe(10_000);
    expect(windowMs(60_000, 10_000)).toBe(20_000);
  });
});
