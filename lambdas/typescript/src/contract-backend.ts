/**
 * openapi-backend over the contract: the router, and the request validators it builds
 * from the contract. Ajv compiles a validator on its first use, which costs a cold
 * start tens of milliseconds per operation; the build therefore compiles the very same
 * validators ahead of time (build.ts → aot-validators.ts) and the Lambda bundle hands them
 * in as `precompiled`: same schemas, same Ajv options, no compile at run time. A schema
 * missing from the table (e.g. the unbundled app in unit tests) is compiled as usual.
 */
import { createHash } from 'node:crypto';
import OpenAPIBackend, { type Document } from 'openapi-backend';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { definition } from '../../../generated/ts/definition';

/** Validators compiled ahead of time, by schemaKey. */
export type PrecompiledValidators = Readonly<Record<string, ValidateFunction>>;

/** Stable key of one validator: the schema openapi-backend compiles and the Ajv options that change its code. */
export function schemaKey(schema: unknown, context: string, coerceTypes: unknown): string {
  return createHash('sha1').update(JSON.stringify({ context, coerceTypes: coerceTypes ?? false, schema })).digest('hex').slice(0, 16);
}

/**
 * The contract's formats, as the validators treat them: `uuid` ids are checked by their
 * stricter pattern, `double`/`int64` say nothing the type does not (openapi-backend's own
 * double is also always-valid), `date-time` appears in responses only. All `true`, so a
 * validator compiles to code with no format functions, which ahead-of-time code needs.
 */
const FORMATS = ['uuid', 'double', 'int64', 'date-time'] as const;

export interface BackendOptions {
  precompiled?: PrecompiledValidators;
  /** Called with every validator Ajv compiles at run time (the build records them). */
  onCompile?: (key: string, validate: ValidateFunction, ajv: Ajv) => void;
  /** Ajv's standalone code needs `code.source`; only the build asks for it. */
  keepSource?: boolean;
}

export function createContractBackend({ precompiled = {}, onCompile, keepSource = false }: BackendOptions = {}): OpenAPIBackend {
  const api = new OpenAPIBackend({
    definition: definition as unknown as Document,
    quick: true,
    validate: true,
    strict: false,
    ajvOpts: keepSource ? { code: { source: true } } : {},
    customizeAjv: (ajv, ajvOpts, context) => {
      for (const format of FORMATS) ajv.addFormat(format, true);
      const compile = ajv.compile.bind(ajv);
      ajv.compile = ((schema: object) => {
        const key = schemaKey(schema, context, ajvOpts.coerceTypes);
        const ready = precompiled[key];
        if (ready) return ready;
        const validate = compile(schema);
        onCompile?.(key, validate, ajv);
        return validate;
      }) as typeof ajv.compile;
      return ajv;
    },
  });
  void api.init(); // synchronous in quick mode with a definition object
  return api;
}

/** Every operation's request validators, compiled now (the build's warm-up, and tests). */
export function compileAllValidators(api: OpenAPIBackend): number {
  const operations = api.router.getOperations();
  for (const operation of operations) {
    api.validator.validateRequest({ method: operation.method, path: operation.path, headers: {} }, operation);
  }
  return operations.length;
}
