/** The platform's own memory stays bounded on a long run: `reports` keeps only the latest records. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startPlatform } from '../src/platform';

const FIXTURES = path.join(__dirname, 'fixtures', 'lambdas');

it('keeps between reportsKept and twice that many REPORT records, the latest; the report file keeps all', async () => {
  // Prepare
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'platform-reports-')), 'reports.jsonl');
  const seen: string[] = [];
  const platform = await startPlatform({ port: 0, lambdasDir: FIXTURES, build: false, runtimes: ['noop'], reportsKept: 3, reportFile: file, onReport: (r) => seen.push(r.requestId) });
  const held = platform.reports;
  try {
    // Act
    for (let i = 0; i < 11; i++) await fetch(`${platform.url}/noop/items`);
  } finally {
    await platform.stop();
  }
  // Assess
  expect(platform.reports).toBe(held); // trimmed in place: a caller's reference stays live
  expect(held.length).toBeGreaterThanOrEqual(3);
  expect(held.length).toBeLessThan(6);
  expect(held.map((r) => r.requestId)).toEqual(seen.slice(-held.length));
  expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(11);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
