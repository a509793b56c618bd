/**
 * The sweep's measurements on the local platform. One platform per memory size (memory is fixed
 * per function, as on Lambda), all started up front on one DynamoDB and kept to the end. Rounds
 * are the outer loop, so that each round visits every size and drift of the machine over the
 * run lands in the round-to-round spread of every point instead of biasing a few sizes; sizes
 * and runtimes take turns in an order reversed every other round. Per size and round:
 *   1. per runtime: a cold POST /items on a fresh instance (phases.ts coldStart: Init Duration,
 *      billed init, Max Memory Used), then the instance's warm-up (its first N invocations,
 *      back to back) and the probe (the mix back to back for a second); round 1's probes set the
 *      size's rate (rate.ts), later rounds repeat it so that every round's instance is as warm;
 *   2. per runtime: the open-model CRUD mix at the size's rate on that warm instance
 *      (phases.ts warmPhase: steady-state window, REPORTs matched, scale-out counted).
 */
import { startPlatform, type Platform } from '../../../platform/src/platform';
import type { Runtime } from '../../../core/src/runtimes';
import type { LoadGenerator } from '../loadgen/client';
import type { LoadGuard } from '../loadguard';
import { seedItems } from '../open-model';
import type { BenchOptions } from '../options';
import { coldStart, ReportCollector, warmPhase } from '../phases';
import type { Progress } from '../progress';
import type { RawRun } from '../raw';
import type { ConformanceResult, PlatformModelRecord } from '../results';
import { gate, modelRecord, type Limits } from '../gate';
import { codeReadOptions } from '../host-factor';
import { quantile } from '../stats';
import type { SweepSettings } from './options';
import { sizeRate, type SizeRate, type SweepProbe } from './rate';

export interface SweepContext {
  o: BenchOptions;
  s: SweepSettings;
  runtimes: Runtime[];
  raw: RawRun;
  progress: Progress;
  guard: LoadGuard;
  generator: LoadGenerator;
  log: (s: string) => void;
}

export interface SweepOutcome {
  conformance: ConformanceResult;
  limits: Limits;
  model: PlatformModelRecord;
  rates: SizeRate[];
}

/** Seeded items per runtime (read and replaced by the mix), as the bench seeds them. */
const SEED_ITEMS = 20;

export async function measureSweep(c: SweepContext): Promise<SweepOutcome> {
  const { o, s, runtimes, raw, progress, guard, generator, log } = c;
  const names = runtimes.map((r) => r.name);
  const collector = new ReportCollector();
  const platforms = new Map<number, Platform>();
  const rates = new Map<number, SizeRate>();
  const probes: SweepProbe[] = (raw.sweepProbes = []);
  const step = <T>(phase: string, runtime: string, memoryMb: number, round: number, fn: () => Promise<T>) =>
    progress.step(phase, runtime, memoryMb, round, () => guard.phase({ phase, runtime, memoryMb, round }, fn));
  try {
    const codeRead = await codeReadOptions(o, generator, log);
    progress.note(`starting one platform per memory size: ${o.memoryMb.join(', ')} MB`);
    for (const mem of o.memoryMb) {
      const first = platforms.values().next().value as Platform | undefined;
      // Builds once (the first platform); every later one shares the first one's DynamoDB.
      platforms.set(mem, await startPlatform({ port: 0, runtimes, memoryMb: mem, build: !first, tracing: o.tracing, ...codeRead.options, onReport: collector.onReport, log, ...(first ? { dynamoEndpoint: first.dynamoEndpoint } : {}) }));
    }
    // The largest size answers fastest: it runs the conformance gate and seeds the shared table.
    const largest = platforms.get(Math.max(...o.memoryMb))!;
    const p0 = platforms.get(o.memoryMb[0]!)!;
    const limits: Limits = { enforced: p0.limitsEnforced, ...(p0.limitsReason ? { reason: p0.limitsReason } : {}), cgroupVersion: p0.cgroupVersion };
    progress.note('conformance gate');
    const conformance = await gate(o, names, largest.url, log);
    progress.note(`conformance: ${conformance.status} (${conformance.source})`);
    const seeds = new Map<string, string[]>();
    for (const rt of names) seeds.set(rt, await seedItems(`${largest.url}/${rt}`, SEED_ITEMS));
    for (let round = 0; round < o.rounds; round++) {
      const sizes = round % 2 === 0 ? o.memoryMb : [...o.memoryMb].reverse();
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const mem of sizes) {
        const platform = platforms.get(mem)!;
        const ctx = { platform, collector, generator, memoryMb: mem, round };
        for (const rt of order) {
          await step('cold write, warm-up, probe', rt, mem, round, async () => {
            const { createdId: _id, ...sample } = await coldStart({ ...ctx, runtime: rt }, 'write');
            raw.coldStarts.push(sample);
            if (!sample.ok) log(`${rt} at ${mem} MB, round ${round + 1}: cold write failed: ${sample.error ?? ''}`);
            const common = { baseUrl: `${platform.url}/${rt}`, seed: o.seed + round, seedIds: seeds.get(rt)! };
            // The instance's own warm-up: its first N invocations, kept out of the steady state anyway.
            await generator.serial({ ...common, count: o.instanceWarmup });
            // The probe, in every round so that every round's instance has served as many requests
            // before the mix (a JVM compiles as it goes); round 1's sets the size's rate.
            const p = await generator.serial({ ...common, durationS: s.probeSeconds });
            probes.push({ runtime: rt, memoryMb: mem, round, requests: p.requests, errors: p.errors, serialRps: Math.round(p.rps * 100) / 100, serialP99Ms: p.latencyMs.length ? Math.round(quantile(p.latencyMs, 0.99) * 100) / 100 : null });
          });
        }
        if (!rates.has(mem)) {
          const r = sizeRate(mem, probes, s);
          rates.set(mem, r);
          progress.note(`${mem} MB: ${r.rateRps} req/s for every runtime (set by ${r.limitedBy}), ${r.windowS} s measured per round${r.failedProbes.length ? `; probe failed: ${r.failedProbes.join(', ')}` : ''}`);
        }
        const { rateRps, windowS } = rates.get(mem)!;
        for (const rt of order) {
          await step(`mix at ${rateRps} req/s`, rt, mem, round, async () => {
            // Continues on the instance the cold write started and warmed (fromZero: false).
            const { errorSamples, ...sample } = await warmPhase({ ...ctx, runtime: rt, rate: rateRps, durationS: windowS, warmupS: o.warmupSeconds, maxRampS: o.maxRampSeconds, fromZero: false, seed: o.seed + round, seedIds: seeds.get(rt)! });
            if (errorSamples.length) log(`${rt} at ${mem} MB and ${rateRps} req/s: ${sample.errors} errors, e.g. ${errorSamples.join('; ')}`);
            raw.warm.push(sample);
          });
        }
      }
    }
    return { conformance, limits, model: modelRecord(p0, codeRead.hostFactor), rates: o.memoryMb.map((m) => rates.get(m)!) };
  } finally {
    for (const p of [...platforms.values()].reverse()) await p.stop();
  }
}
