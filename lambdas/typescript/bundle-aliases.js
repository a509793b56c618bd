/**
 * Dependencies the Lambda never runs, replaced by small stand-ins (src/bundle-shims/README.md).
 * One table for esbuild (build.ts) and Jest (jest.config.js), so the unit tests run the
 * same code the bundle ships.
 */
module.exports = {
  '@apidevtools/json-schema-ref-parser': 'src/bundle-shims/ref-parser.ts',
  'openapi-schema-validator': 'src/bundle-shims/openapi-schema-validator.ts',
  'mock-json-schema': 'src/bundle-shims/mock-json-schema.ts',
  'iconv-lite': 'src/bundle-shims/iconv-lite.ts',
  'mime-db': 'src/bundle-shims/mime-db.ts',
  '@aws-sdk/credential-provider-node': 'src/bundle-shims/credential-provider-node.ts',
};
