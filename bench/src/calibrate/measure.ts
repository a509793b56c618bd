/**
 * The calibration's measurements on the local platform: forced cold starts of the hello-world
 * floors (interleaved across floors and memory sizes), the first invocation of a CPU-bound
 * probe, an idle instance's background timer, and the longest CPU-quota pause.
 */
import * as fs from 'node:fs';
import type { Platform } from '../../../platform/src/platform';
import { directoryBytes } from '../../../platform/src/sandbox';
import { resetConnections, request } from '../http';
import type { LoadGenerator } from '../loadgen/client';
import { coldStart, ReportCollector } from '../phases';
import type { CalibrationSamples, ColdCacheSamples, FloorSamples } from './evaluate';
import { residentBytes, type PageCacheDropper } from './page-cache';

export interface Stage {
  platforms: Map<number, Platform>;
  collector: ReportCollector;
  /** Cold requests are sent from the load generator's thread, as in the bench. */
  generator: LoadGenerator;
  /** One progress line per step. */
  say: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** samples × sizes × floors forced cold starts, the order reversed on every other pass so no floor always goes first. */
export async function floorColdStarts(stage: Stage, floors: { name: string; awsRuntime: string }[], sizes: number[], samples: number): Promise<FloorSamples[]> {
  const out = new Map<string, FloorSamples>();
  for (const f of floors) for (const m of sizes) out.set(`${f.name}@${m}`, { floor: f.name, awsRuntime: f.awsRuntime, memoryMb: m, initDurationMs: [], failures: [] });
  const total = samples * sizes.length * floors.length;
  let done = 0;
  for (let k = 0; k < samples; k++) {
    const sizeOrder = k % 2 ? [...sizes].reverse() : sizes;
    for (const m of sizeOrder) {
      const floorOrder = (k + sizes.indexOf(m)) % 2 ? [...floors].reverse() : floors;
      for (const f of floorOrder) {
        const sample = await coldStart({ platform: stage.platforms.get(m)!, collector: stage.collector, generator: stage.generator, runtime: f.name, memoryMb: m, round: k }, 'probe', { path: '/health' });
        const entry = out.get(`${f.name}@${m}`)!;
        if (sample.ok && sample.initDurationMs !== undefined) entry.initDurationMs.push(sample.initDurationMs);
        else entry.failures.push(sample.ok ? 'no Init Duration' : (sample.error ?? 'failed'));
        done++;
        stage.say(`floor cold starts ${String(done).padStart(3)}/${total}  ${f.name.padEnd(7)} ${String(m).padStart(4)} MB  init ${sample.ok && sample.initDurationMs !== undefined ? `${sample.initDurationMs.toFixed(1)} ms` : `FAILED (${sample.ok ? 'no Init Duration' : sample.error})`}`);
      }
    }
  }
  return [...out.values()];
}

/** A function the cold-cache diagnostic starts: a floor, or with `--drop-caches` one of the apps. */
export interface ColdCacheSubject {
  name: string;
  awsRuntime: string;
  /** Its own code: the part of what it reads that is the function's, not the runtime's. */
  taskRoot: string;
  platform: Platform;
}

/**
 * The cold-cache diagnostic: forced cold starts with the machine's page cache emptied before each,
 * interleaved across subjects. Every instance on every platform is stopped first: the kernel keeps
 * the pages of a file a live process has mapped. After each start: the
 * bytes its process read from storage, and how much of its task root is in memory (what it read).
 */
export async function coldCacheStarts(stage: Stage, subjects: ColdCacheSubject[], memoryMb: number, samples: number, dropper: PageCacheDropper): Promise<ColdCacheSamples[] | { skipped: string }> {
  if ('skipped' in dropper) return { skipped: dropper.skipped };
  const everyPlatform = [...new Set([...stage.platforms.values(), ...subjects.map((s) => s.platform)])];
  const out = subjects.map((s) => ({ floor: s.name, awsRuntime: s.awsRuntime, memoryMb, taskRootBytes: directoryBytes(s.taskRoot), initDurationMs: [] as number[], readBytes: [] as number[], taskRootReadBytes: [] as number[], failures: [] as string[] }));
  for (let k = 0; k < samples; k++) {
    for (const i of k % 2 ? [...out.keys()].reverse() : [...out.keys()]) {
      const subject = subjects[i]!;
      const entry = out[i]!;
      // Every function's instances end first: another one's mapped interpreter or libraries would stay cached.
      for (const p of everyPlatform) for (const name of Object.keys(p.memoryMb)) await p.drain(name);
      dropper.drop();
      const sample = await coldStart({ platform: subject.platform, collector: stage.collector, generator: stage.generator, runtime: subject.name, memoryMb, round: k }, 'probe', { path: '/health' });
      if (sample.ok && sample.initDurationMs !== undefined) entry.initDurationMs.push(sample.initDurationMs);
      else entry.failures.push(sample.ok ? 'no Init Duration' : (sample.error ?? 'failed'));
      const read = readBytesOf(subject.platform.pool(subject.name).instances()[0]?.pid);
      if (read !== undefined) entry.readBytes.push(read);
      const resident = residentBytes(subject.taskRoot);
      if (resident !== undefined) entry.taskRootReadBytes.push(resident);
      stage.say(`cold-cache cold starts ${k + 1}/${samples}  ${subject.name.padEnd(10)} ${memoryMb} MB  init ${sample.ok && sample.initDurationMs !== undefined ? `${sample.initDurationMs.toFixed(1)} ms` : `FAILED (${sample.ok ? 'no Init Duration' : sample.error})`}`);
    }
  }
  return out;
}

/** Bytes a process has had read from storage (its init and one /health invocation): /proc/<pid>/io. */
function readBytesOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^read_bytes: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The CPU-bound probe's first invocation (a forced cold start each time) at each size, interleaved. */
export async function cpuFirstInvocations(stage: Stage, sizes: number[], samples: number, iterations: number): Promise<CalibrationSamples['cpu']> {
  const out = sizes.map((memoryMb) => ({ memoryMb, firstInvocationMs: [] as number[], failures: [] as string[] }));
  for (let k = 0; k < samples; k++) {
    for (const entry of k % 2 ? [...out].reverse() : out) {
      const sample = await coldStart({ platform: stage.platforms.get(entry.memoryMb)!, collector: stage.collector, generator: stage.generator, runtime: 'cpu', memoryMb: entry.memoryMb, round: k }, 'probe', { path: `/items?n=${iterations}` });
      if (sample.ok && sample.firstInvocationMs !== undefined) entry.firstInvocationMs.push(sample.firstInvocationMs);
      else entry.failures.push(sample.ok ? 'no Duration' : (sample.error ?? 'failed'));
      stage.say(`CPU-bound first invocation ${k + 1}/${samples}  ${String(entry.memoryMb).padStart(4)} MB  ${sample.ok ? `${sample.firstInvocationMs?.toFixed(1)} ms` : `FAILED (${sample.error})`}`);
    }
  }
  return out;
}

/** Ticks of a 10 ms timer between two invocations `idleMs` apart; 0 when the idle instance was frozen. */
export async function idleTimer(stage: Stage, memoryMb: number, idleMs: number): Promise<CalibrationSamples['freeze']> {
  const platform = stage.platforms.get(memoryMb)!;
  if (!platform.model.freezeIdle) return { skipped: `idle instances are not frozen here (${platform.model.freezeReason ?? 'unknown'})` };
  await platform.drain('ticker');
  resetConnections();
  const first = await request(`${platform.url}/ticker/health`);
  await sleep(idleMs);
  const frozenWhileIdle = platform.pool('ticker').instances().every((i) => i.frozen);
  const second = await request(`${platform.url}/ticker/health`);
  if (first.status !== 200 || second.status !== 200) return { skipped: `the ticker probe failed: ${first.status} ${first.body.slice(0, 100)} / ${second.status} ${second.body.slice(0, 100)}` };
  const ticks = (r: { body: string }) => (JSON.parse(r.body) as { ticks: number }).ticks;
  return { memoryMb, idleMs, ticksWhileIdle: ticks(second) - ticks(first), frozenWhileIdle };
}

/** The longest pause a CPU-bound function sees while spinning `spinMs`, and the kernel's count of throttled periods. */
export async function quotaPauses(stage: Stage, memoryMb: number, spinMs: number): Promise<CalibrationSamples['period']> {
  const platform = stage.platforms.get(memoryMb)!;
  if (!platform.limitsEnforced) return { skipped: `limits are not enforced here (${platform.limitsReason ?? 'unknown'})` };
  await platform.drain('pauser');
  resetConnections();
  await request(`${platform.url}/pauser/items?ms=1`);
  const pool = platform.pool('pauser');
  const before = pool.kernelView()[0]?.cpuStat;
  const r = await request(`${platform.url}/pauser/items?ms=${spinMs}`);
  const after = pool.kernelView()[0]?.cpuStat;
  if (r.status !== 200) return { skipped: `the pauser probe failed: ${r.status} ${r.body.slice(0, 100)}` };
  const body = JSON.parse(r.body) as { maxPauseMs: number; pausesOver1Ms: number };
  const throttled = before && after ? after.throttled - before.throttled : null;
  const kernelMeanPauseMs = before && after && throttled ? (after.throttledNs - before.throttledNs) / throttled / 1e6 : null;
  return { memoryMb, periodMs: platform.model.cpuPeriodMs, spinMs, maxPauseMs: body.maxPauseMs, pausesOver1Ms: body.pausesOver1Ms, kernelMeanPauseMs, throttledPeriods: throttled };
}
