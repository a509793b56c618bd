/**
 * cfn-lint (AWS's CloudFormation linter, from PyPI) over every template the app synthesizes,
 * in the settings a deploy uses: zero errors, and no warning unless .cfnlintrc.yaml ignores
 * it with a reason. `npm test` installs cfn-lint first (scripts/setup-cfn-lint.sh).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildBenchmarkApp } from '../lib/app';

const INFRA = path.join(__dirname, '..');
const CFN_LINT = path.join(INFRA, '.venv', 'bin', 'cfn-lint');
const CONFIG = path.join(INFRA, '.cfnlintrc.yaml');

/** The real lambdas/ discovery; placeholders where an artifact is not built (synth only). */
const SETTINGS: Record<string, Record<string, string>> = {
  dev: { environment: 'dev' },
  prod: { environment: 'prod' },
  'every switch flipped': {
    environment: 'dev',
    snapStart: 'kotlin',
    kotlinNative: 'true',
    apiAuth: 'none',
    apiGatewayAccountRole: 'true',
    tracing: 'false',
    reservedConcurrency: 'false',
    githubOidc: 'example-org/multi-runtime-api-benchmark',
    benchRunnerRole: 'multi-runtime-benchmark-github-bench',
  },
};

describe('cfn-lint over every synthesized template', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('cfn-lint is installed (scripts/setup-cfn-lint.sh)', () => {
    expect({ cfnLint: CFN_LINT, exists: fs.existsSync(CFN_LINT) }).toEqual({ cfnLint: CFN_LINT, exists: true });
  });

  test.each(Object.entries(SETTINGS))('%s: 0 errors, 0 warnings beyond the ones ignored with a reason', (_name, context) => {
    // Prepare
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-cfn-lint-'));
    dirs.push(outdir);
    const app = new App({ outdir, context: { ...context, allowMissingArtifacts: 'true' } });
    buildBenchmarkApp(app);
    app.synth();
    const templates = fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json')).map((f) => path.join(outdir, f));
    // Act
    const result = spawnSync(CFN_LINT, ['--config-file', CONFIG, '--format', 'parseable', '--', ...templates], { encoding: 'utf8', timeout: 110_000 });
    // Assess: exit 0 means no error, warning or informational finding.
    expect(templates.length).toBeGreaterThanOrEqual(4);
    expect({ status: result.status, findings: result.stdout.trim(), stderr: result.stderr.trim() }).toEqual({ status: 0, findings: '', stderr: '' });
  });

  test('every ignored check carries its reason', () => {
    // Prepare
    const lines = fs.readFileSync(CONFIG, 'utf8').split('\n');
    const start = lines.findIndex((l) => /^ignore_checks:/.test(l));
    const entries = lines.slice(start + 1).filter((l) => /^\s+-\s/.test(l));
    // Assess
    expect(start).toBeGreaterThanOrEqual(0);
    for (const entry of entries) expect(entry).toMatch(/^\s+-\s+[EWI]\d{4}\s+#\s+\S.{40,}$/);
  });
});
