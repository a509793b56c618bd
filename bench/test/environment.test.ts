import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverRuntimes } from '../../core/src/runtimes';
import { runtimeDependencies, toolchainVersions } from '../src/environment';

describe('tool versions in results come from the manifests', () => {
  test('every toolchain a manifest names is run from its folder and recorded under its name', () => {
    // Prepare
    const runtimes = discoverRuntimes();
    const calls: string[] = [];
    const exec = (cmd: string, args: string[], cwd?: string) => {
      calls.push(`${cwd} ${[cmd, ...args].join(' ')}`);
      return `${cmd} 1.2.3`;
    };
    // Act
    const versions = toolchainVersions(runtimes, exec);
    // Assess
    const named = runtimes.flatMap((r) => (r.toolchain ?? []).map((t) => [t.name, r.dir, t.versionCommand] as const));
    expect(Object.keys(versions).sort()).toEqual([...new Set(named.map(([n]) => n))].sort());
    for (const [, dir, argv] of named) expect(calls).toContain(`${dir} ${argv.join(' ')}`);
  });

  test('a fifth runtime brings its own toolchain without a change to the bench', () => {
    // Prepare
    const rust = { dir: '/repo/lambdas/rust', toolchain: [{ name: 'cargo', versionCommand: ['cargo', '--version'] }] };
    // Act
    const versions = toolchainVersions([rust], (cmd, args) => `${cmd} ${args.join(' ')} -> cargo 1.90.0`);
    // Assess
    expect(versions).toEqual({ cargo: 'cargo --version -> cargo 1.90.0' });
  });

  test("an npm runtime's own dependencies are read from its package.json, keyed by runtime", () => {
    // Prepare
    const npmRuntimes = discoverRuntimes().filter((r) => fs.existsSync(path.join(r.dir, 'package.json')));
    // Act
    const deps = runtimeDependencies(discoverRuntimes());
    // Assess
    for (const r of npmRuntimes) {
      const declared = Object.keys((JSON.parse(fs.readFileSync(path.join(r.dir, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {});
      for (const name of declared) expect(deps[`${r.name}/${name}`]).toMatch(/^\d+\.\d+\.\d+/);
    }
    expect(Object.keys(deps).every((k) => npmRuntimes.some((r) => k.startsWith(`${r.name}/`)))).toBe(true);
  });
});
