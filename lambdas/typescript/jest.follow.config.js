/**
 * The manifest's codegen.followTest (follow-test.sh): test/limits.test.ts with every import of
 * generated/ts/* served from $GENERATED_TS, a tree scripts/codegen-follow.test.ts generated
 * from a changed contract. The rest is the root Jest config.
 */
const path = require('node:path');
const root = require('../../jest.config.js');

const generated = process.env.GENERATED_TS;
if (!generated) throw new Error('jest.follow.config.js: set GENERATED_TS to a generated/ts folder');

module.exports = {
  ...root,
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/lambdas/typescript/test'],
  testMatch: ['**/limits.test.ts'],
  moduleNameMapper: { ...root.moduleNameMapper, '^(?:\\.\\./)+generated/ts/(.*)$': `${path.resolve(generated)}/$1` },
};
