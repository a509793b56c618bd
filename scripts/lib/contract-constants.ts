/**
 * The contract's constants, read from openapi/openapi.yaml for the codegen's templates:
 * its version, the limits its schemas state (lengths, price bounds, page size, body size),
 * the patterns of ids and tokens, and its problem catalogue (`x-problem-types`). Every
 * runtime gets them generated in its own language instead of copying them by hand.
 *
 * The view hands templates ready-made literals that are valid in every C-like language
 * the runtimes use (TypeScript, Python, Go, Kotlin), so the codegen knows no language.
 */

type Json = Record<string, unknown>;

/** One name in the casings the languages want. */
export interface Names {
  camel: string;
  pascal: string;
  snake: string;
  upperSnake: string;
}

export interface LimitView {
  name: Names;
  doc: string;
  value: number;
  integer: boolean;
  /** The literal: an integer (`200`) when `integer`, else a floating-point one (`1000000000.0`, `1e-130`). */
  literal: string;
  /** Always floating point, for languages that keep integers and doubles apart (`200.0`). */
  double: string;
}

export interface PatternView {
  name: Names;
  doc: string;
  value: string;
  string: string;
}

export interface ProblemView {
  name: Names;
  doc: string;
  type: string;
  typeString: string;
  title: string;
  titleString: string;
  status: number;
}

export interface ConstantsView {
  version: string;
  versionString: string;
  limits: LimitView[];
  patterns: PatternView[];
  problems: ProblemView[];
}

export function names(camel: string): Names {
  const words = camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  const snake = words.map((w) => w.toLowerCase()).join('_');
  return { camel, pascal: camel[0]!.toUpperCase() + camel.slice(1), snake, upperSnake: snake.toUpperCase() };
}

/**
 * A double-quoted string literal that reads the same in TypeScript, Python, Go and Kotlin:
 * `\` and `"` escaped, control characters as `\u00XX`, and `$` escaped where Kotlin would
 * start a template with it (before a letter, `_` or `{`); everything else as it is (UTF-8).
 */
export function quote(value: string): string {
  const escaped = [...value]
    .map((c) => {
      const code = c.charCodeAt(0);
      if (c === '\\' || c === '"') return `\\${c}`;
      return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : c;
    })
    .join('');
  const body = escaped.replace(/\$(?=[A-Za-z_{])/g, '\\u0024');
  return `"${body}"`;
}

/** A floating-point literal: `1000000000.0`, `0.0`, `1e-130`. */
export function doubleLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** The smallest binary64 value above a positive one. */
export function nextUp(value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`nextUp wants a finite value >= 0, got ${value}`);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

function at(contract: Json, pointer: string): Json {
  let node: unknown = contract;
  for (const token of pointer.replace(/^#\//, '').split('/')) {
    node = (node as Json | undefined)?.[token.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (node === undefined || node === null || typeof node !== 'object') throw new Error(`the contract has no ${pointer}`);
  const ref = (node as Json).$ref;
  return typeof ref === 'string' ? at(contract, ref) : (node as Json);
}

function numberAt(contract: Json, pointer: string, keyword: string): number {
  const value = at(contract, pointer)[keyword];
  if (typeof value !== 'number') throw new Error(`the contract's ${pointer} has no numeric ${keyword}`);
  return value;
}

function stringAt(contract: Json, pointer: string, keyword: string): string {
  const value = at(contract, pointer)[keyword];
  if (typeof value !== 'string') throw new Error(`the contract's ${pointer} has no ${keyword}`);
  return value;
}

/** Price's `not: {minimum: 5e-324, maximum: m}` excludes every positive price up to m: the smallest allowed is the next double. */
function smallestPositivePrice(contract: Json): number {
  const not = at(contract, '#/components/schemas/Price').not as Json | undefined;
  if (!not || not.minimum !== Number.MIN_VALUE || typeof not.maximum !== 'number') {
    throw new Error('the contract\'s Price must exclude (0, m] as `not: {minimum: 5e-324, maximum: m}`');
  }
  return nextUp(not.maximum);
}

interface LimitSource {
  name: string;
  doc: string;
  value: (contract: Json) => number;
  integer: boolean;
}

const SCHEMAS = '#/components/schemas';
const PARAMETERS = '#/components/parameters';

const LIMITS: LimitSource[] = [
  { name: 'itemNameMinLength', doc: 'Fewest code points in an item name (ItemName.minLength).', integer: true, value: (c) => numberAt(c, `${SCHEMAS}/ItemName`, 'minLength') },
  { name: 'itemNameMaxLength', doc: 'Most code points in an item name (ItemName.maxLength).', integer: true, value: (c) => numberAt(c, `${SCHEMAS}/ItemName`, 'maxLength') },
  { name: 'itemDescriptionMaxLength', doc: 'Most code points in a description (ItemDescription.maxLength).', integer: true, value: (c) => numberAt(c, `${SCHEMAS}/ItemDescription`, 'maxLength') },
  { name: 'priceMinimum', doc: 'Lowest price (Price.minimum).', integer: false, value: (c) => numberAt(c, `${SCHEMAS}/Price`, 'minimum') },
  { name: 'priceMaximum', doc: 'Highest price (Price.maximum).', integer: false, value: (c) => numberAt(c, `${SCHEMAS}/Price`, 'maximum') },
  { name: 'priceMinimumPositive', doc: 'Smallest price above 0 (Price.not): DynamoDB stores no smaller positive number.', integer: false, value: smallestPositivePrice },
  { name: 'bodyMaxBytes', doc: 'Most bytes in a request body; more answers 413 (requestBodies.ItemInput x-max-bytes).', integer: true, value: (c) => numberAt(c, '#/components/requestBodies/ItemInput', 'x-max-bytes') },
  { name: 'listLimitMinimum', doc: 'Smallest page size (the limit parameter\'s minimum).', integer: true, value: (c) => numberAt(c, `${PARAMETERS}/Limit/schema`, 'minimum') },
  { name: 'listLimitMaximum', doc: 'Largest page size (the limit parameter\'s maximum).', integer: true, value: (c) => numberAt(c, `${PARAMETERS}/Limit/schema`, 'maximum') },
  { name: 'listLimitDefault', doc: 'Page size when limit is absent (the limit parameter\'s default).', integer: true, value: (c) => numberAt(c, `${PARAMETERS}/Limit/schema`, 'default') },
];

const PATTERNS = [
  { name: 'itemIdPattern', doc: 'An item id: a lowercase UUID v4 (ItemId.pattern).', pointer: `${SCHEMAS}/ItemId` },
  { name: 'nextTokenPattern', doc: 'Every nextToken the API issues, and no other string (the nextToken parameter\'s pattern).', pointer: `${PARAMETERS}/NextToken/schema` },
];

function limitView(source: LimitSource, contract: Json): LimitView {
  const value = source.value(contract);
  if (source.integer && !Number.isSafeInteger(value)) throw new Error(`${source.name} must be an integer, got ${value}`);
  const double = doubleLiteral(value);
  return { name: names(source.name), doc: source.doc, value, integer: source.integer, literal: source.integer ? String(value) : double, double };
}

/** x-problem-types, checked against the Problem schema: every type in its enum, every enum entry used, statuses in range. */
function problemViews(contract: Json): ProblemView[] {
  const catalogue = contract['x-problem-types'];
  if (!catalogue || typeof catalogue !== 'object') throw new Error('the contract has no x-problem-types');
  const problem = at(contract, `${SCHEMAS}/Problem`);
  const typeEnum = ((problem.properties as Json).type as Json).enum as string[];
  const status = (problem.properties as Json).status as Json;
  const views = Object.entries(catalogue as Record<string, Json>).map(([name, entry]) => {
    const { type, title, status: code, description } = entry;
    if (typeof type !== 'string' || typeof title !== 'string' || typeof code !== 'number' || typeof description !== 'string') {
      throw new Error(`x-problem-types.${name} needs type, title, status and description`);
    }
    if (!typeEnum.includes(type)) throw new Error(`x-problem-types.${name}: type ${type} is not in Problem.type's enum`);
    if (code < (status.minimum as number) || code > (status.maximum as number)) throw new Error(`x-problem-types.${name}: status ${code} is out of Problem.status's range`);
    return { name: names(name), doc: description, type, typeString: quote(type), title, titleString: quote(title), status: code };
  });
  const unused = typeEnum.filter((type) => !views.some((v) => v.type === type));
  if (unused.length) throw new Error(`Problem.type's enum has types no x-problem-types entry uses: ${unused.join(', ')}`);
  return views;
}

export function contractConstants(contract: Json): ConstantsView {
  const version = (contract.info as Json | undefined)?.version;
  if (typeof version !== 'string') throw new Error('the contract has no info.version');
  const listPattern = stringAt(contract, `${SCHEMAS}/ItemList/properties/nextToken`, 'pattern');
  const tokenPattern = stringAt(contract, `${PARAMETERS}/NextToken/schema`, 'pattern');
  if (listPattern !== tokenPattern) throw new Error('ItemList.nextToken and the nextToken parameter must have the same pattern');
  const pageMax = numberAt(contract, `${SCHEMAS}/ItemList/properties/items`, 'maxItems');
  if (pageMax !== numberAt(contract, `${PARAMETERS}/Limit/schema`, 'maximum')) throw new Error('ItemList.items.maxItems must equal the limit parameter\'s maximum');
  return {
    version,
    versionString: quote(version),
    limits: LIMITS.map((source) => limitView(source, contract)),
    patterns: PATTERNS.map(({ name, doc, pointer }) => {
      const value = stringAt(contract, pointer, 'pattern');
      return { name: names(name), doc, value, string: quote(value) };
    }),
    problems: problemViews(contract),
  };
}
