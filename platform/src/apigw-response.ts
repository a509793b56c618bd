/**
 * Maps a Lambda proxy-integration result back to an HTTP response, as API Gateway REST does:
 * statusCode, headers merged with multiValueHeaders (multiValueHeaders win for a name in both),
 * body decoded from base64 when isBase64Encoded. Anything else is a malformed response, which
 * API Gateway answers with 502. Also holds the gateway's own error answers.
 */

export interface HttpAnswer {
  statusCode: number;
  /** Header name → values, names as the function spelled them. */
  headers: Record<string, string[]>;
  body: Buffer;
}

export class MalformedProxyResponse extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);

function statusOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 599) throw new MalformedProxyResponse(`statusCode ${JSON.stringify(value)}`);
  return n;
}

/** Parses the function's raw JSON payload into an HTTP answer; throws MalformedProxyResponse. */
export function mapProxyResult(payload: Buffer | string): HttpAnswer {
  let result: unknown;
  try {
    result = JSON.parse(payload.toString());
  } catch {
    throw new MalformedProxyResponse('payload is not JSON');
  }
  if (!isRecord(result)) throw new MalformedProxyResponse('payload is not an object');
  const statusCode = statusOf(result.statusCode);
  const headers: Record<string, string[]> = {};
  const { headers: single, multiValueHeaders: multi, body, isBase64Encoded } = result;
  if (multi !== undefined && multi !== null) {
    if (!isRecord(multi)) throw new MalformedProxyResponse('multiValueHeaders is not an object');
    for (const [name, values] of Object.entries(multi)) {
      if (!Array.isArray(values) || !values.every(isScalar)) throw new MalformedProxyResponse(`multiValueHeaders.${name}`);
      headers[name] = values.map(String);
    }
  }
  if (single !== undefined && single !== null) {
    if (!isRecord(single)) throw new MalformedProxyResponse('headers is not an object');
    for (const [name, value] of Object.entries(single)) {
      if (!isScalar(value)) throw new MalformedProxyResponse(`headers.${name}`);
      const taken = Object.keys(headers).some((n) => n.toLowerCase() === name.toLowerCase());
      if (!taken) headers[name] = [String(value)];
    }
  }
  if (body !== undefined && body !== null && typeof body !== 'string') throw new MalformedProxyResponse('body is not a string');
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    throw new MalformedProxyResponse('isBase64Encoded is not a boolean');
  }
  const text = body ?? '';
  return { statusCode, headers, body: isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8') };
}

function gatewayError(statusCode: number, message: string, errorType: string): HttpAnswer {
  return {
    statusCode,
    headers: { 'Content-Type': ['application/json'], 'x-amzn-ErrorType': [errorType] },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/** API Gateway's answers when it, not the function, decides the response (default gateway responses). */
export const gatewayErrors = {
  /** Unknown resource, or a method the resource lacks (MISSING_AUTHENTICATION_TOKEN). */
  missingToken: () => gatewayError(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'),
  /** Function error, crash, timeout or malformed proxy response. */
  badGateway: () => gatewayError(502, 'Internal server error', 'InternalServerErrorException'),
  /** Lambda throttled the invocation (429 from Lambda): INTEGRATION_FAILURE, mapped to 500. */
  throttled: () => gatewayError(500, 'Internal server error', 'InternalServerErrorException'),
  /** The integration ran past API Gateway's integration timeout (29 s at most). */
  timeout: () => gatewayError(504, 'Endpoint request timed out', 'InternalServerErrorException'),
  /** The proxy event is over Lambda's 6 MB invocation payload (as captured on AWS; docs/reliability.md). */
  tooLarge: () => gatewayError(413, 'Request Too Long', 'BadRequestException'),
};
