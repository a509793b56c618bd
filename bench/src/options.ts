/** Command-line options and the profiles (smoke, quick, default, full). */

export type Profile = 'smoke' | 'quick' | 'default' | 'full';

export interface BenchOptions {
  profile: Profile;
  runtimes?: string[];
  memoryMb: number[];
  rounds: number;
  coldStarts: number;
  floorColdStarts: number;
  rates: number[];
  warmSeconds: number;
  warmupSeconds: number;
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
  seed: number;
}

const PROFILES: Record<Profile, Omit<BenchOptions, 'profile' | 'runtimes' | 'target' | 'awsEndpoint' | 'outDir' | 'requestsPerMonth' | 'seed'>> = {
  smoke: { memoryMb: [512], rounds: 1, coldStarts: 2, floorColdStarts: 1, rates: [10], warmSeconds: 4, warmupSeconds: 1, concurrency: [2], throughputSeconds: 2, gate: 'recorded', floors: true },
  quick: { memoryMb: [512], rounds: 2, coldStarts: 3, floorColdStarts: 2, rates: [10, 30], warmSeconds: 6, warmupSeconds: 1.5, concurrency: [1, 4], throughputSeconds: 3, gate: 'run', floors: true },
  default: { memoryMb: [512, 1769], rounds: 3, coldStarts: 5, floorColdStarts: 3, rates: [10, 40], warmSeconds: 8, warmupSeconds: 2, concurrency: [1, 4, 8], throughputSeconds: 4, gate: 'run', floors: true },
  full: { memoryMb: [128, 512, 1769], rounds: 5, coldStarts: 10, floorColdStarts: 5, rates: [10, 40, 80], warmSeconds: 20, warmupSeconds: 3, concurrency: [1, 2, 4, 8, 16], throughputSeconds: 6, gate: 'run', floors: true },
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
                    [--rates 10,40] [--target URL [--aws-endpoint URL]] [--requests-per-month N] [--gate run|recorded|skip] [--no-floors] [--out DIR]
  --target URL        a deployed stage (the StageUrl output): cold starts forced by a configuration update, every
                      request matched to its REPORT line; memory sizes are the deployed ones (docs/aws.md)
  --aws-endpoint URL  with --target: send the Lambda and CloudWatch Logs calls there instead of AWS, e.g. the local
                      platform's (npm start -- --aws-endpoint-port 3001)`;

export function parseOptions(argv: string[], now = new Date()): BenchOptions {
  let profile: Profile = 'default';
  for (const a of argv) if (a === '--smoke' || a === '--quick' || a === '--full') profile = a.slice(2) as Profile;
  const o: BenchOptions = { profile, ...PROFILES[profile], memoryMb: [...PROFILES[profile].memoryMb], target: null, awsEndpoint: null, requestsPerMonth: 100_000, outDir: '', seed: 1 };
  let memoryGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (['--smoke', '--quick', '--full'].includes(a)) continue;
    else if (a === '--runtime' || a === '--runtimes') o.runtimes = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--memory') {
      o.memoryMb = list(value(), a).map(Math.round);
      memoryGiven = true;
    }
    else if (a === '--rounds') o.rounds = Math.max(1, Math.round(list(value(), a)[0]!));
    else if (a === '--rates') o.rates = list(value(), a);
    else if (a === '--cold-starts') o.coldStarts = Math.round(list(value(), a)[0]!);
    else if (a === '--target') o.target = url(value(), a);
    else if (a === '--aws-endpoint') o.awsEndpoint = url(value(), a);
    else if (a === '--requests-per-month') o.requestsPerMonth = list(value(), a)[0]!;
    else if (a === '--gate') {
      const g = value();
      if (g !== 'run' && g !== 'recorded' && g !== 'skip') throw new Error('--gate is run, recorded or skip');
      o.gate = g;
    } else if (a === '--no-floors') o.floors = false;
    else if (a === '--out') o.outDir = value();
    else if (a === '--seed') o.seed = Math.round(list(value(), a)[0]!);
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (o.memoryMb.some((m) => m < 128 || m > 10240)) throw new Error('--memory sizes must be 128..10240 MB');
  if (o.awsEndpoint && !o.target) throw new Error('--aws-endpoint goes with --target: it says where the Lambda and CloudWatch Logs calls for that target go');
  if (memoryGiven && o.target) throw new Error('--memory does not apply to --target: the deployed configuration decides each function\'s memory (change aws.memoryMb in lambdas/<runtime>/runtime.json and redeploy)');
  if (!o.outDir) o.outDir = `results/${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${profile}`;
  return o;
}
