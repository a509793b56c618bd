/**
 * The manifest's codegen.followTest (follow-test.sh): test/limits.test.ts with every import of
 * generated/ts/* served from $GENERATED_TS, a tree scripts/codegen-follow.test.ts generated
 * from a changed contract. The rest is this runtime's Jest config.
 */
const path = require('node:path');
const base = require('./jest.config.js');

const generated = process.env.GENERATED_TS;
if (!generated) throw new Error('jest.follow.config.js: set GENERATED_TS to a generated/ts folder');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/limits.test.ts'],
  moduleNameMapper: { ...base.moduleNameMapper, '^(?:\\.\\./)+generated/ts/(.*)$': `${path.resolve(generated)}/$1` },
};
