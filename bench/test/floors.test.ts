import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildIfStale } from '../../core/src/build';
import { awsRuntimeVersion, localRuntimeVersion, sameVersion } from '../../core/src/runtime-version';
import { LAMBDAS_DIR } from '../../core/src/paths';
import { discoverRuntimes, type Runtime } from '../../core/src/runtimes';
import { lambdaPerfKey, loadLambdaPerf, publishedInit } from '../src/lambda-perf';
import { floorFor, FLOORS_DIR } from '../src/run';

/** A manifest with only what floorFor reads. */
const fake = (name: string, awsRuntime: string) => ({ name, aws: { runtime: awsRuntime } }) as Runtime;

const ricVersion = (pom: string) => {
  const xml = fs.readFileSync(pom, 'utf8');
  const dep = /<artifactId>aws-lambda-java-runtime-interface-client<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(xml)?.[1];
  return dep?.replace(/^\$\{(.+)\}$/, (_, prop: string) => new RegExp(`<${prop}>([^<]+)</${prop}>`).exec(xml)?.[1] ?? dep);
};

describe('floors: which hello-world each runtime is measured against', () => {
  test('every runtime in lambdas/ maps to the floor of its language (Kotlin to the Java floor)', () => {
    // Prepare
    const runtimes = discoverRuntimes(LAMBDAS_DIR);
    const floors = discoverRuntimes(FLOORS_DIR);
    // Act
    const mapping = Object.fromEntries(runtimes.map((r) => [r.name, floorFor(r, floors)]));
    // Assess
    expect(mapping).toEqual({ go: 'go', kotlin: 'java', python: 'python', typescript: 'node' });
  });

  test('every floor has a published lambda-perf figure at 512 MB, so order and magnitude can be compared', () => {
    // Prepare
    const data = loadLambdaPerf();
    // Act
    const published = discoverRuntimes(FLOORS_DIR).map((f) => [f.name, publishedInit(data, lambdaPerfKey(f.aws.runtime, f.name), 512)] as const);
    // Assess
    expect(published.map(([n]) => n).sort()).toEqual(['go', 'java', 'node', 'python']);
    for (const [, p] of published) expect(p).toMatchObject({ memoryMb: 512, initMs: expect.any(Number) });
  });

  test('an exact runtime id wins; otherwise the same runtime family; otherwise no floor', () => {
    // Prepare
    const floors = [fake('node', 'nodejs22.x'), fake('java', 'java25'), fake('java-old', 'java17')];
    // Act / Assess
    expect(floorFor(fake('a', 'java17'), floors)).toBe('java-old');
    expect(floorFor(fake('b', 'java21'), floors)).toBe('java');
    expect(floorFor(fake('c', 'nodejs20.x'), floors)).toBe('node');
    expect(floorFor(fake('d', 'ruby3.3'), floors)).toBeUndefined();
  });

  test('the Java floor runs like the Kotlin runtime: same RIC version, JVM flags, runtime id and launcher', () => {
    // Prepare
    const kotlin = discoverRuntimes(LAMBDAS_DIR).find((r) => r.name === 'kotlin')!;
    const java = discoverRuntimes(FLOORS_DIR).find((f) => f.name === 'java')!;
    // Act
    const versions = [ricVersion(path.join(kotlin.dir, 'pom.xml')), ricVersion(path.join(java.dir, 'pom.xml'))];
    // Assess
    expect(versions[0]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(versions[1]).toBe(versions[0]);
    expect(java.aws.environment).toEqual(kotlin.aws.environment);
    expect(java.aws.runtime).toBe(kotlin.aws.runtime);
    expect(java.local.command).toEqual(kotlin.local.command);
  });
});

describe('floors run on the language versions of their AWS runtime ids', () => {
  it.each(discoverRuntimes(FLOORS_DIR).map((f) => [`${f.name} (${f.aws.runtime})`, f] as const))('%s', (_label, floor) => {
    // Prepare: the Java floor's JDK link and the Python venv come with its build
    buildIfStale(floor);
    const aws = awsRuntimeVersion(floor.aws.runtime);
    // Act
    const local = aws ? localRuntimeVersion(floor) : undefined;
    // Assess: OS-only runtimes (provided.*) run their own bootstrap, there is no interpreter
    if (!aws) return expect(floor.local.command[0]).toMatch(/^\{taskRoot\}\//);
    if (!local || 'error' in local) throw new Error(local?.error ?? 'no version');
    expect({ local: local.version, matches: sameVersion(aws, local.version) }).toEqual({ local: local.version, matches: true });
  });
});
