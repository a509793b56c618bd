/**
 * The runtimes follow the contract: change limits in a COPY of the contract, regenerate into
 * a temporary folder (`npm run codegen -- --contract … --out …`; the real generated/ is not
 * touched), then
 * - every runtime's generated constants carry the new limits (all four languages), and
 * - every runtime whose manifest has `codegen.followTest` runs its limit tests against the
 *   constants generated from the copy and passes: its code enforces the new limits, because
 *   it reads them from the generated constants instead of copies. The same tests run against
 *   the committed constants with the changed expectations fail, so a runtime that kept a copy
 *   of a limit would be caught.
 * Runtimes without followTest are covered by the constants check only (Kotlin: a Maven build
 * per run is too slow here).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { discoverRuntimes } from '../core/src/runtimes';
import { generatorsOf, type Generator } from './codegen';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

type Json = Record<string, unknown>;
/** The limits changed in the copy: name (as in contract-constants.ts) → new value. */
const CHANGED = { itemNameMaxLength: 123, listLimitMaximum: 42 } as const;
const upperSnake = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
const EXPECT_ENV = Object.fromEntries(Object.entries(CHANGED).map(([name, value]) => [`CONTRACT_EXPECT_${upperSnake(name)}`, String(value)]));

function changedContract(): unknown {
  const contract = parse(fs.readFileSync(path.join(ROOT, 'openapi', 'openapi.yaml'), 'utf8')) as {
    components: { schemas: { ItemName: Json; ItemList: { properties: { items: Json } } }; parameters: { Limit: { schema: Json } } };
  };
  contract.components.schemas.ItemName.maxLength = CHANGED.itemNameMaxLength;
  contract.components.parameters.Limit.schema.maximum = CHANGED.listLimitMaximum;
  contract.components.schemas.ItemList.properties.items.maxItems = CHANGED.listLimitMaximum; // codegen checks they agree
  return contract;
}

/** `item_?name_?max_?length … = 123`: the constant's name in any casing, then its value. */
function assignment(name: string, value: number): RegExp {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
  return new RegExp(`\\b${words.join('_?')}\\b[^\\n]*?[=(]\\s*${value}\\b`, 'i');
}

function runIn(dir: string, argv: string[], env: Record<string, string> = {}) {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd!, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 150_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

const expand = (argv: string[], generated: string) => argv.map((arg) => arg.replaceAll('{generated}', generated).replaceAll('{repo}', ROOT));

const generators = generatorsOf(discoverRuntimes());
const following = generators.filter((g) => g.config.followTest);
let work: string;
let regenerated: { status: number | null; output: string };

jest.setTimeout(180_000);

beforeAll(() => {
  // Prepare: the changed copy of the contract, regenerated into a temporary folder.
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'codegen-follow-'));
  fs.writeFileSync(path.join(work, 'openapi.json'), JSON.stringify(changedContract(), null, 2));
  regenerated = runIn(ROOT, ['node', TSX, 'scripts/codegen.ts', '--contract', path.join(work, 'openapi.json'), '--out', path.join(work, 'generated')]);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('the codegen regenerates from the changed copy into the temporary folder', () => {
  if (regenerated.status !== 0) console.error(regenerated.output);
  expect(regenerated).toMatchObject({ status: 0 });
  expect(fs.readdirSync(path.join(work, 'generated')).sort()).toEqual(generators.map((g) => g.folder).sort());
});

test.each(generators.map((g): [string, Generator] => [g.runtime.name, g]))('%s: the generated constants carry the changed limits', (_name, g) => {
  // Act
  const files = (g.config.templates ?? []).map(({ file }) => fs.readFileSync(path.join(work, 'generated', g.folder, file), 'utf8')).join('\n');
  const committed = (g.config.templates ?? []).map(({ file }) => fs.readFileSync(path.join(ROOT, 'generated', g.folder, file), 'utf8')).join('\n');
  // Assess
  for (const [name, value] of Object.entries(CHANGED)) {
    expect(files).toMatch(assignment(name, value));
    expect(committed).not.toMatch(assignment(name, value));
  }
});

describe.each(following.map((g): [string, Generator] => [g.runtime.name, g]))('%s: its limit tests (codegen.followTest)', (_name, g) => {
  beforeAll(() => {
    // The runtime's idempotent setup (venv, modules), as test:runtimes runs it.
    if (g.runtime.test?.setup) expect(runIn(g.runtime.dir, g.runtime.test.setup)).toMatchObject({ status: 0 });
  });

  test('pass against the constants generated from the changed contract', () => {
    const result = runIn(g.runtime.dir, expand(g.config.followTest!, path.join(work, 'generated', g.folder)), EXPECT_ENV);
    if (result.status !== 0) console.error(result.output);
    expect(result.status).toBe(0);
  });

  test('fail against the committed constants with the same expectations (the check has teeth)', () => {
    const result = runIn(g.runtime.dir, expand(g.config.followTest!, path.join(ROOT, 'generated', g.folder)), EXPECT_ENV);
    expect(result.status).not.toBe(0);
  });
});
