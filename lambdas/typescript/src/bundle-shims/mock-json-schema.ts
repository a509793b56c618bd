/** Stand-in for mock-json-schema in the bundle (see README.md). */
export function mock(): never {
  throw new Error('mock-json-schema is not in the bundle: mock responses are not used');
}
