/** Jest for infra/: ts-jest transpiles only (tsc -p tsconfig.json type-checks), coverage ≥ 80 % enforced. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // ../platform/src (routes, runtimes) imports yaml and ajv: found in infra's node_modules first, then the root's.
  moduleDirectories: ['node_modules', '<rootDir>/node_modules', '<rootDir>/../node_modules'],
  collectCoverageFrom: ['lib/**/*.ts'],
  coverageThreshold: { global: { statements: 80, branches: 80, functions: 80, lines: 80 } },
  coverageReporters: ['text-summary', 'text'],
  testTimeout: 120000,
};
