/**
 * The contract's `Lambda-Request-Id` response header: the invocation's request id, the
 * `RequestId` of its REPORT line. Set at the Lambda entry on every answer the app gives, so
 * a client (the bench on a deployed stage) can match each request to its REPORT line.
 */
export const REQUEST_ID_HEADER = 'Lambda-Request-Id';

interface ProxyResult {
  headers?: Record<string, unknown> | null;
  multiValueHeaders?: Record<string, unknown[]> | null;
}

/** The proxy result with the header added (both header maps when the result uses both). */
export function withRequestId<T extends ProxyResult>(result: T, requestId: string | undefined): T {
  if (!requestId) return result;
  const headers = { ...(result.headers ?? {}), [REQUEST_ID_HEADER]: requestId };
  const multi = result.multiValueHeaders ? { multiValueHeaders: { ...result.multiValueHeaders, [REQUEST_ID_HEADER]: [requestId] } } : {};
  return { ...result, headers, ...multi };
}
