/**
 * The dependency rules (.dependency-cruiser.cjs, `npm run lint:deps`) fail on what they forbid:
 * each case builds a small tree of folders named like the repository's, runs dependency-cruiser
 * with the repository's own configuration on it, and expects the rule it breaks by name.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..');
const CONFIG = path.join(REPO, '.dependency-cruiser.cjs');
const DEPCRUISE = path.join(REPO, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Writes `files` (path → imported paths) as .ts modules under a fresh folder; returns it. */
function tree(files: Record<string, string[]>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dep-rules-'));
  for (const [file, imports] of Object.entries(files)) {
    const abs = path.join(root, file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const lines = imports.map((to, i) => {
      let rel = path.relative(path.dirname(file), to).replace(/\.ts$/, '');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `import { v as v${i} } from '${rel}';\nexport const u${i} = v${i};`;
    });
    fs.writeFileSync(abs, `${lines.join('\n')}\nexport const v = 1;\n`);
  }
  return root;
}

function cruise(root: string): { status: number | null; output: string } {
  const folders = fs.readdirSync(root);
  const r = spawnSync(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', 'err', ...folders], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
const run = (files: Record<string, string[]>) => {
  const root = tree(files);
  roots.push(root);
  return cruise(root);
};

describe('dependency rules', () => {
  test('the floors as they are meant to be pass', () => {
    // Prepare / Act
    const r = run({
      'core/src/a.ts': [],
      'platform/src/p.ts': ['core/src/a.ts'],
      'infra/lib/i.ts': ['core/src/a.ts'],
      'conformance/src/c.ts': ['platform/src/p.ts'],
      'bench/src/b.ts': ['conformance/src/c.ts', 'platform/src/p.ts'],
      'scripts/s.ts': ['bench/src/b.ts', 'infra/lib/i.ts'],
      'lambdas/rust/src/handler.ts': ['generated/rust/models.ts'],
      'generated/rust/models.ts': [],
    });
    // Assess
    expect(r.output).toContain('no dependency violations');
    expect(r.status).toBe(0);
  });

  const violations: [rule: string, files: Record<string, string[]>][] = [
    ['core-imports-nothing', { 'core/src/a.ts': ['platform/src/p.ts'], 'platform/src/p.ts': [] }],
    ['platform-builds-on-core', { 'platform/src/p.ts': ['infra/lib/i.ts'], 'infra/lib/i.ts': [] }],
    ['platform-builds-on-core', { 'platform/src/p.ts': ['bench/src/b.ts'], 'bench/src/b.ts': [] }],
    ['infra-builds-on-core', { 'infra/lib/i.ts': ['platform/src/p.ts'], 'platform/src/p.ts': [] }],
    ['conformance-builds-on-platform', { 'conformance/src/c.ts': ['bench/src/b.ts'], 'bench/src/b.ts': [] }],
    ['bench-builds-on-conformance', { 'bench/src/b.ts': ['infra/lib/i.ts'], 'infra/lib/i.ts': [] }],
    ['runtime-source-ships-alone', { 'lambdas/rust/src/h.ts': ['platform/src/p.ts'], 'platform/src/p.ts': [] }],
    ['runtime-source-ships-alone', { 'lambdas/rust/src/h.ts': ['lambdas/go/src/g.ts'], 'lambdas/go/src/g.ts': [] }],
    ['nothing-imports-tools-or-tests', { 'platform/src/p.ts': ['test/support/t.ts'], 'test/support/t.ts': [] }],
    ['no-circular', { 'bench/src/a.ts': ['bench/src/b.ts'], 'bench/src/b.ts': ['bench/src/a.ts'] }],
  ];
  test.each(violations)('%s fails on a violation', (rule, files) => {
    // Prepare / Act
    const r = run(files);
    // Assess
    expect(r.output).toContain(`error ${rule}:`);
    expect(r.status).not.toBe(0);
  });
});
