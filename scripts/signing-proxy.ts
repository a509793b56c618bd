/**
 * A local proxy to a deployed stage: plain HTTP on 127.0.0.1 in, HTTPS to the stage out, every
 * request SigV4-signed (bench/src/sigv4.ts, the bench's own signer) unless BENCH_AUTH=none. The
 * conformance suite and schemathesis speak plain HTTP to a base URL and sign nothing; through
 * this they reach an IAM-authorized stage unchanged. Bytes pass through as they are, bodies
 * that are not UTF-8 included (the signature hashes the exact bytes).
 *   node --import tsx scripts/signing-proxy.ts --target https://<id>.execute-api.<region>.amazonaws.com/dev/ -- CMD ARGS...
 * runs CMD with every `{proxy}` in ARGS replaced by the proxy's base URL (with the stage path),
 * then stops and exits with CMD's code. Used by scripts/aws-bench.sh for the conformance gate.
 */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import type { RequestSigner } from '../bench/src/sigv4';
import { stageSigner } from '../bench/src/target';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and host: never forwarded. */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

export interface SigningProxy {
  /** `http://127.0.0.1:<port>` + the target's path (the stage), without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

export async function startSigningProxy(target: string, sign?: RequestSigner): Promise<SigningProxy> {
  const upstream = new URL(target);
  const client = upstream.protocol === 'https:' ? https : http;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', upstream.origin);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (!HOP.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      if (body.length) headers['content-length'] = String(body.length);
      // Sign what is sent: method, path and query, the headers the client chose that API Gateway sees, the body bytes.
      const signed = sign ? sign({ method: req.method ?? 'GET', url, headers: pick(headers, ['content-type']), body }) : { host: url.host };
      const out = client.request(url, { method: req.method, headers: { ...headers, ...signed } }, (answer) => {
        const back: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP.has(name) && value !== undefined) back[name] = value;
        res.writeHead(answer.statusCode ?? 502, back);
        answer.pipe(res);
      });
      out.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`signing proxy: ${url.href}: ${error.message}`);
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/+$/, '')}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets of a finished client would hold close() open.
        server.closeAllConnections();
      }),
  };
}

function pick(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => headers[n] !== undefined).map((n) => [n, headers[n]!]));
}

const USAGE = 'usage: node --import tsx scripts/signing-proxy.ts --target https://<id>.execute-api.<region>.amazonaws.com/<stage>/ -- CMD ARGS... ({proxy} in ARGS = the proxy URL)';

/** `--target URL -- CMD ARGS...`: the stage and the command to run through the proxy; undefined when malformed. */
export function parseProxyArgs(argv: string[]): { target: string; command: string[] } | undefined {
  const dash = argv.indexOf('--');
  const flags = dash >= 0 ? argv.slice(0, dash) : argv;
  const command = dash >= 0 ? argv.slice(dash + 1) : [];
  let target: string | undefined;
  try {
    target = parseArgs({ args: flags, options: { target: { type: 'string' } }, strict: true, allowPositionals: false }).values.target;
  } catch {
    return undefined;
  }
  return target && /^https?:\/\//.test(target) && command.length ? { target, command } : undefined;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseProxyArgs(argv);
  if (!parsed) {
    console.error(USAGE);
    return 2;
  }
  const { target, command } = parsed;
  const signer = await stageSigner(target);
  const proxy = await startSigningProxy(target, signer?.sign);
  // Temporary credentials expire: refresh them while the command runs.
  const refresh = signer ? setInterval(() => void signer.refresh().catch((e: Error) => console.error(`signing proxy: credentials refresh failed: ${e.message}`)), 10 * 60_000) : undefined;
  console.error(`signing proxy: ${proxy.url} → ${target}${signer ? ' (SigV4)' : ' (BENCH_AUTH=none: unsigned)'}`);
  try {
    const [cmd, ...args] = command.map((a) => a.split('{proxy}').join(proxy.url));
    return await new Promise<number>((resolve) => {
      const child = spawn(cmd!, args, { stdio: 'inherit' });
      child.on('error', (e) => {
        console.error(`signing proxy: cannot run ${cmd}: ${e.message}`);
        resolve(127);
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  } finally {
    if (refresh) clearInterval(refresh);
    await proxy.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
