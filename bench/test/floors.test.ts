import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildIfStale } from '../../core/src/build';
import { awsRuntimeVersion, localRuntimeVersion, sameVersion } from '../../core/src/runtime-version';
import { LAMBDAS_DIR } from '../../core/src/paths';
import { discoverRuntimes, type Runtime } from '../../core/src/runtimes';
import { lambdaPerfKey, loadLambdaPerf, publishedInit } from '../src/lambda-perf';
import { floorFor, FLOORS_DIR, unknownFloors, usableFloors } from '../src/floors';

/** A manifest with only what floorFor reads. */
const fake = (name: string, floor?: string) => ({ name, ...(floor ? { bench: { floor } } : {}) }) as Runtime;

const ricVersion = (pom: string) => {
  const xml = fs.readFileSync(pom, 'utf8');
  const dep = /<artifactId>aws-lambda-java-runtime-interface-client<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(xml)?.[1];
  return dep?.replace(/^\$\{(.+)\}$/, (_, prop: string) => new RegExp(`<${prop}>([^<]+)</${prop}>`).exec(xml)?.[1] ?? dep);
};

describe('floors: which hello-world each runtime is measured against', () => {
  test('every runtime in lambdas/ names a floor that bench/floors/ holds, and gets that one', () => {
    // Prepare
    const runtimes = discoverRuntimes(LAMBDAS_DIR);
    const floors = discoverRuntimes(FLOORS_DIR);
    // Act
    const mapping = runtimes.map((r) => [r.name, floorFor(r, floors)]);
    // Assess: the list of runtimes comes from the manifests; each one's floor is the one it names
    expect(unknownFloors(runtimes, floors)).toEqual([]);
    expect(mapping).toEqual(runtimes.map((r) => [r.name, r.bench?.floor]));
    expect(mapping.every(([, floor]) => typeof floor === 'string')).toBe(true);
  });

  test('every floor has a published lambda-perf figure at 512 MB, so order and magnitude can be compared', () => {
    // Prepare
    const data = loadLambdaPerf();
    // Act
    const published = discoverRuntimes(FLOORS_DIR).map((f) => [f.name, publishedInit(data, lambdaPerfKey(f.aws.runtime, f.name), 512)] as const);
    // Assess
    const named = discoverRuntimes(LAMBDAS_DIR).map((r) => r.bench?.floor);
    expect(named.filter((n) => !published.some(([f]) => f === n))).toEqual([]);
    for (const [, p] of published) expect(p).toMatchObject({ memoryMb: 512, initMs: expect.any(Number) });
  });

  test('the floor is the one the manifest names, never guessed from the Lambda runtime id', () => {
    // Prepare: two runtimes on provided.al2023 (Go and a Rust one) must not share Go's floor by accident
    const floors = [fake('go'), fake('rust')];
    // Act / Assess
    expect(floorFor(fake('go', 'go'), floors)).toBe('go');
    expect(floorFor(fake('rust', 'rust'), floors)).toBe('rust');
    expect(floorFor(fake('ruby'), floors)).toBeUndefined();
    expect(floorFor(fake('zig', 'zig'), floors)).toBeUndefined();
  });

  test('a manifest naming a floor that does not exist stops the bench with the runtime and the name', () => {
    // Prepare
    const typo = { ...discoverRuntimes(LAMBDAS_DIR)[0]!, name: 'typo', bench: { floor: 'no-such-floor' } };
    // Act / Assess
    expect(unknownFloors([typo], discoverRuntimes(FLOORS_DIR))).toEqual(['typo names floor "no-such-floor", which bench/floors/ does not hold']);
    expect(() => usableFloors([typo], true, () => undefined)).toThrow(/typo names floor "no-such-floor"/);
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
