/**
 * Root Jest: the TypeScript runtime's unit tests, the shared end-to-end suites (test/e2e),
 * the tooling tests and the soak's own tests. platform/, conformance/ and bench/ have configs of their own.
 */
const path = require('node:path');

// The SDK warns on Node 20 that 2027 releases will need Node 22 (AWS runs nodejs22.x): noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const bundleAliases = require('./lambdas/typescript/bundle-aliases.js');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/lambdas/typescript/test', '<rootDir>/scripts', '<rootDir>/soak'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // The TypeScript runtime's unit tests load the same stand-ins its bundle ships.
  moduleNameMapper: Object.fromEntries(
    Object.entries(bundleAliases).map(([pkg, file]) => [`^${pkg.replace(/[/.]/g, '\\$&')}$`, path.join(__dirname, 'lambdas/typescript', file)]),
  ),
  testTimeout: 60_000,
  // End-to-end files start platforms and real runtimes: one at a time on 2 cores.
  maxWorkers: 1,
};
