import * as path from 'node:path';
import { evaluate, median, type CalibrationSamples, type LambdaPerfData } from '../src/calibrate/evaluate';
import { renderFidelity } from '../src/calibrate/render';
import { loadLambdaPerf, parseCalibrateOptions } from '../src/calibrate/run';
import { pageCacheDropper, residentBytes } from '../src/calibrate/page-cache';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { discoverRuntimes } from '../../core/src/runtimes';
import { lambdaPerfKey } from '../src/lambda-perf';
import { FLOORS_DIR } from '../src/floors';

/** lambda-perf-like figures: node 140, python 85, java 180, go 50 ms at 512 MB. */
const lp: LambdaPerfData = {
  source: 'test',
  commit: '0000000000',
  generatedAt: '2026-08-22T00:00:00Z',
  method: 'test',
  runtimes: Object.fromEntries(
    Object.entries({ 'nodejs22.x': 140, 'python3.13': 85, java25: 180, 'provided.al2023:go': 50 }).map(([id, ms]) => [
      id,
      { label: id, byMemoryMb: { '512': { n: 10, initDurationMs: { median: ms, mean: ms }, firstInvocationMs: 2, maxMemoryUsedMb: 40 } } },
    ]),
  ),
};

/** Floors whose Init Duration is `at512` at every size except `at128` at 128 MB. */
function samples(inits: Record<string, [string, number, number]>, cpu: [number, number], freezeTicks: number, pauseMs: number): CalibrationSamples {
  const floors = Object.entries(inits).flatMap(([floor, [awsRuntime, at128, at512]]) =>
    [128, 512, 1024, 1769].map((memoryMb) => ({ floor, awsRuntime, memoryMb, initDurationMs: Array(10).fill(memoryMb === 128 ? at128 : at512) as number[], failures: [] })),
  );
  return {
    floors,
    cpu: [
      { memoryMb: 128, firstInvocationMs: [cpu[0]], failures: [] },
      { memoryMb: 1024, firstInvocationMs: [cpu[1]], failures: [] },
    ],
    freeze: { memoryMb: 512, idleMs: 2000, ticksWhileIdle: freezeTicks, frozenWhileIdle: freezeTicks === 0 },
    period: { memoryMb: 512, periodMs: 20, spinMs: 1000, maxPauseMs: pauseMs, pausesOver1Ms: 40, kernelMeanPauseMs: 14, throttledPeriods: 50 },
  };
}

describe('calibration: the five figures', () => {
  it('meets every figure when the platform behaves like lambda-perf', () => {
    // Prepare: ratios to python 140/85, 180/85, 50/85 as lambda-perf; flat; 8x; frozen; 14 ms pauses
    const s = samples({ node: ['nodejs22.x', 280, 280], python: ['python3.13', 170, 170], java: ['java25', 360, 360], go: ['provided.al2023', 100, 100] }, [800, 100], 0, 14.5);
    // Act
    const checks = evaluate(s, lp);
    // Assess
    expect(checks.map((c) => [c.figure, c.subject, c.met])).toEqual([
      ['flatness', 'node (nodejs22.x)', true],
      ['flatness', 'python (python3.13)', true],
      ['flatness', 'java (java25)', true],
      ['flatness', 'go (provided.al2023)', true],
      ['shape', 'nodejs22.x ÷ python3.13', true],
      ['shape', 'java25 ÷ python3.13', true],
      ['shape', 'provided.al2023:go ÷ python3.13', true],
      ['scaling', 'CPU-bound probe, first invocation', true],
      ['freeze', 'background timer of an idle instance', true],
      ['period', 'CPU-bound probe at 512 MB', true],
    ]);
  });

  it('names each figure that is missed, with the measured value', () => {
    // Prepare: python's init 3x slower at 128 MB; go relatively twice as slow as lambda-perf; 4x scaling; a running timer; 70 ms pauses
    const s = samples({ python: ['python3.13', 510, 170], go: ['provided.al2023', 200, 200] }, [400, 100], 200, 70);
    // Act
    const byFigure = Object.fromEntries(evaluate(s, lp).map((c) => [`${c.figure} ${c.subject}`, c]));
    // Assess
    expect(byFigure['flatness python (python3.13)']).toMatchObject({ met: false, measured: '3.00 (510.0 / 170.0 ms)' });
    expect(byFigure['flatness go (provided.al2023)']!.met).toBe(true);
    expect(byFigure['shape provided.al2023:go ÷ python3.13']).toMatchObject({ met: false, measured: '1.18 vs lambda-perf 0.59 (+100 %)' });
    expect(byFigure['scaling CPU-bound probe, first invocation']).toMatchObject({ met: false, measured: '4.00 (400 / 100 ms)' });
    expect(byFigure['freeze background timer of an idle instance']!.met).toBe(false);
    expect(byFigure['period CPU-bound probe at 512 MB']!.met).toBe(false);
  });

  it('reports a figure it could not measure as not measured, never as met', () => {
    // Prepare
    const s: CalibrationSamples = { ...samples({ python: ['python3.13', 170, 170] }, [800, 100], 0, 14), freeze: { skipped: 'no freezer' }, period: { skipped: 'no cgroups' } };
    // Act
    const checks = evaluate(s, lp);
    // Assess
    expect(checks.filter((c) => c.figure === 'freeze' || c.figure === 'period').map((c) => c.met)).toEqual([null, null]);
    expect(renderFidelity(checks, s, lp, { date: '2026-12-01', commit: 'abc', dirty: false, machine: 'm', model: 'x', notEnforced: ['freezing'], loadBefore: 'l', loadAfter: 'l', durationS: 1, samples: 10, sizes: [128, 512, 1024, 1769], cpuIterations: 3e7, versions: {} })).toContain('| freeze | background timer of an idle instance | ≤ 1 tick of a 10 ms timer while idle | not measured: no freezer | not measured |');
  });

  it('shows the cold-cache diagnostic beside the warm figures and lambda-perf\'s ratios, without a verdict', () => {
    // Prepare: python 170 ms warm, 340 emptied; go 10 warm, 85 emptied; go's task root 6.3 MB
    const base = samples({ python: ['python3.13', 170, 170], go: ['provided.al2023', 10, 10] }, [800, 100], 0, 14);
    const cold = (floor: string, awsRuntime: string, ms: number, taskRootBytes: number) => ({ floor, awsRuntime, memoryMb: 512, taskRootBytes, initDurationMs: [ms, ms + 2, ms - 2], readBytes: [ms * 1e5], taskRootReadBytes: [taskRootBytes / 2], failures: [] });
    const s: CalibrationSamples = {
      ...base,
      coldCache: { memoryMb: 512, floors: [cold('python', 'python3.13', 340, 400), cold('go', 'provided.al2023', 85, 6_300_000)], apps: [cold('kotlin', 'java25', 1200, 24_400_000)], sharesPlatformExecutable: ['python'] },
    };
    const meta = { date: '2026-12-01', commit: 'abc', dirty: false, machine: 'm', model: 'x', notEnforced: [], loadBefore: 'l', loadAfter: 'l', durationS: 1, samples: 3, sizes: [128, 512, 1024, 1769], cpuIterations: 3e7, versions: {} };
    // Act
    const checks = evaluate(s, lp);
    const md = renderFidelity(checks, s, lp, meta);
    const skipped = renderFidelity(checks, { ...base, coldCache: { skipped: 'not asked for' } }, lp, meta);
    // Assess: ratios to python warm (10/170), emptied (85/340) and lambda-perf's (50/85); no sixth figure
    expect(checks.map((c) => c.figure)).not.toContain('coldCache');
    expect(md).toContain('| go | provided.al2023 | 6.3 | 3.1 | 8.5 | 10.0 | 85.0 | 0.06 | 0.25 | 0.59 |');
    expect(md).toContain('| python | python3.13 | 0.0 | 0.0 | 34.0 | 170.0 | 340.0 ¹ | 1.00 | 1.00 | 1.00 |');
    expect(md).toContain('| kotlin | java25 | 24.4 | 12.2 | 120.0 | 1200.0 |');
    expect(md).toContain('¹ python: runs the executable the platform itself runs on');
    expect(skipped).toContain('## Diagnostic: Init Duration from an empty page cache\n\nNot measured: not asked for.');
    expect(renderFidelity(checks, base, lp, meta)).not.toContain('empty page cache');
    expect(renderFidelity(checks, s, lp, { ...meta, flags: ['--drop-caches'] })).toContain('Generated by `npm run bench -- --calibrate --drop-caches` on');
  });

  it('shows the code-read model: its host factor, each floor\'s added time and the ratios with and without it', () => {
    // Prepare: go 25 ms at 512 MB of which 20 are reading its 6.3 MB; python 100 ms, its package a few KB
    const base = samples({ python: ['python3.13', 100, 100], go: ['provided.al2023', 25, 25] }, [800, 100], 0, 14);
    const codeRead = { mode: 'modelled' as const, awsMbPerSecond: 134, hostFactor: { value: 2.35, source: 'measured' as const, localInitMs: 36, awsInitMs: 84.6, samples: [36] }, functions: { go: { packageBytes: 6_300_000, ms: 20 }, python: { packageBytes: 4500, ms: 0.01 } } };
    const s: CalibrationSamples = { ...base, codeRead, coldCache: { memoryMb: 512, floors: [{ floor: 'go', awsRuntime: 'provided.al2023', memoryMb: 512, initDurationMs: [12], failures: [] }] } };
    const meta = { date: '2026-12-01', commit: 'abc', dirty: false, machine: 'm', model: 'x', notEnforced: [], loadBefore: 'l', loadAfter: 'l', durationS: 1, samples: 3, sizes: [128, 512, 1024, 1769], cpuIterations: 3e7, versions: {} };
    // Act
    const md = renderFidelity(evaluate(s, lp), s, lp, meta);
    const off = renderFidelity(evaluate(base, lp), { ...base, codeRead: { mode: 'off' } }, lp, meta);
    // Assess: with the model 25/100; without it (25 − 20)/(100 − 0.01); lambda-perf 50/85
    expect(md).toContain("the host factor is 2.35, measured before the floors: lambda-perf's 84.6 ms ÷ the local python floor's median 36.0 ms (1 cold starts at 512 MB, without the model)");
    expect(md).toContain('| go | 6.30 | 20.0 | 25.0 | 0.25 | 0.05 | 0.59 |');
    expect(md).toContain('| python | 0.00 | 0.0 | 100.0 | 1.00 | 1.00 | 1.00 |');
    // The diagnostic's warm column is net of the model, as its own cold starts run without it
    expect(md).toContain('| go | provided.al2023 | – | – | – | 5.0 | 12.0 |');
    expect(off).toContain('## The code-read model\n\nOff in this run (`--code-read-mbps off`)');
    expect(renderFidelity(evaluate(base, lp), base, lp, meta)).not.toContain('## The code-read model');
  });

  it('takes medians', () => {
    // Act / Assess
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, null]);
  });
});

describe('calibration inputs', () => {
  it('keeps lambda-perf\'s figures as a dated data file with its source, for every runtime id the floors use', () => {
    // Act
    const data = loadLambdaPerf(path.join(__dirname, '..', 'calibrate'));
    // Assess
    expect(data.source).toMatch(/maxday\/lambda-perf/);
    expect(data.commit).toMatch(/^[0-9a-f]{40}$/);
    const ids = discoverRuntimes(FLOORS_DIR).map((f) => lambdaPerfKey(f.aws.runtime, f.name));
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids) {
      expect(Object.keys(data.runtimes[id]!.byMemoryMb)).toEqual(['128', '256', '512', '1024']);
      expect(data.runtimes[id]!.byMemoryMb['512']!.n).toBe(10);
    }
  });

  it('refuses bad options with the usage', () => {
    // Act / Assess
    expect(() => parseCalibrateOptions(['--samples', '0'])).toThrow(/--samples needs a whole number of at least 1/);
    expect(() => parseCalibrateOptions(['--rounds', '3'])).toThrow(/unknown option --rounds[\s\S]*usage: npm run bench -- --calibrate/);
    expect(parseCalibrateOptions([])).toMatchObject({ samples: 10, out: 'docs/fidelity.md', dropCaches: false });
    expect(parseCalibrateOptions(['--drop-caches']).dropCaches).toBe(true);
    expect(parseCalibrateOptions([])).toMatchObject({ codeReadMbps: 134, hostFactor: 'auto' });
    expect(parseCalibrateOptions(['--code-read-mbps', 'off', '--host-factor', '3'])).toMatchObject({ codeReadMbps: 'off', hostFactor: 3 });
    expect(() => parseCalibrateOptions(['--host-factor', 'x'])).toThrow(/--host-factor must be a number above 0, got "x"/);
  });

  it('sums what fincore says of every file under a task root, and gives nothing without fincore', () => {
    // Prepare: three files in two folders, and a stand-in fincore that reports 4096 bytes per file
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resident-'));
    fs.mkdirSync(path.join(dir, 'lib'));
    for (const f of ['a', 'lib/b', 'lib/c']) fs.writeFileSync(path.join(dir, f), 'x');
    const fake = path.join(dir, 'fincore.sh');
    fs.writeFileSync(fake, '#!/bin/sh\nshift 4\nfor f; do echo " 4096"; done\n', { mode: 0o755 });
    try {
      // Act
      const total = residentBytes(path.join(dir, 'lib'), fake);
      const missing = residentBytes(path.join(dir, 'lib'), path.join(dir, 'no-fincore'));
      // Assess
      expect(total).toBe(8192);
      expect(missing).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('empties the page cache only through a file it may write, and says why not otherwise', () => {
    // Prepare: a stand-in for /proc/sys/vm/drop_caches, and one that does not exist
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drop-caches-'));
    const file = path.join(dir, 'drop_caches');
    fs.writeFileSync(file, '');
    try {
      // Act
      const dropper = pageCacheDropper(file);
      if ('drop' in dropper) dropper.drop();
      const missing = pageCacheDropper(path.join(dir, 'absent'));
      // Assess
      expect('drop' in dropper).toBe(true);
      expect(fs.readFileSync(file, 'utf8')).toBe('3\n');
      expect(missing).toEqual({ skipped: expect.stringMatching(/absent is not writable here \(ENOENT; it needs root\)/) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
