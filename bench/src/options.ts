/** Command-line options and the profiles (smoke, quick, default, full). */
import { parseArgs } from 'node:util';
import { parseMemorySizes } from './memory-sizes';
import { ACTIVE_TRACING_BY_DEFAULT } from '../../core/src/tracing';
import { TRACING_MODES, type Tracing } from '../../platform/src/xray-sampling';
import { codeReadFlag, DEFAULT_CODE_READ_MBPS, hostFactorFlag } from '../../platform/src/code-read';
import type { HostFactorSetting } from './code-read-record';

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
  /** The local platform's X-Ray tracing: active (default, as the CDK app) samples as API Gateway's default rule. */
  tracing: Tracing;
  /** AWS's rate of reading a package at init (MB/s, platform/src/code-read.ts), or off. */
  codeReadMbps: number | 'off';
  /** The host factor the code-read model divides by: auto measures it on the Python floor (host-factor.ts). */
  hostFactor: HostFactorSetting;
  /** Acceptance fixture: this runtime gets `slowedMs` added to every request (fixtures/slowed). */
  slowed: { runtime: string; ms: number } | null;
}

type ProfileSettings = Omit<BenchOptions, 'profile' | 'runtimes' | 'target' | 'awsEndpoint' | 'outDir' | 'requestsPerMonth' | 'seed' | 'slowed' | 'tracing' | 'codeReadMbps' | 'hostFactor'>;

/**
 * Rounds are the unit of replication: the t-interval on round values needs at least two, and
 * its width shrinks with t(rounds − 1) / √rounds (12.7/1.4 at 2 rounds, 4.3/1.7 at 3, 2.8/2.2 at 5).
 * Phase lengths are budgeted in budget.ts, per runtime: quick ≤ 90 s, default ≤ 375 s on 2 cores.
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
                    [--out DIR] [--seed N] [--slowed RUNTIME [--slowed-ms 5]] [--tracing active|off]
                    [--code-read-mbps ${DEFAULT_CODE_READ_MBPS}|off] [--host-factor auto|N]
  --target URL        a deployed stage (the StageUrl output): cold starts forced by a configuration update, every
                      request matched to its REPORT line; memory sizes are the deployed ones (docs/aws.md)
  --aws-endpoint URL  with --target: send the Lambda and CloudWatch Logs calls there instead of AWS, e.g. the local
                      platform's (npm start -- --aws-endpoint-port 3001)
  --slowed RUNTIME    acceptance fixture: that runtime slowed on purpose (by --slowed-ms, default 5)
  --tracing MODE      the local platform's X-Ray tracing: active (default, as the CDK app deploys: 1 request a
                      second + 5 % of the rest sampled) or off (nothing sampled, as runs before 2026-12-01)
  --code-read-mbps R  AWS's rate of reading a function's package at init (default ${DEFAULT_CODE_READ_MBPS} MB/s, ql4b/lambda-benchmarks);
                      each cold start's Init gets package bytes ÷ (R × host factor); off: none, as runs before 2026-12-01
  --host-factor F     auto (default): measured first on the Python floor (lambda-perf's python3.13 Init ÷ ours, 10 cold
                      starts at 512 MB); or a number`;

const STRING_FLAGS = ['runtime', 'runtimes', 'memory', 'rounds', 'rates', 'cold-starts', 'instance-warmup', 'p99-bound', 'target', 'aws-endpoint', 'requests-per-month', 'gate', 'out', 'seed', 'slowed', 'slowed-ms', 'tracing', 'code-read-mbps', 'host-factor'] as const;
const BOOLEAN_FLAGS = ['smoke', 'quick', 'full', 'no-floors'] as const;

/** node:util parseArgs, its errors said the way this CLI says them (with the usage for an unknown flag). */
function parseFlags(argv: string[]) {
  const options = {
    ...Object.fromEntries(STRING_FLAGS.map((f) => [f, { type: 'string' as const }])),
    ...Object.fromEntries(BOOLEAN_FLAGS.map((f) => [f, { type: 'boolean' as const }])),
  } as Record<(typeof STRING_FLAGS)[number], { type: 'string' }> & Record<(typeof BOOLEAN_FLAGS)[number], { type: 'boolean' }>;
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false, tokens: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const flag = /'(-[^' ]+)/.exec(e.message)?.[1] ?? '';
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new Error(/argument missing/.test(e.message) ? `${flag} needs a value` : e.message, { cause: err });
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new Error(`unknown option ${flag || e.message}\n${USAGE}`, { cause: err });
    throw err;
  }
}

export function parseOptions(argv: string[], now = new Date()): BenchOptions {
  const { values: v, tokens } = parseFlags(argv);
  // The last profile flag wins, as the last of any repeated flag does.
  const profile = ([...tokens].reverse().find((t) => t.kind === 'option' && ['smoke', 'quick', 'full'].includes(t.name)) as { name: Profile } | undefined)?.name ?? 'default';
  const p = PROFILES[profile];
  const o: BenchOptions = { profile, ...p, memoryMb: [...p.memoryMb], rates: [...p.rates], capacity: { ...p.capacity }, concurrency: [...p.concurrency], target: null, awsEndpoint: null, requestsPerMonth: 100_000, outDir: '', seed: 1, slowed: null, tracing: ACTIVE_TRACING_BY_DEFAULT ? 'active' : 'off', codeReadMbps: DEFAULT_CODE_READ_MBPS, hostFactor: 'auto' };
  const one = (value: string, flag: string) => list(value, flag)[0]!;
  const runtimes = v.runtime ?? v.runtimes;
  if (runtimes !== undefined) o.runtimes = runtimes.split(',').map((s) => s.trim()).filter(Boolean);
  const memoryGiven = v.memory !== undefined;
  if (v.memory !== undefined) o.memoryMb = parseMemorySizes(v.memory, '--memory');
  if (v.rounds !== undefined) o.rounds = Math.max(1, Math.round(one(v.rounds, '--rounds')));
  if (v.rates !== undefined) o.rates = list(v.rates, '--rates');
  if (v['cold-starts'] !== undefined) o.coldStarts = Math.round(one(v['cold-starts'], '--cold-starts'));
  if (v['instance-warmup'] !== undefined) o.instanceWarmup = Math.round(one(v['instance-warmup'], '--instance-warmup'));
  if (v['p99-bound'] !== undefined) o.capacity.p99BoundMs = one(v['p99-bound'], '--p99-bound');
  if (v.target !== undefined) o.target = url(v.target, '--target');
  if (v['aws-endpoint'] !== undefined) o.awsEndpoint = url(v['aws-endpoint'], '--aws-endpoint');
  if (v['requests-per-month'] !== undefined) o.requestsPerMonth = one(v['requests-per-month'], '--requests-per-month');
  if (v.gate !== undefined) {
    if (v.gate !== 'run' && v.gate !== 'recorded' && v.gate !== 'skip') throw new Error('--gate is run, recorded or skip');
    o.gate = v.gate;
  }
  if (v['no-floors']) o.floors = false;
  if (v.tracing !== undefined) {
    if (!(TRACING_MODES as readonly string[]).includes(v.tracing)) throw new Error(`--tracing is ${TRACING_MODES.join(' or ')}`);
    o.tracing = v.tracing as Tracing;
  }
  if (v['code-read-mbps'] !== undefined) o.codeReadMbps = codeReadFlag(v['code-read-mbps'])!;
  if (v['host-factor'] !== undefined) o.hostFactor = v['host-factor'] === 'auto' ? 'auto' : hostFactorFlag(v['host-factor'])!;
  if (v['host-factor'] !== undefined && o.codeReadMbps === 'off') throw new Error('--host-factor scales the code-read model, which --code-read-mbps off turns off');
  if (v.out !== undefined) o.outDir = v.out;
  if (v.seed !== undefined) o.seed = Math.round(one(v.seed, '--seed'));
  const slowedMs = v['slowed-ms'] !== undefined ? one(v['slowed-ms'], '--slowed-ms') : 5;
  if (v.slowed !== undefined) o.slowed = { runtime: v.slowed, ms: slowedMs };
  if (o.memoryMb.some((m) => m < 128 || m > 10240)) throw new Error('--memory sizes must be 128..10240 MB');
  if (o.awsEndpoint && !o.target) throw new Error('--aws-endpoint goes with --target: it says where the Lambda and CloudWatch Logs calls for that target go');
  if (memoryGiven && o.target) throw new Error('--memory does not apply to --target: the deployed configuration decides each function\'s memory (change aws.memoryMb in lambdas/<runtime>/runtime.json and redeploy)');
  if (o.slowed && o.target) throw new Error('--slowed is a local fixture: it cannot be combined with --target');
  if (v.tracing !== undefined && o.target) throw new Error('--tracing is the local platform\'s: a deployed stage samples as its own X-Ray settings say');
  for (const flag of ['code-read-mbps', 'host-factor'] as const) if (v[flag] !== undefined && o.target) throw new Error(`--${flag} is the local platform's model: a deployed function reads its code as AWS does`);
  if (o.slowed && o.runtimes && !o.runtimes.includes(o.slowed.runtime)) throw new Error(`--slowed ${o.slowed.runtime}: that runtime is not selected by --runtime`);
  if (!o.outDir) o.outDir = `results/${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${profile}${o.slowed ? `-slowed-${o.slowed.runtime}` : ''}`;
  return o;
}
