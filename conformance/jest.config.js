/** Jest for the conformance suite: `npx jest -c conformance/jest.config.js`. */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // The differential test starts the platform with real runtime processes: give it time, one file at a time.
  testTimeout: 180_000,
  maxWorkers: 1,
};
