/** Jest for the local platform: `npx jest -c platform/jest.config.js`. */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // The platform spawns real processes: these tests are integration tests, give them time.
  testTimeout: 60_000,
  maxWorkers: 1,
};
