/** Command-line options and the profiles (smoke, quick, default, full). */
import { parseMemorySizes } from './memory-sizes';

export type Profile = 'smoke' | 'quick' | 'default' | 'full';

/** Per-instance capacity search (capacity.ts). */
export interface CapacityOptions {
  /** Seconds of back-to-back requests that give the serial rate the search starts from. */
  probeSeconds: number;
  /** Seconds per open-model step, at least. */
  stepSeconds: number;
  /** Requests per step, at least (a step lasts max(stepSeconds, minStepRequests / rate)): "< 1 % errors" needs ~100 to mean "at most 0 of 100". */
  minStepRequests: number;
  /** Steps at most; the search goes down from the serial rate until one passes. */
  maxSteps: number;
  /** p99 (client, ms) a step must stay below, besides < 1 % errors. */
  p99BoundMs: number;
}

export interface BenchOptions {
  profile: Profile;
  runtimes?: string[];
  memoryMb: number[];
  rounds: number;
  /** Cold-start pairs per round and runtime (POST /items on a fresh instance, then GET of it on another), plus one GET /metrics probe. */
  coldStarts: number;
  floorColdStarts: number;
  rates: number[];
  /** Measured window per rate (s), after the ramp. */
  warmSeconds: number;
  /** Least warm-up (s) before the measured window. */
  warmupSeconds: number;
  /** Cap on the ramp (s): the measured window starts then even with instances still starting. */
  maxRampSeconds: number;
  /** The first N invocations of each instance are reported apart from the steady state. */
  instanceWarmup: number;
  capacity: CapacityOptions;
  /** Machine-bound closed-model throughput (concurrency steps); empty: not measured. */
  concurrency: number[];
  throughputSeconds: number;
  requestsPerMonth: number;
  target: string | null;
  /** With --target: where the Lambda and CloudWatch Logs calls go instead of AWS (the local platform's --aws-endpoint-port). */
  awsEndpoint: string | null;
  /** run: reuse a recorded verdict or run a quick conformance; recorded: only reuse; skip: none. */
  gate: 'run' | 'recorded' | 'skip';
  floors: boolean;
  outDir: string;
  /** Seeds the open model's choice of items (per round: seed + round). */
  seed: number;
  /** Acceptance fixture: this runtime gets `slowedMs` added to every request (fixtures/slowed). */
  slowed: { runtime: string; ms: number } | null;
}

type ProfileSettings = Omit<BenchOptions, 'profile' | 'runtimes' | 'target' | 'awsEndpoint' | 'outDir' | 'requestsPerMonth' | 'seed' | 'slowed'>;

/**
 * Rounds are the unit of replication: the t-interval on round values needs at least two, and
 * its width shrinks with t(rounds − 1) / √rounds (12.7/1.4 at 2 rounds, 4.3/1.7 at 3, 2.8/2.2 at 5).
 * Phase lengths are budgeted in budget.ts: quick ≤ 6 min, default ≤ 25 min on 2 cores.
 */
export const PROFILES: Record<Profile, ProfileSettings> = {
  smoke: { memoryMb: [512], rounds: 1, coldStarts: 1, floorColdStarts: 1, rates: [10], warmSeconds: 3, warmupSeconds: 1, maxRampSeconds: 10, instanceWarmup: 10, capacity: { probeSeconds: 0.5, stepSeconds: 1, minStepRequests: 30, maxSteps: 2, p99BoundMs: 100 }, concurrency: [2], throughputSeconds: 1, gate: 'recorded', floors: true },
  quick: { memoryMb: [512], rounds: 3, coldStarts: 1, floorColdStarts: 1, rates: [10, 30], warmSeconds: 4, warmupSeconds: 1, maxRampSeconds: 15, instanceWarmup: 10, capacity: { probeSeconds: 0.5, stepSeconds: 1, minStepRequests: 60, maxSteps: 4, p99BoundMs: 100 }, concurrency: [], throughputSeconds: 0, gate: 'run', floors: true },
  default: { memoryMb: [512, 1769], rounds: 5, coldStarts: 2, floorColdStarts: 1, rates: [10, 40], warmSeconds: 6, warmupSeconds: 1.5, maxRampSeconds: 20, instanceWarmup: 10, capacity: { probeSeconds: 1, stepSeconds: 1.5, minStepRequests: 100, maxSteps: 5, p99BoundMs: 100 }, concurrency: [], throughputSeconds: 0, gate: 'run', floors: true },
  full: { memoryMb: [128, 512, 1769], rounds: 8, coldStarts: 3, floorColdStarts: 2, rates: [10, 40, 80], warmSeconds: 15, warmupSeconds: 2, maxRampSeconds: 30, instanceWarmup: 10, capacity: { probeSeconds: 2, stepSeconds: 3, minStepRequests: 200, maxSteps: 6, p99BoundMs: 100 }, concurrency: [1, 4, 8, 16], throughputSeconds: 5, gate: 'run', floors: true },
};

/** An http(s) URL without a trailing slash. */
const url = (v: string, flag: string): string => {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error(`${flag} needs an http(s) URL, got "${v}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${flag} needs an http(s) URL, got "${v}"`);
  return v.replace(/\/+$/, '');
};

const list = (v: string | undefined, flag: string): number[] => {
  const xs = (v ?? '').split(',').filter(Boolean).map(Number);
  if (!xs.length || xs.some((x) => !Number.isFinite(x) || x <= 0)) throw new Error(`${flag} needs a comma-separated list of positive numbers`);
  return xs;
};

export const USAGE = `usage: npm run bench -- [--smoke|--quick|--full] [--runtime a,b] [--memory 128,512,1769] [--rounds N]
                    [--rates 10,40] [--cold-starts N] [--instance-warmup N] [--p99-bound MS]
                    [--target URL [--aws-endpoint URL]] [--requests-per-month N] [--gate run|recorded|skip] [--no-floors]
                    [--out DIR] [--seed N] [--slowed RUNTIME [--slowed-ms 5]]
  --target URL        a deployed stage (the StageUrl output): cold starts forced by a configuration update, every
                      request matched to its REPORT line; memory sizes are the deployed ones (docs/aws.md)
  --aws-endpoint URL  with --target: send the Lambda and CloudWatch Logs calls there instead of AWS, e.g. the local
                      platform's (npm start -- --aws-endpoint-port 3001)
  --slowed RUNTIME    acceptance fixture: that runtime slowed on purpose (by --slowed-ms, default 5)`;

export function parseOptions(argv: string[], now = new Date()): BenchOptions {
  let profile: Profile = 'default';
  for (const a of argv) if (a === '--smoke' || a === '--quick' || a === '--full') profile = a.slice(2) as Profile;
  const p = PROFILES[profile];
  const o: BenchOptions = { profile, ...p, memoryMb: [...p.memoryMb], rates: [...p.rates], capacity: { ...p.capacity }, concurrency: [...p.concurrency], target: null, awsEndpoint: null, requestsPerMonth: 100_000, outDir: '', seed: 1, slowed: null };
  let slowedMs = 5;
  let memoryGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const one = () => list(value(), a)[0]!;
    if (['--smoke', '--quick', '--full'].includes(a)) continue;
    else if (a === '--runtime' || a === '--runtimes') o.runtimes = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--memory') {
      o.memoryMb = parseMemorySizes(value(), a);
      memoryGiven = true;
    }
    else if (a === '--rounds') o.rounds = Math.max(1, Math.round(one()));
    else if (a === '--rates') o.rates = list(value(), a);
    else if (a === '--cold-starts') o.coldStarts = Math.round(one());
    else if (a === '--instance-warmup') o.instanceWarmup = Math.round(one());
    else if (a === '--p99-bound') o.capacity.p99BoundMs = one();
    else if (a === '--target') o.target = url(value(), a);
    else if (a === '--aws-endpoint') o.awsEndpoint = url(value(), a);
    else if (a === '--requests-per-month') o.requestsPerMonth = one();
    else if (a === '--gate') {
      const g = value();
      if (g !== 'run' && g !== 'recorded' && g !== 'skip') throw new Error('--gate is run, recorded or skip');
      o.gate = g;
    } else if (a === '--no-floors') o.floors = false;
    else if (a === '--out') o.outDir = value();
    else if (a === '--seed') o.seed = Math.round(one());
    else if (a === '--slowed') o.slowed = { runtime: value(), ms: slowedMs };
    else if (a === '--slowed-ms') slowedMs = one();
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (o.slowed) o.slowed.ms = slowedMs;
  if (o.memoryMb.some((m) => m < 128 || m > 10240)) throw new Error('--memory sizes must be 128..10240 MB');
  if (o.awsEndpoint && !o.target) throw new Error('--aws-endpoint goes with --target: it says where the Lambda and CloudWatch Logs calls for that target go');
  if (memoryGiven && o.target) throw new Error('--memory does not apply to --target: the deployed configuration decides each function\'s memory (change aws.memoryMb in lambdas/<runtime>/runtime.json and redeploy)');
  if (o.slowed && o.target) throw new Error('--slowed is a local fixture: it cannot be combined with --target');
  if (o.slowed && o.runtimes && !o.runtimes.includes(o.slowed.runtime)) throw new Error(`--slowed ${o.slowed.runtime}: that runtime is not selected by --runtime`);
  if (!o.outDir) o.outDir = `results/${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${profile}${o.slowed ? `-slowed-${o.slowed.runtime}` : ''}`;
  return o;
}
