/**
 * openapi/redocly.yaml must fail on what API Gateway's REST import cannot take, and pass
 * the contract: each case lints a small variant of the contract with that config.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
type Contract = { openapi: string; components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
const contract = () => parse(fs.readFileSync(path.join(ROOT, 'openapi', 'openapi.yaml'), 'utf8')) as Contract;

function lint(spec: unknown): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-'));
  const file = path.join(dir, 'openapi.yaml');
  fs.writeFileSync(file, stringify(spec));
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'redocly'), ['lint', '--config', path.join(ROOT, 'openapi', 'redocly.yaml'), file], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

jest.setTimeout(60_000);

test('the contract itself passes, with no warning (of the config or the contract)', () => {
  const { ok, output } = lint(contract());
  expect(ok).toBe(true);
  expect(output).not.toMatch(/warning|is not expected/i);
});

test('OpenAPI 3.1 fails', () => {
  const spec = { ...contract(), openapi: '3.1.0' };
  const r = lint(spec);
  expect(r.ok).toBe(false);
  expect(r.output).toMatch(/openapi-3\.0-only|3\.1/);
});

test.each(['oneOf', 'anyOf'])('%s in a schema fails', (keyword) => {
  const spec = contract();
  spec.components.schemas.ItemInput!.properties.price = { [keyword]: [{ type: 'number' }, { type: 'string' }] };
  const r = lint(spec);
  expect(r.ok).toBe(false);
  expect(r.output).toMatch(/no-oneof-in-schemas/);
});
