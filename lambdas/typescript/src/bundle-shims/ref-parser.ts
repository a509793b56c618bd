/** Stand-in for @apidevtools/json-schema-ref-parser in the bundle (see README.md). */
function unavailable(name: string): never {
  throw new Error(`json-schema-ref-parser.${name} is not in the bundle: pass a pre-bundled definition object with quick: true`);
}

const parser = {
  async parse(document: unknown): Promise<unknown> {
    if (typeof document === 'object' && document !== null) return document;
    return unavailable('parse(path)');
  },
  dereference: (): never => unavailable('dereference'),
  resolve: (): never => unavailable('resolve'),
};

export default parser;
