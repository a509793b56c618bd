import { IdNamespace, mediaType, normalizeResponse } from '../src/normalize';

const response = (status: number, headers: Record<string, string>, body: unknown) => ({ status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('normalizeResponse', () => {
  it('replaces ids a runtime made, timestamps and the runtime prefix of Location, and keeps every other value', () => {
    // Prepare
    const ids = new IdNamespace();
    ids.register('8d9b7303-0de5-4731-8ac1-b1dcb0c7ae47', 'cup');
    const item = { id: '8d9b7303-0de5-4731-8ac1-b1dcb0c7ae47', name: ' Tea ', price: 19.99, createdAt: '2026-11-26T19:02:56.747Z', updatedAt: '2026-11-26T19:02:56.747Z' };
    // Act
    const n = normalizeResponse(response(201, { 'content-type': 'application/json; charset=utf-8', location: '/go/items/8d9b7303-0de5-4731-8ac1-b1dcb0c7ae47' }, item), 'go', ids);
    // Assess
    expect(n).toEqual({
      status: 201,
      contentType: 'application/json',
      location: '/{runtime}/items/<id:cup>',
      body: { createdAt: '<timestamp>', id: '<id:cup>', name: ' Tea ', price: 19.99, updatedAt: '<timestamp>' },
    });
  });

  it('keeps ids nobody registered, so two runtimes that read the same stored item still compare equal', () => {
    // Prepare
    const body = { items: [{ id: '3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f', name: 'x', price: 1, createdAt: '2026-01-31T12:00:00.000Z', updatedAt: '2026-01-31T12:00:00.000Z' }], nextToken: 'P1-MPppLTB2OLxorPE1ebw' };
    // Act
    const n = normalizeResponse(response(200, { 'content-type': 'application/json' }, body), 'python', new IdNamespace());
    // Assess
    expect(n.body).toEqual({ items: [{ createdAt: '<timestamp>', id: '3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f', name: 'x', price: 1, updatedAt: '<timestamp>' }], nextToken: 'P1-MPppLTB2OLxorPE1ebw' });
  });

  it('keeps a problem\'s type, title and status but not its detail wording or error messages', () => {
    // Prepare
    const a = { type: 'urn:problem:multi-runtime-benchmark:validation-failed', title: 'Request validation failed', status: 400, detail: 'Bad price.', errors: [{ path: '/body/price', message: 'must be >= 0' }] };
    const b = { status: 400, title: 'Request validation failed', type: 'urn:problem:multi-runtime-benchmark:validation-failed', detail: 'The request does not match.', errors: [{ path: '/body', message: 'x' }, { path: '/body/price', message: 'y' }] };
    // Act
    const [na, nb] = [normalizeResponse(response(400, { 'content-type': 'application/problem+json' }, a), 'go', new IdNamespace()), normalizeResponse(response(400, { 'content-type': 'application/problem+json; charset=utf-8' }, b), 'typescript', new IdNamespace())];
    // Assess
    expect(na).toEqual(nb);
    expect(na.body).toEqual({ errors: '<errors: at least one>', status: 400, title: 'Request validation failed', type: 'urn:problem:multi-runtime-benchmark:validation-failed' });
  });

  it('reduces health and metrics to what every runtime shares: keys, types and its own name', () => {
    // Prepare
    const health = { status: 'ok', runtime: 'go', version: '1.0.0', runtimeVersion: 'go go1.26.8', coldStart: true };
    const metrics = { runtime: 'go', instanceId: 'x', coldStart: false, initDurationMs: 4.5, invocations: 3, uptimeMs: 100.25, memory: { rssBytes: 1024, heapBytes: 7 } };
    // Act
    const h = normalizeResponse(response(200, { 'content-type': 'application/json' }, health), 'go', new IdNamespace());
    const m = normalizeResponse(response(200, { 'content-type': 'application/json' }, metrics), 'go', new IdNamespace());
    // Assess
    expect(h.body).toEqual({ coldStart: '<boolean>', runtime: '<runtime>', runtimeVersion: '<string>', status: 'ok', version: '1.0.0' });
    expect(m.body).toEqual({ coldStart: '<boolean>', initDurationMs: '<number>', instanceId: '<string>', invocations: '<integer>', memory: { rssBytes: '<integer>' }, runtime: '<runtime>', uptimeMs: '<number>' });
  });

  it('types a duration that happens to be integral as a number, as the contract does', () => {
    // Prepare: JS prints 1234.000 ms as 1234, where Python prints 1234.0
    const metrics = { runtime: 'typescript', instanceId: 'x', coldStart: false, initDurationMs: 12, invocations: 3, uptimeMs: 1234, memory: { rssBytes: 1024 } };
    // Act
    const m = normalizeResponse(response(200, { 'content-type': 'application/json' }, metrics), 'typescript', new IdNamespace());
    // Assess
    expect(m.body).toMatchObject({ initDurationMs: '<number>', uptimeMs: '<number>', invocations: '<integer>' });
  });

  it('needs no Content-Type on a 204 and compares a body that is not JSON as text', () => {
    // Prepare / Act
    const deleted = normalizeResponse(response(204, { 'content-type': 'text/plain' }, ''), 'go', new IdNamespace());
    const text = normalizeResponse(response(502, { 'content-type': 'text/html' }, '<html>bad gateway</html>'), 'go', new IdNamespace());
    // Assess
    expect(deleted).toEqual({ status: 204, contentType: null, body: '' });
    expect(text.body).toBe('<html>bad gateway</html>');
  });

  it('reads the media type case-insensitively, without parameters', () => {
    expect(mediaType(' Application/Problem+JSON ; charset=utf-8')).toBe('application/problem+json');
    expect(mediaType(undefined)).toBeNull();
  });
});
