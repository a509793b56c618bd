/**
 * `npm run soak -- --minutes N [--runtime a,b] [--workers 2] [--concurrency 10] [--think-ms 20]`:
 * a soak of the local platform; exits 0 only when every check passes. See soak/README.md.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runSoak } from './soak';
import { exitOnTerminationSignals } from '../../core/src/signals';

const USAGE = `Usage: npm run soak -- --minutes N [--runtime NAME[,NAME]] [--workers 2] [--concurrency 10]
                       [--think-ms 20] [--sample-every-s 10] [--out results/soak-<time>]`;

function positive(name: string, text: string | undefined, fallback: number, integer = true): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${text}"\n${USAGE}`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string' },
      runtime: { type: 'string' },
      workers: { type: 'string' },
      concurrency: { type: 'string' },
      'think-ms': { type: 'string' },
      'sample-every-s': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.minutes === undefined) throw new Error(`--minutes is required\n${USAGE}`);
  const minutes = positive('minutes', values.minutes, 1, false);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const result = await runSoak({
    minutes,
    runtimes: values.runtime?.split(',').map((s) => s.trim()).filter(Boolean),
    workers: positive('workers', values.workers, 2),
    concurrencyLimit: positive('concurrency', values.concurrency, 10),
    thinkMs: values['think-ms'] === '0' ? 0 : positive('think-ms', values['think-ms'], 20),
    sampleEveryMs: positive('sample-every-s', values['sample-every-s'], minutes < 4 ? 5 : 10, false) * 1000,
    outDir: path.resolve(values.out ?? path.join('results', `soak-${stamp}`)),
    log: (line) => console.log(`[soak] ${line}`),
  });
  console.log('');
  for (const [runtime, counts] of Object.entries(result.requests)) {
    console.log(`${runtime.padEnd(11)} ${Object.entries(counts).sort().map(([k, n]) => `${k}: ${n}`).join(', ')}`);
  }
  console.log('');
  for (const c of result.checks) console.log(`${c.passed ? 'PASS' : 'FAIL'} ${c.name}\n     ${c.detail}`);
  for (const f of result.failures.slice(0, 10)) console.log(`  ${f.runtime} ${f.op}: ${f.what} → ${f.status} ${f.body.slice(0, 160)}`);
  console.log(`\nsoak: ${result.passed ? 'passed' : 'FAILED'} (${(result.durationMs / 60_000).toFixed(1)} min; load ${result.load.before.map((l) => l.toFixed(2)).join(' ')} before, ${result.load.after.map((l) => l.toFixed(2)).join(' ')} after, ${result.load.cpus} CPUs)`);
  console.log(`report: ${path.relative(process.cwd(), path.join(result.options.outDir, 'soak.json'))}`);
  return result.passed ? 0 : 1;
}

exitOnTerminationSignals((line) => console.error(`\n[soak] ${line}`));
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
