/**
 * Stand-in for mime-db in the bundle (see README.md): the media types this app sends or
 * Express falls back to, with mime-db's own entries for them. Lookups of any other type
 * find nothing, as they would for an unregistered type.
 */
const db: Record<string, { source?: string; charset?: string; compressible?: boolean; extensions?: string[] }> = {
  'application/json': { source: 'iana', charset: 'UTF-8', compressible: true, extensions: ['json', 'map'] },
  'application/problem+json': { source: 'iana', compressible: true },
  'application/octet-stream': { source: 'iana', compressible: false, extensions: ['bin'] },
  'text/html': { source: 'iana', compressible: true, extensions: ['html', 'htm', 'shtml'] },
  'text/plain': { source: 'iana', compressible: true, extensions: ['txt', 'text', 'conf', 'def', 'list', 'log', 'in', 'ini'] },
};

export = db;
