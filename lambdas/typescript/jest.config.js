/** The TypeScript runtime's unit tests: `npm test` here (runtime.json test.command). */
const path = require('node:path');
const bundleAliases = require('./bundle-aliases.js');

// The SDK warns on Node 20 that 2027 releases will need Node 22 (AWS runs nodejs22.x): noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  // The tests load the same stand-ins the bundle ships (bundle-aliases.js).
  moduleNameMapper: Object.fromEntries(
    Object.entries(bundleAliases).map(([pkg, file]) => [`^${pkg.replace(/[/.]/g, '\\$&')}$`, path.join(__dirname, file)]),
  ),
  testTimeout: 60_000,
  maxWorkers: 1,
};
