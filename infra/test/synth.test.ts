/**
 * The CDK entry (bin/app.ts) as `cdk synth` runs it: offline, no credentials, no Docker.
 * Uses the real lambdas/ discovery with placeholders for artifacts not built here.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverRuntimes } from '../../core/src/runtimes';
import { pascal } from '../lib/config';

const INFRA = path.join(__dirname, '..');

function synth(context: Record<string, string>) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-synth-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) };
  // No credentials and no account: the stacks must synthesize environment-agnostic.
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'CDK_DEFAULT_ACCOUNT', 'CDK_DEFAULT_REGION']) delete env[k];
  const result = spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', 'bin/app.ts'], { cwd: INFRA, env, encoding: 'utf8', timeout: 110_000 });
  return { outdir, result };
}

describe('bin/app.ts', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('synthesizes every stack for dev, one runtime stack per manifest', () => {
    // Act
    const { outdir, result } = synth({ environment: 'dev', allowMissingArtifacts: 'true' });
    dirs.push(outdir);
    // Assess
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.status).toBe(0);
    const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).sort();
    const expected = ['Api', 'Data', 'Monitoring', ...discoverRuntimes().map((r) => `Runtime${pascal(r.name)}`)].map(
      (p) => `MultiRuntimeBenchmark-dev-${p}.template.json`,
    );
    expect(templates).toEqual(expected.sort());
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.filter((r: { conclusion?: string }) => r.conclusion === 'failure')).toEqual([]);
  });

  test('--context kotlinNative=true adds the native Kotlin stack: provided.al2023, handler bootstrap', () => {
    // Act
    const { outdir, result } = synth({ environment: 'dev', allowMissingArtifacts: 'true', kotlinNative: 'true' });
    dirs.push(outdir);
    // Assess
    expect(result.status).toBe(0);
    const template = JSON.parse(fs.readFileSync(path.join(outdir, 'MultiRuntimeBenchmark-dev-RuntimeKotlinNative.template.json'), 'utf8'));
    const functions = Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.map((f) => [f.Properties.Runtime, f.Properties.Handler])).toEqual([['provided.al2023', 'bootstrap']]);
  });

  test('an unknown environment fails with a clear message', () => {
    const { outdir, result } = synth({ environment: 'staging' });
    dirs.push(outdir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('unknown environment "staging"');
  });
});
