/**
 * Root Jest: the TypeScript runtime's unit tests, the shared end-to-end suites (test/e2e),
 * and the tooling tests. platform/, conformance/ and bench/ have configs of their own.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/lambdas/typescript/test', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 60_000,
  // End-to-end files start platforms and real runtimes: one at a time on 2 cores.
  maxWorkers: 1,
};
