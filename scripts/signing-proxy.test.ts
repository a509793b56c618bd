/**
 * The signing proxy between the conformance suite and a stage, against a stand-in stage on
 * 127.0.0.1: the stage path kept, bytes passed through both ways (a body that is not UTF-8
 * included), a SigV4 signature over exactly what was sent, nothing signed with BENCH_AUTH=none,
 * 502 when the stage cannot be reached.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRequest, type AwsCredentials } from '../bench/src/sigv4';
import { startSigningProxy, type SigningProxy } from './signing-proxy';

const CREDENTIALS: AwsCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session' };

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

let stage: http.Server;
let stageUrl: string;
let seen: Seen[];
let proxy: SigningProxy | undefined;

beforeEach(async () => {
  seen = [];
  stage = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(201, { 'content-type': 'application/problem+json', location: '/dev/go/items/1' });
      res.end(Buffer.from([0xff, 0x00, 0x7b]));
    });
  });
  await new Promise<void>((resolve) => stage.listen(0, '127.0.0.1', resolve));
  stageUrl = `http://127.0.0.1:${(stage.address() as AddressInfo).port}/dev/`;
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await new Promise((resolve) => stage.close(resolve));
});

function send(url: string, method: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** x-amz-date `20261130T120000Z` as a Date. */
const amzToDate = (d: string) => new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`);

describe('signing proxy', () => {
  test('forwards path, query, headers and the exact body bytes, signed over what was sent; passes the answer back as is', async () => {
    // Prepare
    proxy = await startSigningProxy(stageUrl, (input) => signRequest(input, CREDENTIALS, 'eu-west-1'));
    const body = Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0xc3, 0x28, 0x7d]); // invalid UTF-8 inside
    // Act
    const answer = await send(`${proxy.url}/go/items?limit=5&nextToken=a%2Fb`, 'POST', body, { 'content-type': 'application/json', 'x-test': 'kept' });
    // Assess: the proxy URL keeps the stage path.
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dev$/);
    expect(answer.status).toBe(201);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers.location).toBe('/dev/go/items/1');
    expect(answer.body.equals(Buffer.from([0xff, 0x00, 0x7b]))).toBe(true);
    const got = seen[0]!;
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/dev/go/items?limit=5&nextToken=a%2Fb');
    expect(got.body.equals(body)).toBe(true);
    expect(got.headers['x-test']).toBe('kept');
    expect(got.headers['x-amz-security-token']).toBe('session');
    // The signature is the one of exactly these method, URL, content type and bytes at that instant.
    const url = new URL(got.url, stageUrl);
    const expected = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, CREDENTIALS, 'eu-west-1', 'execute-api', amzToDate(got.headers['x-amz-date'] as string));
    expect(got.headers.authorization).toBe(expected.authorization);
    expect(got.headers.authorization).toMatch(/SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,/);
  });

  test('BENCH_AUTH=none (no signer): forwarded unsigned', async () => {
    // Prepare
    proxy = await startSigningProxy(stageUrl);
    // Act
    const answer = await send(`${proxy.url}/python/health`, 'GET');
    // Assess
    expect(answer.status).toBe(201);
    expect(seen[0]!.url).toBe('/dev/python/health');
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  test('a stage that cannot be reached: 502 with the reason, no hang', async () => {
    // Prepare: a port nothing listens on any more.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    proxy = await startSigningProxy(`http://127.0.0.1:${port}/dev/`);
    // Act
    const answer = await send(`${proxy.url}/go/health`, 'GET');
    // Assess
    expect(answer.status).toBe(502);
    expect(answer.body.toString()).toMatch(/^signing proxy: http:\/\/127\.0\.0\.1:\d+\/dev\/go\/health: .*ECONNREFUSED/);
  });
});
