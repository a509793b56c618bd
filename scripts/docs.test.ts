/** The docs site must work with the network off: nothing remote is loaded. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDocs } from './docs';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-'));
  buildDocs(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const html = () => fs.readFileSync(path.join(dir, 'index.html'), 'utf8');

test('the page loads Redoc from the local bundle, which is there', () => {
  const scripts = [...html().matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  expect(scripts).toEqual(['redoc.standalone.js']);
  expect(fs.statSync(path.join(dir, 'redoc.standalone.js')).size).toBeGreaterThan(100_000);
});

test('the page references no remote script, style or font', () => {
  const page = html();
  const remote = [
    ...page.matchAll(/<(?:script|link|img|iframe)[^>]*\b(?:src|href)="((?:https?:)?\/\/[^"]+)"/gi),
    ...page.matchAll(/@import\s+(?:url\()?["']?((?:https?:)?\/\/[^"')]+)/gi),
    ...page.matchAll(/url\(\s*["']?((?:https?:)?\/\/[^"')]+)/gi),
    ...page.matchAll(/["']((?:https?:)?\/\/fonts\.(?:googleapis|gstatic)\.com[^"']*)/gi),
  ].map((m) => m[1]);
  expect(remote).toEqual([]);
});

test('the contract is embedded, not fetched', () => {
  expect(html()).toContain('"operationId":"createItem"');
  expect(html()).not.toMatch(/Redoc\.init\(\s*["']/);
});

test('the Redoc bundle itself injects no remote stylesheet or font', () => {
  const bundle = fs.readFileSync(path.join(dir, 'redoc.standalone.js'), 'utf8');
  expect(bundle).not.toMatch(/fonts\.googleapis\.com|fonts\.gstatic\.com/);
});
