/**
 * The Artillery processor of the scenarios in bench/load/scenarios (bundled by `npm run load`
 * into bench/load/dist/processor.js, with everything it imports, so that run-fargate and
 * run-lambda workers need nothing else):
 * - `pickRuntime` gives each virtual user one runtime of LOAD_RUNTIMES, in turn;
 * - `signRequest` signs every request with SigV4 (service execute-api) as an IAM-authorized
 *   stage requires (docs/aws.md, "Authentication"), over the final URL, method, content-type
 *   and body, with bench/src/sigv4.ts and the AWS SDK's default credential chain; BENCH_AUTH=none
 *   sends requests unsigned; a loopback target (the local platform) is signed with dummy credentials;
 * - `recordByRuntime` adds per-runtime response times and status codes to Artillery's report
 *   (`crud.<runtime>.response_time`, `crud.<runtime>.codes.<status>`).
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { StageSigner, stageRegion, type AwsCredentials } from '../src/sigv4';

interface Context {
  vars: Record<string, unknown>;
}
interface Events {
  emit(type: 'counter' | 'histogram', name: string, value: number): void;
}
interface RequestParams {
  url: string;
  method?: string;
  json?: unknown;
  body?: unknown;
  headers?: Record<string, string>;
}
interface Response {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  timings?: { phases?: { firstByte?: number } };
}
type Done = (err?: Error) => void;

const runtimes = (process.env.LOAD_RUNTIMES ?? '').split(',').filter(Boolean);
let turn = 0;

export function pickRuntime(context: Context, _events: Events, done: Done): void {
  if (!runtimes.length) return done(new Error('LOAD_RUNTIMES is empty: run the scenarios through `npm run load`'));
  context.vars.runtime = runtimes[turn++ % runtimes.length];
  done();
}

/** `{{ name }}` replaced by the virtual user's variable, as Artillery would (it templates only after this hook runs). */
export function fill(text: string, vars: Record<string, unknown>): string {
  return text.replace(/\{\{\s*([A-Za-z_$][\w$]*)\s*\}\}/g, (whole, name: string) => (vars[name] === undefined ? whole : String(vars[name])));
}

function fillJson(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') return fill(value, vars);
  if (Array.isArray(value)) return value.map((v) => fillJson(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillJson(v, vars)]));
  return value;
}

const LOOPBACK = /^(127\.|localhost$|\[::1\]$)/;
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
let signer: StageSigner | undefined;
let refreshed: Promise<void> | undefined;
let expiresAt = Infinity;

/** One signer per worker; temporary credentials refreshed five minutes before they expire. */
async function signerFor(target: URL): Promise<StageSigner> {
  if (!signer) {
    const local = LOOPBACK.test(target.hostname);
    const chain = defaultProvider();
    const provider = async (): Promise<AwsCredentials> => {
      if (local) return { accessKeyId: 'load-local', secretAccessKey: 'load-local-secret' };
      const c = await chain();
      expiresAt = c.expiration ? c.expiration.getTime() : Infinity;
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
    };
    signer = new StageSigner(provider, local ? (process.env.AWS_REGION ?? 'us-east-1') : stageRegion(target));
  }
  if (!refreshed || Date.now() > expiresAt - REFRESH_BEFORE_EXPIRY_MS) refreshed = signer.refresh();
  await refreshed;
  return signer;
}

export async function signRequest(req: RequestParams, context: Context): Promise<void> {
  if ((process.env.BENCH_AUTH ?? 'iam') === 'none') return;
  const url = new URL(fill(req.url, context.vars));
  const method = (req.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  let body: string | undefined;
  if (req.json !== undefined) {
    body = JSON.stringify(fillJson(req.json, context.vars));
    headers['content-type'] = 'application/json';
    delete req.json;
  } else if (typeof req.body === 'string') body = fill(req.body, context.vars);
  const signed = (await signerFor(url)).sign({ method, url, headers: body === undefined ? {} : { 'content-type': headers['content-type'] ?? 'application/json' }, ...(body === undefined ? {} : { body }) });
  req.url = url.toString();
  if (body !== undefined) req.body = body;
  req.headers = { ...headers, ...signed };
}

export function recordByRuntime(_req: RequestParams, res: Response, context: Context, events: Events, done: Done): void {
  const runtime = String(context.vars.runtime);
  const firstByte = res.timings?.phases?.firstByte;
  if (typeof firstByte === 'number') events.emit('histogram', `crud.${runtime}.response_time`, firstByte);
  events.emit('counter', `crud.${runtime}.codes.${res.statusCode}`, 1);
  if (!res.headers['lambda-request-id']) events.emit('counter', `crud.${runtime}.without_lambda_request_id`, 1);
  done();
}
