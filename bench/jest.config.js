/** Jest for the bench: `npx jest -c bench/jest.config.js`. */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // The end-to-end test starts the local platform and real runtimes: give it time.
  testTimeout: 120_000,
  maxWorkers: 1,
};
