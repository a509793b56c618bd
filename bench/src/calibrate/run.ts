/**
 * `npm run bench -- --calibrate [--samples 10] [--out docs/fidelity.md]`: measures the local
 * platform's resource model against lambda-perf's published hello-world figures and writes
 * docs/fidelity.md (raw samples beside the bench's results, under results/). A few minutes.
 */
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIfStale } from '../../../core/src/build';
import { REPO_ROOT } from '../../../core/src/paths';
import { describeModel } from '../../../platform/src/model';
import { startPlatform, type Platform } from '../../../platform/src/platform';
import { localRuntimeVersion } from '../../../core/src/runtime-version';
import { discoverRuntimes, expandPlaceholders, type Runtime } from '../../../core/src/runtimes';
import { LoadGenerator } from '../loadgen/client';
import { ReportCollector } from '../phases';
import { evaluate, type CalibrationSamples, type CodeReadRecord } from './evaluate';
import { codeReadFlag, DEFAULT_CODE_READ_MBPS, hostFactorFlag } from '../../../platform/src/code-read';
import { codeReadOptions, type HostFactorSetting } from '../host-factor';
import { CALIBRATE_DIR, loadLambdaPerf } from './lambda-perf-file';
import { coldCacheStarts, cpuFirstInvocations, floorColdStarts, idleTimer, quotaPauses, type ColdCacheSubject, type Stage } from './measure';
import { pageCacheDropper, type PageCacheDropper } from './page-cache';
import { renderFidelity } from './render';

export { loadLambdaPerf } from './lambda-perf-file';

const FLOORS_DIR = path.join(REPO_ROOT, 'bench', 'floors');
export const FLOOR_SIZES = [128, 512, 1024, 1769];
const PROBE_SIZES = [128, 1024];
/** The cold-cache diagnostic's size: the shape figure's. */
const COLD_CACHE_MB = 512;

export interface CalibrateOptions {
  samples: number;
  out: string;
  cpuIterations: number;
  idleMs: number;
  spinMs: number;
  /** Run the cold-cache diagnostic (empties the whole machine's page cache before each of its cold starts). */
  dropCaches: boolean;
  /** The code-read model (platform/src/code-read.ts), as the bench takes it. */
  codeReadMbps: number | 'off';
  hostFactor: HostFactorSetting;
}

export function parseCalibrateOptions(argv: string[]): CalibrateOptions {
  const o: CalibrateOptions = { samples: 10, out: 'docs/fidelity.md', cpuIterations: 3e7, idleMs: 2000, spinMs: 1000, dropCaches: false, codeReadMbps: DEFAULT_CODE_READ_MBPS, hostFactor: 'auto' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--samples') {
      o.samples = Number(value());
      if (!Number.isInteger(o.samples) || o.samples < 1) throw new Error('--samples needs a whole number of at least 1 (lambda-perf takes 10)');
    } else if (a === '--out') o.out = value();
    else if (a === '--drop-caches') o.dropCaches = true;
    else if (a === '--code-read-mbps') o.codeReadMbps = codeReadFlag(value())!;
    else if (a === '--host-factor') {
      const v = value();
      o.hostFactor = v === 'auto' ? 'auto' : hostFactorFlag(v)!;
    } else throw new Error(`unknown option ${a}\nusage: npm run bench -- --calibrate [--samples 10] [--out docs/fidelity.md] [--drop-caches] [--code-read-mbps ${DEFAULT_CODE_READ_MBPS}|off] [--host-factor auto|N]`);
  }
  return o;
}

const uptime = () => {
  try {
    return execSync('uptime', { encoding: 'utf8' }).trim().replace(/^.*?up/, 'up');
  } catch {
    return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
};
const git = (args: string) => {
  try {
    return execSync(`git ${args}`, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

/** Whether a floor runs the very executable this process runs: the kernel cannot drop the pages of a mapped file. */
function sharesPlatformExecutable(r: Runtime): boolean {
  const own = fs.realpathSync(process.execPath);
  return r.local.command.some((a) => {
    try {
      return fs.realpathSync(expandPlaceholders(a, r)) === own;
    } catch {
      return false;
    }
  });
}

export async function runCalibration(argv: string[]): Promise<number> {
  const o = parseCalibrateOptions(argv);
  const started = Date.now();
  const say = (line: string) => process.stderr.write(`[calibrate] ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${line}\n`);
  const lp = loadLambdaPerf();
  const floors = discoverRuntimes(FLOORS_DIR);
  const probes = discoverRuntimes(path.join(CALIBRATE_DIR, 'functions'));
  for (const r of [...floors, ...probes]) if (buildIfStale(r)) say(`built ${r.name}`);
  const loadBefore = uptime();
  say(`load before: ${loadBefore}`);
  const collector = new ReportCollector();
  const platforms = new Map<number, Platform>();
  const sizes = [...new Set([...FLOOR_SIZES, ...PROBE_SIZES, 512])].sort((a, b) => a - b);
  let samples: CalibrationSamples;
  let appPlatform: Platform | undefined;
  let diagnosticPlatform: Platform | undefined;
  let codeReadRecord: CodeReadRecord = { mode: 'off' };
  const generator = await LoadGenerator.start();
  try {
    if (o.codeReadMbps !== 'off') say(`host factor for the code-read model: ${o.hostFactor === 'auto' ? 'measuring on the Python floor' : o.hostFactor}`);
    const codeRead = await codeReadOptions(o, generator, say);
    for (const m of sizes) {
      const shared = platforms.values().next().value as Platform | undefined;
      platforms.set(m, await startPlatform({ port: 0, runtimes: [...floors, ...probes] as Runtime[], memoryMb: m, build: false, ...codeRead.options, onReport: collector.onReport, ...(shared ? { dynamoEndpoint: shared.dynamoEndpoint } : {}) }));
    }
    const floorNames = new Set(floors.map((f) => f.name));
    const model512 = platforms.get(512)!.model.codeRead;
    if (codeRead.hostFactor && model512.mode === 'modelled') {
      const functions = Object.fromEntries(Object.entries(platforms.get(512)!.codeRead).filter(([name]) => floorNames.has(name)));
      codeReadRecord = { mode: 'modelled', awsMbPerSecond: model512.awsMbPerSecond, hostFactor: codeRead.hostFactor, functions };
    }
    const first512 = platforms.get(512)!;
    say(`model: ${describeModel(first512.model)}`);
    const stage: Stage = { platforms, collector, generator, say };
    const floorSamples = await floorColdStarts(stage, floors.map((f) => ({ name: f.name, awsRuntime: f.aws.runtime })), FLOOR_SIZES, o.samples);
    const cpu = await cpuFirstInvocations(stage, PROBE_SIZES, o.samples, o.cpuIterations);
    say(`freeze: ${o.idleMs} ms idle between two invocations of the ticker`);
    const freeze = await idleTimer(stage, 512, o.idleMs);
    say(`period: ${o.spinMs} ms of spinning at 512 MB`);
    const period = await quotaPauses(stage, 512, o.spinMs);
    const dropper: PageCacheDropper = o.dropCaches ? pageCacheDropper() : { skipped: 'not asked for (`--drop-caches`, as root: it empties the whole machine\'s page cache)' };
    let coldCache: CalibrationSamples['coldCache'] = 'skipped' in dropper ? { skipped: dropper.skipped } : undefined;
    if (!('skipped' in dropper)) {
      // The apps too: what a custom runtime's code costs to read is the open question of the shape figures.
      const apps = discoverRuntimes();
      for (const r of apps) if (buildIfStale(r)) say(`built app ${r.name}`);
      // Without the code-read model: the diagnostic measures what reading from this machine's disk costs.
      appPlatform = await startPlatform({ port: 0, runtimes: apps, memoryMb: COLD_CACHE_MB, build: false, codeReadMbps: 'off', onReport: collector.onReport, dynamoEndpoint: first512.dynamoEndpoint });
      diagnosticPlatform = await startPlatform({ port: 0, runtimes: floors, memoryMb: COLD_CACHE_MB, build: false, codeReadMbps: 'off', onReport: collector.onReport, dynamoEndpoint: first512.dynamoEndpoint });
      const subjects: ColdCacheSubject[] = [
        ...floors.map((f) => ({ name: f.name, awsRuntime: f.aws.runtime, taskRoot: f.taskRootPath, platform: diagnosticPlatform! })),
        ...apps.map((r) => ({ name: r.name, awsRuntime: r.aws.runtime, taskRoot: r.taskRootPath, platform: appPlatform! })),
      ];
      say(`cold-cache diagnostic: ${o.samples} cold starts per floor and app at ${COLD_CACHE_MB} MB, page cache emptied before each`);
      const measured = await coldCacheStarts(stage, subjects, COLD_CACHE_MB, o.samples, dropper);
      coldCache = 'skipped' in measured
        ? measured
        : { memoryMb: COLD_CACHE_MB, floors: measured.slice(0, floors.length), apps: measured.slice(floors.length), sharesPlatformExecutable: floors.filter(sharesPlatformExecutable).map((f) => f.name) };
    } else if (o.dropCaches) say(`cold-cache diagnostic skipped: ${dropper.skipped}`);
    samples = { floors: floorSamples, cpu, freeze, period, coldCache, codeRead: codeReadRecord };
  } finally {
    await generator.stop();
    await appPlatform?.stop();
    await diagnosticPlatform?.stop();
    for (const p of [...platforms.values()].reverse()) await p.stop();
  }
  const checks = evaluate(samples, lp);
  const first = platforms.get(512)!;
  const loadAfter = uptime();
  const versions = Object.fromEntries(
    floors.map((f) => {
      const v = localRuntimeVersion(f);
      return [f.aws.runtime, 'version' in v ? v.version : f.aws.runtime.startsWith('provided') ? 'native bootstrap' : v.error];
    }),
  );
  const markdown = renderFidelity(checks, samples, lp, {
    date: new Date().toISOString().slice(0, 10),
    commit: git('rev-parse HEAD') || 'unknown',
    dirty: git('status --porcelain') !== '',
    machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, platform on Node ${process.version}`,
    model: describeModel(first.model),
    notEnforced: first.model.notEnforced,
    loadBefore,
    loadAfter,
    durationS: Math.round((Date.now() - started) / 1000),
    samples: o.samples,
    sizes: FLOOR_SIZES,
    cpuIterations: o.cpuIterations,
    versions,
    flags: [
      ...(o.samples !== 10 ? ['--samples', String(o.samples)] : []),
      ...(o.dropCaches ? ['--drop-caches'] : []),
      ...(o.codeReadMbps !== DEFAULT_CODE_READ_MBPS ? ['--code-read-mbps', String(o.codeReadMbps)] : []),
      ...(o.hostFactor !== 'auto' ? ['--host-factor', String(o.hostFactor)] : []),
    ],
  });
  const out = path.resolve(REPO_ROOT, o.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, markdown);
  const rawDir = path.join(REPO_ROOT, 'results', `calibration-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`);
  fs.mkdirSync(rawDir, { recursive: true });
  fs.writeFileSync(path.join(rawDir, 'samples.json'), JSON.stringify({ samples, checks, loadBefore, loadAfter, model: first.model }, null, 2));
  for (const c of checks) say(`${c.met === null ? 'n/a ' : c.met ? 'MET ' : 'MISS'} ${c.figure.padEnd(8)} ${c.subject}: ${c.measured}`);
  say(`load after: ${loadAfter}`);
  say(`wrote ${path.relative(REPO_ROOT, out)} and ${path.relative(REPO_ROOT, rawDir)}/samples.json`);
  return 0;
}
