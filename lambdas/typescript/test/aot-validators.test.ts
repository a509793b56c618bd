/**
 * The validators the build compiles ahead of time cover every request validator
 * openapi-backend builds, and judge requests exactly as the ones compiled at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { aotValidatorsModule } from '../src/aot';
import { compileAllValidators, createContractBackend, type PrecompiledValidators } from '../src/contract-backend';

let precompiled: PrecompiledValidators;
let dir: string;

beforeAll(() => {
  // Inside the repository, so that the module's requires (ajv's runtime helpers) resolve.
  dir = fs.mkdtempSync(path.join(__dirname, '.tmp-aot-'));
  const file = path.join(dir, 'aot-validators.js');
  fs.writeFileSync(file, aotValidatorsModule().code);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the module just written, as the bundle does
  precompiled = (require(file) as { precompiled: PrecompiledValidators }).precompiled;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('every validator is precompiled: nothing is compiled at run time', () => {
  // Prepare
  const compiledAtRunTime: string[] = [];
  const api = createContractBackend({ precompiled, onCompile: (key) => compiledAtRunTime.push(key) });
  // Act
  const operations = compileAllValidators(api);
  // Assess
  expect(operations).toBe(7);
  expect(compiledAtRunTime).toEqual([]);
});

test.each([
  ['a valid body', { name: 'x', price: 1 }],
  ['200 emoji', { name: '😀'.repeat(200), price: 1 }],
  ['201 emoji', { name: '😀'.repeat(201), price: 1 }],
  ['white space only', { name: ' \u3000', price: 1 }],
  ['a lone surrogate', { name: '\ud800', price: 1 }],
  ['an unknown property', { name: 'x', price: 1, extra: true }],
  ['a negative price', { name: 'x', price: -1 }],
  ['a string price', { name: 'x', price: '1' }],
  ['not an object', [1]],
])('precompiled and run-time validators agree on %s', (_what, body) => {
  const aot = createContractBackend({ precompiled });
  const jit = createContractBackend();
  const request = { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, body };
  const a = aot.validator.validateRequest(request, 'createItem');
  const j = jit.validator.validateRequest(request, 'createItem');
  expect({ valid: a.valid, errors: a.errors?.map((e) => [e.instancePath, e.keyword]) }).toEqual({
    valid: j.valid,
    errors: j.errors?.map((e) => [e.instancePath, e.keyword]),
  });
});
