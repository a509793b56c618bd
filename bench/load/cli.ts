/**
 * `npm run load -- --target URL [--scenario crud] [--runtime a,b] [--env smoke|local|stage]`:
 * an Artillery scenario (bench/load/scenarios) against `npm start` or a deployed stage, from
 * this machine or, with --on fargate|lambda, from many (Artillery's run-fargate / run-lambda).
 * It checks the target answers as the stage first, bundles the processor (SigV4 signing,
 * per-runtime metrics), runs Artillery, and prints per-runtime latencies from its report.
 * Exit code: Artillery's (0 when every check and `ensure` threshold held).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverRuntimes, selectRuntimes } from '../../core/src/runtimes';
import { LOCAL_DUMMY_CREDENTIALS } from '../src/aws/clients';
import { TargetError } from '../src/aws/errors';
import { checkStage } from '../src/aws/preflight';
import { request, setRequestSigner } from '../src/http';
import { stageSigner } from '../src/target';
import { perRuntimeTable, type ArtilleryReport } from './report';

export const LOAD_DIR = __dirname;
const SCENARIOS = path.join(LOAD_DIR, 'scenarios');
const ARTILLERY = path.join(LOAD_DIR, 'node_modules', '.bin', 'artillery');
const ENVIRONMENTS = ['smoke', 'local', 'stage'] as const;

export const USAGE = `usage: npm run load -- --target URL [--scenario crud] [--runtime a,b] [--env smoke|local|stage]
                       [--out DIR] [--on local|fargate|lambda [--region R] [--count N]] [--dry-run]

  --target URL    npm start's gateway (http://127.0.0.1:3000) or a stage (the StageUrl output)
  --scenario      a file of bench/load/scenarios without .yml (default crud)
  --runtime a,b   the runtimes to load, one per virtual user in turn (default: every lambdas/*/runtime.json)
  --env           phases and thresholds: smoke (20 s, CI), local (2.5 min, npm start), stage (8 min, a deployed
                  stage; p99 < 1000 ms and < 1 % errors, the CDK alarms' thresholds). Default: local for a
                  127.0.0.1 target, stage otherwise
  --out DIR       where report.json goes (default results/load-<time>-<scenario>)
  --on            where the virtual users run: this machine (default), or spread over AWS Fargate tasks or
                  Lambda functions (artillery run-fargate / run-lambda; --region and --count go to them)
  --dry-run       print the Artillery command instead of running it

Requests to an IAM stage are SigV4-signed (AWS SDK credential chain; BENCH_AUTH=none for a public stage).
Install Artillery first: npm ci --prefix bench/load (docs/aws.md, "Load tests with Artillery").`;

export interface LoadOptions {
  target: string;
  scenario: string;
  runtimes?: string[];
  env: (typeof ENVIRONMENTS)[number];
  outDir: string;
  on: 'local' | 'fargate' | 'lambda';
  region?: string;
  count?: number;
  dryRun: boolean;
}

const isLoopback = (u: string) => /^(127\.|localhost$|\[::1\]$)/.test(new URL(u).hostname);

export function parseLoadOptions(argv: string[], now = new Date()): LoadOptions | 'help' {
  const o: Partial<LoadOptions> & { dryRun: boolean } = { scenario: 'crud', on: 'local', dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--help' || a === '-h') return 'help';
    else if (a === '--target') {
      const v = value();
      if (!/^https?:\/\/[^/]/.test(v)) throw new Error(`--target needs an http(s) URL, got "${v}"`);
      o.target = v.replace(/\/+$/, '');
    } else if (a === '--scenario') o.scenario = value();
    else if (a === '--runtime' || a === '--runtimes') o.runtimes = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--env') {
      const v = value();
      if (!(ENVIRONMENTS as readonly string[]).includes(v)) throw new Error(`--env is ${ENVIRONMENTS.join(', ')}, got "${v}"`);
      o.env = v as LoadOptions['env'];
    } else if (a === '--out') o.outDir = value();
    else if (a === '--on') {
      const v = value();
      if (v !== 'local' && v !== 'fargate' && v !== 'lambda') throw new Error(`--on is local, fargate or lambda, got "${v}"`);
      o.on = v;
    } else if (a === '--region') o.region = value();
    else if (a === '--count') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error('--count needs a positive whole number of workers');
      o.count = n;
    } else if (a === '--dry-run') o.dryRun = true;
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (!o.target) throw new Error(`--target is required\n${USAGE}`);
  if (!/^[\w-]+$/.test(o.scenario!) || !fs.existsSync(path.join(SCENARIOS, `${o.scenario}.yml`))) {
    const known = fs.readdirSync(SCENARIOS).filter((f) => f.endsWith('.yml')).map((f) => f.slice(0, -4));
    throw new Error(`no scenario "${o.scenario}" in bench/load/scenarios; known: ${known.join(', ')}`);
  }
  if (o.on !== 'local' && isLoopback(o.target)) throw new Error(`--on ${o.on} runs the virtual users in AWS: they cannot reach ${o.target} on this machine`);
  if ((o.region || o.count) && o.on === 'local') throw new Error('--region and --count go with --on fargate or --on lambda');
  const env = o.env ?? (isLoopback(o.target) ? 'local' : 'stage');
  const outDir = o.outDir ?? `results/load-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${o.scenario}`;
  return { target: o.target, scenario: o.scenario!, ...(o.runtimes ? { runtimes: o.runtimes } : {}), env, outDir, on: o.on!, ...(o.region ? { region: o.region } : {}), ...(o.count ? { count: o.count } : {}), dryRun: o.dryRun };
}

/** The processor and everything it imports in one CommonJS file, which Artillery loads (and ships to cloud workers). */
export async function bundleProcessor(): Promise<string> {
  const esbuild = await import('esbuild');
  const outfile = path.join(LOAD_DIR, 'dist', 'processor.js');
  await esbuild.build({ entryPoints: [path.join(LOAD_DIR, 'processor.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'error' });
  return outfile;
}

/** The Artillery command line for the options. */
export function artilleryArgs(o: LoadOptions, reportFile: string): string[] {
  const command = o.on === 'fargate' ? 'run-fargate' : o.on === 'lambda' ? 'run-lambda' : 'run';
  return [
    command,
    '--target', o.target,
    '--environment', o.env,
    '--output', reportFile,
    ...(o.region ? ['--region', o.region] : []),
    ...(o.count ? ['--count', String(o.count)] : []),
    path.join(SCENARIOS, `${o.scenario}.yml`),
  ];
}

async function main(argv: string[]): Promise<number> {
  const o = parseLoadOptions(argv);
  if (o === 'help') {
    console.log(USAGE);
    return 0;
  }
  const runtimes = selectRuntimes(discoverRuntimes(), o.runtimes?.join(',')).map((r) => r.name);
  const outDir = path.resolve(o.outDir);
  const reportFile = path.join(outDir, 'report.json');
  const args = artilleryArgs(o, reportFile);
  const env = { ...process.env, LOAD_RUNTIMES: runtimes.join(','), ARTILLERY_DISABLE_TELEMETRY: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  if (o.dryRun) {
    console.log(`LOAD_RUNTIMES=${env.LOAD_RUNTIMES} ARTILLERY_DISABLE_TELEMETRY=true ${path.relative(process.cwd(), ARTILLERY)} ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
    return 0;
  }
  if (!fs.existsSync(ARTILLERY)) throw new Error('Artillery is not installed: run `npm ci --prefix bench/load` (about 590 MB, a minute; kept apart from the root install)');
  // As the bench does: the target must answer as the stage, signed as the processor will sign.
  const local = isLoopback(o.target);
  const signer = await stageSigner(o.target, process.env, local ? async () => LOCAL_DUMMY_CREDENTIALS : undefined, local ? (process.env.AWS_REGION ?? 'us-east-1') : undefined);
  setRequestSigner(signer?.sign);
  try {
    await checkStage(o.target, runtimes, (url) => request(url), !!signer);
  } finally {
    setRequestSigner(undefined);
  }
  await bundleProcessor();
  fs.mkdirSync(outDir, { recursive: true });
  console.error(`[load] ${o.scenario} (${o.env}) against ${o.target}, runtimes ${runtimes.join(', ')}${o.on === 'local' ? '' : `, virtual users on ${o.on}`}; report ${path.relative(process.cwd(), reportFile)}`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(ARTILLERY, args, { stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (fs.existsSync(reportFile)) {
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ArtilleryReport;
    console.log(`\nper runtime (time to first byte, ms, whole run):\n${perRuntimeTable(report, runtimes)}`);
  }
  console.log(code === 0 ? '\nload: every check and threshold held' : `\nload: Artillery exited ${code} (21: a response check failed; 1: an ensure threshold was missed or the run failed)`);
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof TargetError || err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
