/** Validates a results.json against bench/schema/results.schema.json. */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const RESULTS_SCHEMA = path.join(__dirname, '..', 'schema', 'results.schema.json');

// Compiled once per process: the history validates every run of a results folder.
let compiled: ValidateFunction | undefined;

export function validateResults(results: unknown): string[] {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(fs.readFileSync(RESULTS_SCHEMA, 'utf8')) as object);
  }
  const validate = compiled;
  // Through JSON, as it is stored: NaN becomes null, undefined fields vanish.
  const ok = validate(JSON.parse(JSON.stringify(results)));
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
