import { discoverRuntimes } from '../core/src/runtimes';
import { variantChecks } from './variants-check';

describe('npm run variants:check', () => {
  test("every manifest variant's check, from its manifest, in runtime order (a fifth runtime's join by itself)", () => {
    // Prepare
    const runtimes = [
      { name: 'a', variants: [{ name: 'a-native', build: { command: ['x'], inputs: [], artifact: 'a.zip' }, aws: {}, local: { taskRoot: 't', command: ['b'] }, check: ['bash', 'check.sh'] }] },
      { name: 'b' },
      { name: 'c', variants: [{ name: 'c-arm', build: { command: ['x'], inputs: [], artifact: 'c.zip' }, aws: {}, local: { taskRoot: 't', command: ['b'] } }] },
    ];
    // Act
    const checks = variantChecks(runtimes);
    // Assess
    expect(checks).toEqual([
      { runtime: 'a', variant: 'a-native', argv: ['bash', 'check.sh'] },
      { runtime: 'c', variant: 'c-arm', argv: undefined },
    ]);
  });

  test("lambdas/kotlin's native image is checked by its own script (CI has no GraalVM)", () => {
    expect(variantChecks(discoverRuntimes())).toContainEqual({ runtime: 'kotlin', variant: 'kotlin-native', argv: ['bash', 'native-check.sh'] });
  });
});
