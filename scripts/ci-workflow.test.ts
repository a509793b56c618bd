import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../core/src/paths';
import { discoverRuntimes } from '../core/src/runtimes';
import { refillToolchainBlock, renderWorkflow, setupSteps, workflowFiles } from './ci-workflow';

const GO = 'actions/setup-go@b7ad1dad31e06c5925ef5d2fc7ad053ef454303e # v7.0.0';
const JAVA = 'actions/setup-java@b6effb05e454b25005698d916606bdc6ffcbf961 # v5.7.0';

describe('the CI workflow generated from the manifests', () => {
  test.each(workflowFiles(discoverRuntimes()).map((f) => [path.relative(REPO_ROOT, f.file), f.text]))(
    '%s is exactly what `npm run ci:workflow` writes (run it and commit when this fails)',
    (file, want) => {
      // Act
      const have = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      // Assess
      expect(have).toBe(want);
    },
  );

  test('a marked block is refilled at its indentation, the rest of the file kept; no markers is an error', () => {
    // Prepare
    const text = 'steps:\n  - run: a\n  # BEGIN toolchains (generated)\n  - uses: stale@x\n  # END toolchains\n  - run: b\n';
    // Act
    const out = refillToolchainBlock(text, []);
    // Assess
    expect(out).toMatch(/^steps:\n {2}- run: a\n {2}# BEGIN toolchains \(generated\)\n {2}- uses: actions\/setup-node@[0-9a-f]{40} # v\S+\n {4}with:\n {6}node-version: '22'\n {2}# END toolchains\n {2}- run: b\n$/);
    expect(() => refillToolchainBlock('steps: []\n', [])).toThrow(/no "# BEGIN toolchains"/);
  });

  test("every manifest's setup step is in it, after the tools' Node", () => {
    // Prepare
    const runtimes = discoverRuntimes();
    // Act
    const yaml = renderWorkflow(runtimes);
    // Assess
    const uses = runtimes.flatMap((r) => (r.toolchain ?? []).flatMap((t) => (t.setup ? [t.setup.uses] : [])));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(yaml).toContain(`- uses: ${u}`);
    expect(yaml.indexOf('actions/setup-node@')).toBeLessThan(yaml.indexOf(uses[0]!));
  });

  test('a fifth runtime brings its own step; one that needs none adds nothing', () => {
    // Prepare
    const rust = { name: 'rust', toolchain: [{ name: 'cargo', versionCommand: ['cargo', '--version'], setup: { uses: 'dtolnay/rust-toolchain@0000000000000000000000000000000000000000 # stable', with: { toolchain: '1.90' } } }] };
    const plain = { name: 'zig', toolchain: [{ name: 'zig', versionCommand: ['zig', 'version'] }] };
    // Act
    const steps = setupSteps([rust, plain]);
    // Assess
    expect(steps.map((s) => s.uses.split('@')[0])).toEqual(['actions/setup-node', 'dtolnay/rust-toolchain']);
    expect(renderWorkflow([rust])).toContain("          toolchain: '1.90'");
  });

  test('two runtimes asking for the same step share it', () => {
    // Prepare
    const setup = { uses: GO, with: { 'go-version': '1.26', cache: false } };
    const a = { name: 'a', toolchain: [{ name: 'go', versionCommand: ['go', 'version'], setup }] };
    const b = { name: 'b', toolchain: [{ name: 'go', versionCommand: ['go', 'version'], setup: { uses: GO, with: { cache: false, 'go-version': '1.26' } } }] };
    // Act
    const steps = setupSteps([a, b]);
    // Assess
    expect(steps.filter((s) => s.uses === GO)).toHaveLength(1);
  });

  test('the same action with different inputs is refused, naming both runtimes', () => {
    // Prepare
    const a = { name: 'kotlin', toolchain: [{ name: 'mvn', versionCommand: ['mvn', '-v'], setup: { uses: JAVA, with: { 'java-version': '25' } } }] };
    const b = { name: 'scala', toolchain: [{ name: 'sbt', versionCommand: ['sbt', '--version'], setup: { uses: JAVA, with: { 'java-version': '21' } } }] };
    // Act / Assess
    expect(() => setupSteps([a, b])).toThrow(/actions\/setup-java is set up twice with different pins or inputs: by runtime kotlin and by runtime scala/);
  });
});
