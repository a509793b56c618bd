/** Stand-in for openapi-schema-validator in the bundle (see README.md). */
export default class OpenAPISchemaValidator {
  constructor() {
    throw new Error('openapi-schema-validator is not in the bundle: run openapi-backend with quick: true');
  }
}
