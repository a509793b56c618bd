/** Validates response bodies against the contract's own schemas (Ajv over the generated definition). */
import Ajv, { type ValidateFunction } from 'ajv';
import { definition } from '../../generated/ts/definition';

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
ajv.addFormat('double', true);
ajv.addFormat('int64', true);
ajv.addSchema(definition as object, 'contract');

const cache = new Map<string, ValidateFunction>();

export type SchemaName = 'Item' | 'ItemList' | 'Health' | 'Metrics' | 'Problem';

/** The Ajv errors of `body` against `#/components/schemas/<name>`, or [] when it conforms. */
export function schemaErrors(name: SchemaName, body: unknown): string[] {
  let validate = cache.get(name);
  if (!validate) {
    validate = ajv.getSchema(`contract#/components/schemas/${name}`)!;
    cache.set(name, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
