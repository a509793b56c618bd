/**
 * Every runtime runs locally on the language version its AWS runtime id names: the local
 * interpreter of each manifest (lambdas/*, and the platform's fixtures) reports the major
 * version (Python: major.minor) of aws.runtime. Derived from the manifests, so a new runtime
 * is checked as soon as its folder exists.
 */
import * as path from 'node:path';
import { buildIfStale } from '../../core/src/build';
import { awsRuntimeVersion, localRuntimeVersion, sameVersion } from '../../core/src/runtime-version';
import { LAMBDAS_DIR } from '../../core/src/paths';
import { discoverRuntimes, type Runtime } from '../../core/src/runtimes';

const manifests: Runtime[] = [...discoverRuntimes(LAMBDAS_DIR), ...discoverRuntimes(path.join(__dirname, 'fixtures', 'lambdas'))];
const label = (r: Runtime) => `${path.relative(path.join(__dirname, '..', '..'), r.dir)} (${r.aws.runtime})`;
const managed = manifests.filter((r) => awsRuntimeVersion(r.aws.runtime));
const osOnly = manifests.filter((r) => !awsRuntimeVersion(r.aws.runtime));

describe('runtime ids', () => {
  it.each([
    ['nodejs22.x', { family: 'nodejs', version: '22' }],
    ['python3.13', { family: 'python', version: '3.13' }],
    ['java25', { family: 'java', version: '25' }],
    ['provided.al2023', undefined],
  ])('%s names %j', (id, expected) => {
    // Act / Assess
    expect(awsRuntimeVersion(id)).toEqual(expected === undefined ? undefined : expect.objectContaining(expected));
  });

  it.each([
    ['22', 1, '22.23.5', true],
    ['22', 1, '20.20.2', false],
    ['3.13', 2, '3.13.0', true],
    ['3.13', 2, '3.11.7', false],
    ['25', 1, '25.0.1', true],
    ['25', 1, '17.0.15', false],
  ])('version %s (%i parts) against a local %s: %s', (version, digits, local, expected) => {
    // Act / Assess
    expect(sameVersion({ family: 'x', version, digits }, local)).toBe(expected);
  });
});

describe('local interpreters match AWS (per manifest)', () => {
  it('covers every manifest: managed runtimes below, OS-only ones (provided.*) run a bootstrap of their own', () => {
    // Assess
    expect(managed.length + osOnly.length).toBe(manifests.length);
    for (const r of osOnly) expect(r.local.command[0]).toMatch(/^\{taskRoot\}\//);
  });

  it.each(managed.map((r) => [label(r), r] as const))('%s', (_label, runtime) => {
    // Prepare: an interpreter that lives in the build output (Kotlin's dist/jdk) needs the build
    buildIfStale(runtime);
    // Act
    const local = localRuntimeVersion(runtime);
    // Assess
    if ('error' in local) throw new Error(local.error);
    const aws = awsRuntimeVersion(runtime.aws.runtime)!;
    expect({ runtime: runtime.aws.runtime, local: local.version, matches: sameVersion(aws, local.version) }).toEqual({ runtime: runtime.aws.runtime, local: local.version, matches: true });
  });
});
