/**
 * Root Jest: the shared end-to-end suites (test/e2e), the tooling tests and the soak's own tests.
 * platform/, conformance/, bench/ and each runtime (lambdas/<name>, runtime.json test) have their own.
 */
// The SDK warns on Node 20 that 2027 releases will need Node 22 (AWS runs nodejs22.x): noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/scripts', '<rootDir>/soak', '<rootDir>/core'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 60_000,
  // End-to-end files start platforms and real runtimes: one at a time on 2 cores.
  maxWorkers: 1,
};
