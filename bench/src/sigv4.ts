/**
 * AWS Signature Version 4 for requests to a deployed stage with IAM authorization (the CDK
 * app's default, docs/aws.md "Authentication"): service `execute-api`, the stage's region.
 * Synchronous, so autocannon's per-request hook can sign too; credentials are resolved
 * asynchronously beforehand (the AWS SDK's default chain) and refreshed between phases.
 * Checked against AWS's published SigV4 test-suite vectors (bench/test/sigv4.test.ts).
 */
import { createHash, createHmac } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignInput {
  method: string;
  url: URL;
  /** Extra headers to sign and send (e.g. content-type); host and x-amz-* are added. */
  headers?: Record<string, string>;
  /** Text is hashed as UTF-8; bytes as they are (a proxy forwarding bodies that are not UTF-8). */
  body?: string | Uint8Array;
}

/** Adds what a request needs to pass IAM authorization; the caller sends these headers as they are. */
export type RequestSigner = (input: SignInput) => Record<string, string>;

export const EXECUTE_API = 'execute-api';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeQueryPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The path as sent (already encoded once), encoded again per segment: SigV4's rule for every service but S3. */
function canonicalUri(url: URL): string {
  const path = url.pathname || '/';
  return path.split('/').map(uriEncode).join('/');
}

function canonicalQuery(url: URL): string {
  const raw = url.search.replace(/^\?/, '');
  if (!raw) return '';
  return raw
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
      return [uriEncode(decodeQueryPart(k)), uriEncode(decodeQueryPart(v))] as const;
    })
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** `20150830T123600Z` */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** The headers that sign `input` for `service` in `region` at `now`: host, x-amz-date, the session token, authorization. */
export function signRequest(input: SignInput, credentials: AwsCredentials, region: string, service: string = EXECUTE_API, now: Date = new Date()): Record<string, string> {
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const headers: Record<string, string> = { host: input.url.host, 'x-amz-date': date };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  for (const [name, value] of Object.entries(input.headers ?? {})) headers[name.toLowerCase()] = value;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [input.method.toUpperCase(), canonicalUri(input.url), canonicalQuery(input.url), canonicalHeaders, signedHeaders, sha256(input.body ?? '')].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  const { host, ...rest } = headers;
  return {
    host: host!,
    ...rest,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/**
 * The region a stage URL is in: `https://<id>.execute-api.<region>.amazonaws.com/<stage>/`.
 * A custom domain does not say, so AWS_REGION (or AWS_DEFAULT_REGION) must.
 */
export function stageRegion(target: URL, env: NodeJS.ProcessEnv = process.env): string {
  const fromHost = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(target.hostname)?.[1];
  const region = fromHost ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new Error(`--target ${target.href}: not an execute-api URL, so its region is unknown; set AWS_REGION`);
  return region;
}

/** Signs with the credentials of the last refresh(); refresh() before each phase keeps temporary ones current. */
export class StageSigner {
  private credentials?: AwsCredentials;

  constructor(
    private readonly provider: () => Promise<AwsCredentials>,
    readonly region: string,
    readonly service: string = EXECUTE_API,
  ) {}

  async refresh(): Promise<void> {
    this.credentials = await this.provider();
  }

  /** The credentials of the last refresh(), to sign with in another thread (the load generator). */
  current(): AwsCredentials {
    if (!this.credentials) throw new Error('StageSigner: refresh() before current()');
    return this.credentials;
  }

  readonly sign: RequestSigner = (input) => {
    if (!this.credentials) throw new Error('StageSigner: refresh() before signing');
    return signRequest(input, this.credentials, this.region, this.service);
  };
}
