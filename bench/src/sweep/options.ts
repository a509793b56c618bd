/**
 * `npm run bench -- --sweep [--quick] [--memory 128,256,...] [--slo-p99 MS] [--strategy cost|speed|balanced]
 * [--balanced-weight W]`: the sweep's own flags and its two profiles. Flags it shares with the bench
 * (--runtime, --rounds, --instance-warmup, --gate, --out, --seed, --requests-per-month) go through
 * the bench's parseOptions; flags that make no sense for a sweep are refused, not ignored.
 */
import { parseOptions, type BenchOptions } from '../options';

export const STRATEGIES = ['cost', 'speed', 'balanced'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** What the sweep measures per runtime, memory size and round, besides the bench's own options. */
export interface SweepSettings {
  quick: boolean;
  /** AWS Lambda Power Tuning's strategies (recommend.ts). */
  strategy: Strategy;
  /** Power Tuning's balancedWeight: 0 = speed, 1 = cost (default 0.5). */
  balancedWeight: number;
  /** Client p99 (ms) the cheapest recommended runtime × memory must meet; null: no SLO given. */
  sloP99Ms: number | null;
  /** The rate at a size is this fraction of the rate one warm instance holds (rate.ts). */
  rateFraction: number;
  /** Highest rate used (req/s): the generator, the gateway and DynamoDB share the machine's cores. */
  rateCapRps: number;
  /** A measured window lasts minRequests / rate seconds, clamped to [minWindowS, maxWindowS]. */
  minRequests: number;
  minWindowS: number;
  maxWindowS: number;
  /** Seconds of back-to-back requests on one warm instance (round 1 only) that set each size's rate. */
  probeSeconds: number;
}

type SweepProfile = { bench: Pick<BenchOptions, 'memoryMb' | 'rounds' | 'warmupSeconds' | 'maxRampSeconds' | 'instanceWarmup' | 'gate'>; sweep: Omit<SweepSettings, 'quick' | 'strategy' | 'balancedWeight' | 'sloP99Ms'> };

/**
 * Sample sizes are chosen to fit the time budget (budget.ts, bench/test/budget.test.ts): the full
 * sweep — six sizes, three rounds — within 5 minutes per runtime on 2 cores; --quick (CI) —
 * three sizes, two rounds (the fewest that give an interval) — within 1.5 per runtime.
 */
export const SWEEP_PROFILES: Record<'full' | 'quick', SweepProfile> = {
  full: {
    bench: { memoryMb: [128, 256, 512, 1024, 1769, 3008], rounds: 3, warmupSeconds: 0.5, maxRampSeconds: 10, instanceWarmup: 10, gate: 'run' },
    sweep: { rateFraction: 0.5, rateCapRps: 40, minRequests: 120, minWindowS: 4, maxWindowS: 12, probeSeconds: 1 },
  },
  quick: {
    bench: { memoryMb: [256, 1024, 3008], rounds: 2, warmupSeconds: 0.5, maxRampSeconds: 8, instanceWarmup: 10, gate: 'run' },
    sweep: { rateFraction: 0.5, rateCapRps: 40, minRequests: 60, minWindowS: 2.5, maxWindowS: 6, probeSeconds: 0.5 },
  },
};

export const SWEEP_USAGE = `usage: npm run bench -- --sweep [--quick] [--memory 128,256,512,1024,1769,3008] [--slo-p99 MS]
                    [--strategy cost|speed|balanced] [--balanced-weight 0.5] [--runtime a,b] [--rounds N]
                    [--instance-warmup N] [--gate run|recorded|skip] [--requests-per-month N] [--out DIR] [--seed N]`;

/** Bench flags a sweep does not take, and why. */
const NOT_FOR_SWEEP: Record<string, string> = {
  '--smoke': 'the sweep has two profiles: the default (full) and --quick',
  '--full': 'the sweep has two profiles: the default (full) and --quick',
  '--rates': 'the sweep chooses one rate per memory size from a probe (bench/src/sweep/rate.ts)',
  '--cold-starts': 'the sweep makes one cold POST /items per runtime, size and round',
  '--p99-bound': 'the sweep measures no capacity search; use --slo-p99 for the recommendation',
  '--target': 'the sweep runs on the local platform only (memory sizes cannot be changed on a deployed stage from here)',
  '--slowed': 'the slowed fixture belongs to the bench, not the sweep',
  '--slowed-ms': 'the slowed fixture belongs to the bench, not the sweep',
};

export interface SweepOptions {
  bench: BenchOptions;
  sweep: SweepSettings;
}

/** --slo-p99 MS: a positive number of milliseconds. */
export function parseSlo(v: string | undefined, flag = '--slo-p99'): number {
  const x = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(x) || x <= 0) throw new Error(`${flag} needs a positive number of milliseconds, got "${v ?? ''}"`);
  return x;
}

export function parseStrategy(v: string | undefined): Strategy {
  if (!(STRATEGIES as readonly string[]).includes(v ?? '')) throw new Error(`--strategy "${v ?? ''}" is unknown: use cost, speed or balanced (AWS Lambda Power Tuning's strategies)`);
  return v as Strategy;
}

/** Power Tuning's balancedWeight, 0 (speed) to 1 (cost); Power Tuning clamps, we refuse. */
export function parseWeight(v: string | undefined): number {
  const w = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(w) || w < 0 || w > 1) throw new Error(`--balanced-weight needs a number from 0 (speed) to 1 (cost), got "${v ?? ''}"`);
  return w;
}

export function parseSweepOptions(argv: string[], now = new Date()): SweepOptions {
  const rest: string[] = [];
  let strategy: Strategy = 'cost';
  let balancedWeight = 0.5;
  let sloP99Ms: number | null = null;
  let weightGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--sweep') continue;
    if (NOT_FOR_SWEEP[a]) throw new Error(`${a} is not a sweep option: ${NOT_FOR_SWEEP[a]}\n${SWEEP_USAGE}`);
    if (a === '--slo-p99') sloP99Ms = parseSlo(argv[++i]);
    else if (a === '--strategy') strategy = parseStrategy(argv[++i]);
    else if (a === '--balanced-weight') {
      balancedWeight = parseWeight(argv[++i]);
      weightGiven = true;
    } else rest.push(a);
  }
  if (weightGiven && strategy !== 'balanced') throw new Error(`--balanced-weight applies to --strategy balanced only (the strategy is ${strategy})`);
  const quick = rest.includes('--quick');
  const profile = SWEEP_PROFILES[quick ? 'quick' : 'full'];
  const given = (flag: string) => rest.includes(flag);
  // The bench's parser checks the shared flags (values, ranges, unknown options).
  const bench = parseOptions(rest, now);
  const o: BenchOptions = {
    ...bench,
    memoryMb: given('--memory') ? [...bench.memoryMb].sort((x, y) => x - y) : [...profile.bench.memoryMb],
    rounds: given('--rounds') ? bench.rounds : profile.bench.rounds,
    instanceWarmup: given('--instance-warmup') ? bench.instanceWarmup : profile.bench.instanceWarmup,
    gate: given('--gate') ? bench.gate : profile.bench.gate,
    warmupSeconds: profile.bench.warmupSeconds,
    maxRampSeconds: profile.bench.maxRampSeconds,
    // No floors, no capacity search, no machine throughput: the sweep's phases are in measure.ts.
    floors: false,
    concurrency: [],
    throughputSeconds: 0,
    coldStarts: 1,
    rates: [],
    outDir: given('--out') ? bench.outDir : `results/${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-sweep${quick ? '-quick' : ''}`,
  };
  return { bench: o, sweep: { quick, strategy, balancedWeight, sloP99Ms, ...profile.sweep } };
}

/** The profile name results.json records for a sweep. */
export const sweepProfileName = (s: SweepSettings): string => (s.quick ? 'sweep-quick' : 'sweep');
