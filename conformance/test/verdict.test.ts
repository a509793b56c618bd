import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeIdentity } from '../src/git';
import type { Summary } from '../src/summary';
import { conformanceVerdict, recordedVerdict } from '../src/verdict';

const FIXTURES = path.join(__dirname, 'fixtures', 'lambdas');

function writeRun(dir: string, runId: string, fields: Partial<Summary>): void {
  const summary = {
    schemaVersion: 1,
    runId,
    startedAt: '2026-01-01T00:00:00.000Z',
    quick: false,
    runtimes: ['drifting', 'faithful', 'twin'],
    schemathesis: { ran: true },
    results: {
      drifting: { passed: false, reason: 'differential: 3 failures' },
      faithful: { passed: true },
      twin: { passed: true },
    },
    ...fields,
  };
  fs.mkdirSync(path.join(dir, runId), { recursive: true });
  fs.writeFileSync(path.join(dir, runId, 'summary.json'), JSON.stringify(summary));
}

describe('recordedVerdict', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-verdict-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes the latest run for the current code and ignores runs of other code', () => {
    // Prepare
    const code = codeIdentity();
    writeRun(dir, 'old', { ...code, startedAt: '2026-01-01T00:00:00.000Z' });
    writeRun(dir, 'new', { ...code, startedAt: '2026-01-02T00:00:00.000Z' });
    writeRun(dir, 'other-commit', { ...code, commit: 'f'.repeat(40), startedAt: '2026-01-03T00:00:00.000Z' });
    writeRun(dir, 'other-changes', { ...code, changesHash: 'something else', startedAt: '2026-01-04T00:00:00.000Z' });
    // Act
    const verdict = recordedVerdict({ resultsDir: dir, lambdasDir: FIXTURES, code });
    // Assess
    expect(verdict).toEqual({
      commit: code.commit,
      dirty: code.dirty,
      source: 'recorded',
      quick: false,
      runId: 'new',
      runDir: path.join(dir, 'new'),
      runtimes: { drifting: { passed: false, reason: 'differential: 3 failures' }, faithful: { passed: true }, twin: { passed: true } },
    });
  });

  it('does not reuse a run that left a wanted runtime out or skipped schemathesis', async () => {
    // Prepare
    const code = codeIdentity();
    writeRun(dir, 'partial', { ...code, runtimes: ['faithful'] });
    writeRun(dir, 'no-schemathesis', { ...code, schemathesis: { ran: false } as Summary['schemathesis'] });
    // Act
    const recorded = recordedVerdict({ resultsDir: dir, lambdasDir: FIXTURES, code });
    const narrowed = recordedVerdict({ resultsDir: dir, lambdasDir: FIXTURES, code, runtimes: ['faithful'] });
    const missing = await conformanceVerdict({ resultsDir: dir, lambdasDir: FIXTURES, runIfMissing: false });
    // Assess
    expect(recorded).toBeUndefined();
    expect(missing).toBeUndefined();
    expect(narrowed?.runtimes).toEqual({ faithful: { passed: true } });
  });
});
