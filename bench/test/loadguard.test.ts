import * as fs from 'node:fs';
import { cpuShare, LoadGuard, loadVerdict, readCounters, treeTicks, type LoadRecord, type LoadSnapshot } from '../src/loadguard';

const hasProc = fs.existsSync('/proc/stat');

test('CPU over an interval splits into the bench’s own, others’ and idle, in cores', () => {
  // 200 ticks on 2 cores: 100 idle, 60 own, 40 others.
  const share = cpuShare({ total: 1000, idle: 500, own: 100 }, { total: 1200, idle: 600, own: 160 }, 1, 2);
  expect(share).toEqual({ seconds: 1, ownCores: 0.6, otherCores: 0.4, idleCores: 1, availableCores: 1.6, otherShare: 0.2 });
});

const snapshot = (otherShare: number): LoadSnapshot => ({ at: '2026-01-01T00:00:00.000Z', loadAvg: [1, 1, 1], cores: 2, seconds: 1.5, ownCores: 0, otherCores: otherShare * 2, idleCores: 2 - otherShare * 2, availableCores: 2 - otherShare * 2, otherShare });
const record = (otherShare: number, seconds = 10): LoadRecord => ({ phase: 'warm', runtime: 'go', memoryMb: 512, round: 0, loadAvg1Start: 1, loadAvg1End: 1, seconds, ownCores: 1, otherCores: otherShare * 2, idleCores: 0, availableCores: 2 - otherShare * 2, otherShare, noisy: otherShare > 0.2 });

test('noisy when others used more than 10 % before the run or on average over the phases', () => {
  expect(loadVerdict(snapshot(0.02), [record(0.01), record(0.05)]).noisy).toBe(false);
  expect(loadVerdict(snapshot(0.3), [record(0.01)]).reasons[0]).toMatch(/before the run other processes used 30 %/);
  const during = loadVerdict(snapshot(0.02), [record(0.5, 10), record(0.0, 10)]);
  expect(during).toMatchObject({ noisy: true, meanOtherShare: 0.25, maxOtherShare: 0.5, noisyPhases: 1, phases: 2 });
  expect(loadVerdict(undefined, []).noisy).toBe(true);
});

(hasProc ? describe : describe.skip)('reading /proc (Linux)', () => {
  test('counters rise, the process tree includes this process, and a phase is recorded', async () => {
    // Prepare
    const before = readCounters()!;
    const guard = new LoadGuard();
    // Act
    await guard.phase({ phase: 'busy loop', runtime: 'none', memoryMb: 0, round: 0 }, async () => {
      const end = Date.now() + 300;
      while (Date.now() < end);
    });
    const after = readCounters()!;
    // Assess
    expect(after.total).toBeGreaterThan(before.total);
    expect(after.own).toBeGreaterThan(before.own);
    expect(treeTicks()).toBeGreaterThan(0);
    expect(guard.records).toHaveLength(1);
    expect(guard.records[0]!.ownCores).toBeGreaterThan(0.3);
  });
});
if (!hasProc) test.skip('reading /proc: skipped, /proc/stat is missing (not Linux)', () => undefined);
