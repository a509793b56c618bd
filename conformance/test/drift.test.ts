/**
 * The acceptance test of issue 7: a deliberately non-conforming runtime (fixtures/lambdas/drifting:
 * creates answer 200, items lose their description) makes `npm run conformance` exit non-zero,
 * and the report names the exact mismatch. Two faithful fixtures wrap the same TypeScript bundle,
 * so the drifting one is outvoted. Also checks the bench's gate reads that run back.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIfStale } from '../../core/src/build';
import { readManifest } from '../../core/src/runtimes';
import { REPO_ROOT } from '../src/paths';
import type { Summary } from '../src/summary';
import { recordedVerdict } from '../src/verdict';

const FIXTURES = path.join(__dirname, 'fixtures', 'lambdas');

describe('a runtime that drifts from the contract', () => {
  let resultsDir: string;
  let exitCode: number | null;
  let output: string;
  let summary: Summary;
  let report: string;

  beforeAll(() => {
    // Prepare: the fixtures run the real TypeScript bundle.
    buildIfStale(readManifest(path.join(REPO_ROOT, 'lambdas', 'typescript', 'runtime.json')));
    resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-drift-'));
    // Act
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'conformance/src/cli.ts', '--lambdas-dir', FIXTURES, '--results-dir', resultsDir, '--quick', '--max-examples', '3'],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 170_000 },
    );
    exitCode = run.status;
    output = run.stdout + run.stderr;
    const [runId] = fs.readdirSync(resultsDir);
    summary = JSON.parse(fs.readFileSync(path.join(resultsDir, runId!, 'summary.json'), 'utf8')) as Summary;
    report = fs.readFileSync(path.join(resultsDir, runId!, 'summary.md'), 'utf8');
  });
  afterAll(() => fs.rmSync(resultsDir, { recursive: true, force: true }));

  it('exits non-zero and fails the drifting runtime', () => {
    expect(exitCode).toBe(1);
    expect(output).toMatch(/^FAIL drifting: /m);
    expect(summary.passed).toBe(false);
    expect(summary.results.drifting!.passed).toBe(false);
  });

  it('names the exact mismatch of the create: 200 for 201, and the missing description', () => {
    // Assess
    const create = summary.results.drifting!.failures.find((f) => f.kind === 'differential' && f.source === 'scenario:create');
    expect(create?.diff).toEqual(['status: 201 (faithful, twin) ≠ 200 (drifting)', 'body.description: "90 ml, white porcelain" (faithful, twin) ≠ (absent) (drifting)']);
    expect(report).toContain('  - status: 201 (faithful, twin) ≠ 200 (drifting)');
    const contract = summary.results.drifting!.failures.find((f) => f.kind === 'scenario' && f.source === 'scenario:create');
    expect(contract?.message).toBe('status 200, the contract says 201');
  });

  it('catches the drift through schemathesis and across runtimes too', () => {
    expect(summary.results.drifting!.counts.schemathesis).toBeGreaterThan(0);
    expect(summary.results.drifting!.failures.some((f) => f.kind === 'cross-runtime' && /description|status 200, expected 201/.test(f.message))).toBe(true);
    expect(fs.existsSync(path.join(resultsDir, summary.runId, 'junit-drifting.xml'))).toBe(true);
  });

  it('blames no faithful runtime for the drift: they agree with each other everywhere', () => {
    for (const name of ['faithful', 'twin']) {
      expect(summary.results[name]!.counts.differential).toBe(0);
      expect(summary.results[name]!.counts.crossRuntime).toBe(0);
    }
    // Whatever the wrapped bundle itself gets wrong, both wrappers get wrong identically.
    const messages = (name: string) => summary.results[name]!.failures.map((f) => `${f.kind} ${f.source} ${f.message}`.replace(new RegExp(name, 'g'), '<fixture>'));
    expect(messages('twin')).toEqual(messages('faithful'));
  });

  it('gives the bench the recorded verdict for this code, with the reason', () => {
    // Prepare: the code as the run saw it (other work in this checkout may have changed it since).
    const code = { commit: summary.commit, dirty: summary.dirty, changesHash: summary.changesHash };
    // Act
    const verdict = recordedVerdict({ resultsDir, lambdasDir: FIXTURES, code });
    // Assess
    expect(verdict).toMatchObject({ source: 'recorded', runId: summary.runId, commit: summary.commit });
    expect(verdict!.runtimes.drifting).toEqual({ passed: false, reason: expect.stringContaining('differential') });
    expect(Object.keys(verdict!.runtimes).sort()).toEqual(['drifting', 'faithful', 'twin']);
  });
});
