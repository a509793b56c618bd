/**
 * Runs the pinned schemathesis CLI (conformance/.venv, made by setup.sh) against one runtime's
 * prefix: every phase, every check but the documented exclusions, deterministic generation.
 * It writes JUnit XML and a byte-exact VCR cassette, which the differential check replays.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFORMANCE_DIR, CONTRACT_PATH } from './paths';

/**
 * Checks that cannot hold behind an API Gateway proxy; docs/conformance.md gives each reason.
 * Everything else in `--checks all` runs.
 */
export const EXCLUDED_CHECKS: Record<string, string> = {
  unsupported_method:
    'expects 405 for a method the path lacks; API Gateway (REST, proxy) answers 403 {"message":"Missing Authentication Token"} before any Lambda runs',
};

export const PHASES = ['examples', 'coverage', 'fuzzing', 'stateful'];
/** Fixed, so a run can be told apart in reports; deterministic mode draws the same cases anyway. */
export const SEED = 20260131;

export interface SchemathesisBounds {
  /** --max-examples per operation (also bounds the stateful phase). */
  maxExamples: number;
}
export const DEFAULT_BOUNDS: SchemathesisBounds = { maxExamples: 100 };
export const QUICK_BOUNDS: SchemathesisBounds = { maxExamples: 20 };

export interface SchemathesisFailure {
  /** The JUnit test case: `POST /items`, `Stateful tests`. */
  operation: string;
  /** Failure codes, e.g. `ST101, ST103`. */
  codes: string;
  /** schemathesis' own text: checks, response, curl to reproduce. */
  details: string;
}

export interface SchemathesisResult {
  runtime: string;
  exitCode: number;
  passed: boolean;
  tests: number;
  failures: SchemathesisFailure[];
  junitPath: string;
  cassettePath: string;
  logPath: string;
  durationMs: number;
}

export const VENV_BIN = path.join(CONFORMANCE_DIR, '.venv', 'bin');

/** Creates or refreshes the venv (skipped when its stamp matches requirements.txt). */
export function ensureSchemathesis(log: (line: string) => void = () => undefined): void {
  const r = spawnSync('bash', [path.join(CONFORMANCE_DIR, 'setup.sh')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`conformance/setup.sh failed:\n${r.stdout}${r.stderr}`);
  log(r.stdout.trim());
}

export function schemathesisArgs(baseUrl: string, junitPath: string, cassettePath: string, bounds: SchemathesisBounds): string[] {
  return [
    'run',
    CONTRACT_PATH,
    '--url',
    baseUrl,
    '--phases',
    PHASES.join(','),
    '--checks',
    'all',
    '--exclude-checks',
    Object.keys(EXCLUDED_CHECKS).join(','),
    '--seed',
    String(SEED),
    // Deterministic mode also turns the example database off: no state carried between runs.
    '--generation-deterministic',
    '--max-examples',
    String(bounds.maxExamples),
    // One worker: the stateful phase and the cassette's order stay reproducible.
    '--workers',
    '1',
    '--request-timeout',
    '35',
    '--report',
    'junit,vcr',
    '--report-junit-path',
    junitPath,
    '--report-vcr-path',
    cassettePath,
    // Bodies kept byte for byte (base64), so the replay sends exactly what schemathesis sent.
    '--report-preserve-bytes',
    '--output-truncate',
    'false',
    '--no-color',
  ];
}

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');

/** Failures and errors of a schemathesis JUnit report. */
export function parseJunit(xml: string): { tests: number; failures: SchemathesisFailure[] } {
  const tests = (xml.match(/<testcase\b/g) ?? []).length;
  const failures: SchemathesisFailure[] = [];
  const re = /<testcase name="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const inner = /<(failure|error)\b([^>]*)>([\s\S]*?)<\/\1>/g;
    for (let f = inner.exec(m[2]!); f; f = inner.exec(m[2]!)) {
      const message = /\bmessage="([^"]*)"/.exec(f[2]!)?.[1];
      failures.push({ operation: unescapeXml(m[1]!), codes: unescapeXml(message ?? f[1]!), details: unescapeXml(f[3]!).trim() });
    }
  }
  return { tests, failures };
}

export async function runSchemathesis(
  runtime: string,
  baseUrl: string,
  outDir: string,
  bounds: SchemathesisBounds,
  log: (line: string) => void = () => undefined,
): Promise<SchemathesisResult> {
  const junitPath = path.join(outDir, `junit-${runtime}.xml`);
  const cassettePath = path.join(outDir, 'cassettes', `${runtime}.yaml`);
  const logPath = path.join(outDir, 'logs', `schemathesis-${runtime}.log`);
  fs.mkdirSync(path.dirname(cassettePath), { recursive: true });
  fs.mkdirSync(path.dirname(logPath), { recursive: true });
  const started = Date.now();
  const args = schemathesisArgs(baseUrl, junitPath, cassettePath, bounds);
  log(`schemathesis ${runtime}: st ${args.join(' ')}`);
  const out = fs.openSync(logPath, 'w');
  const exitCode = await new Promise<number>((resolve, reject) => {
    // cwd: schemathesis keeps a crash cache in ./.schemathesis and replays it first next time;
    // a fresh folder per run keeps every run independent of the ones before.
    const cwd = path.join(outDir, 'schemathesis-cwd', runtime);
    fs.mkdirSync(cwd, { recursive: true });
    const child = spawn(path.join(VENV_BIN, 'st'), args, { cwd, stdio: ['ignore', out, out], env: { ...process.env, SCHEMATHESIS_HOOKS: '' } });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  fs.closeSync(out);
  const junit = fs.existsSync(junitPath) ? parseJunit(fs.readFileSync(junitPath, 'utf8')) : { tests: 0, failures: [] };
  const failures = [...junit.failures];
  if (exitCode !== 0 && failures.length === 0) {
    // A usage or schema error leaves no JUnit failure behind: the log says what happened.
    failures.push({ operation: '(run)', codes: `exit ${exitCode}`, details: fs.readFileSync(logPath, 'utf8').slice(-4000) });
  }
  return { runtime, exitCode, passed: exitCode === 0 && failures.length === 0, tests: junit.tests, failures, junitPath, cassettePath, logPath, durationMs: Date.now() - started };
}
