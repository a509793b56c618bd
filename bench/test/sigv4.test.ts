/** SigV4 signing for a stage with IAM authorization: AWS's published test vectors, then the bench's own request paths. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runClosedModel } from '../src/closed-model';
import { request, resetConnections, setRequestSigner } from '../src/http';
import { amzDate, signRequest, StageSigner, stageRegion, uriEncode, type AwsCredentials } from '../src/sigv4';

/** The credentials, region, service and instant of AWS's SigV4 test suite (aws-sig-v4-test-suite). */
const SUITE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SUITE_TIME = new Date(Date.UTC(2015, 7, 30, 12, 36, 0));
const suiteSign = (method: string, url: string) => signRequest({ method, url: new URL(url) }, SUITE, 'us-east-1', 'service', SUITE_TIME);

describe('signRequest against the AWS SigV4 test suite', () => {
  test.each([
    ['get-vanilla', 'GET', 'https://example.amazonaws.com/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    ['post-vanilla', 'POST', 'https://example.amazonaws.com/', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
    ['get-vanilla-query-order-key-case', 'GET', 'https://example.amazonaws.com/?Param2=value2&Param1=value1', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'],
  ])('%s', (_name, method, url, signature) => {
    // Act
    const headers = suiteSign(method, url);
    // Assess
    expect(headers.authorization).toBe(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`);
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
    expect(headers.host).toBe('example.amazonaws.com');
  });

  test('temporary credentials: the session token is sent and signed', () => {
    const headers = signRequest({ method: 'GET', url: new URL('https://example.amazonaws.com/') }, { ...SUITE, sessionToken: 'TOKEN' }, 'us-east-1', 'service', SUITE_TIME);
    expect(headers['x-amz-security-token']).toBe('TOKEN');
    expect(headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });

  test('RFC 3986 encoding, and the SigV4 date format', () => {
    expect(uriEncode("a b!'()*~-_.")).toBe('a%20b%21%27%28%29%2A~-_.');
    expect(amzDate(SUITE_TIME)).toBe('20150830T123600Z');
  });
});

describe('stageRegion', () => {
  test('from an execute-api URL, else from AWS_REGION, else a clear error', () => {
    expect(stageRegion(new URL('https://abc123.execute-api.eu-west-1.amazonaws.com/dev/'), {})).toBe('eu-west-1');
    expect(stageRegion(new URL('https://api.example.com/'), { AWS_REGION: 'us-east-2' })).toBe('us-east-2');
    expect(() => stageRegion(new URL('https://api.example.com/'), {})).toThrow(/region is unknown; set AWS_REGION/);
  });
});

/** Checks a received request the way API Gateway would: recompute the signature from what arrived. */
function verify(req: http.IncomingMessage, body: string, creds: AwsCredentials, region: string): boolean {
  const auth = req.headers.authorization ?? '';
  const m = /SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return false;
  const extra = Object.fromEntries(m[1]!.split(';').filter((n) => !['host', 'x-amz-date', 'x-amz-security-token'].includes(n)).map((n) => [n, String(req.headers[n])]));
  const date = String(req.headers['x-amz-date']);
  const when = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const url = new URL(req.url!, `http://${req.headers.host}`);
  const again = signRequest({ method: req.method!, url, headers: extra, ...(body ? { body } : {}) }, creds, region, 'execute-api', when);
  return again.authorization === auth;
}

describe('the bench signs what it sends (a local server verifies every request)', () => {
  const creds: AwsCredentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', sessionToken: 'session' };
  let server: http.Server;
  let base: string;
  const seen: { method: string; path: string; valid: boolean }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const valid = verify(req, body, creds, 'eu-west-1');
        seen.push({ method: req.method!, path: req.url!, valid });
        res.writeHead(valid ? (req.method === 'POST' ? 201 : 200) : 403, { 'content-type': 'application/json' }).end('{"id":"00000000-0000-4000-8000-000000000000"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    setRequestSigner(undefined);
    resetConnections();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  });

  test('request(): GET with a query and POST with a JSON body both verify', async () => {
    // Prepare
    const signer = new StageSigner(async () => creds, 'eu-west-1');
    await signer.refresh();
    setRequestSigner(signer.sign);
    seen.length = 0;
    // Act
    const list = await request(`${base}/dev/go/items?limit=20&nextToken=P1-MPppLTB2OLxorPE1ebw`);
    const create = await request(`${base}/dev/go/items`, 'POST', JSON.stringify({ name: 'é', price: 1 }));
    setRequestSigner(undefined);
    const unsigned = await request(`${base}/dev/go/items`);
    // Assess
    expect([list.status, create.status, unsigned.status]).toEqual([200, 201, 403]);
    expect(seen.map((s) => s.valid)).toEqual([true, true, false]);
  });

  test('the closed model (autocannon) signs every request it sends', async () => {
    // Prepare
    const signer = new StageSigner(async () => creds, 'eu-west-1');
    await signer.refresh();
    seen.length = 0;
    // Act
    const r = await runClosedModel(`${base}/dev/`, ['/dev/go/items?limit=20'], 2, 1, signer.sign);
    // Assess
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.valid && s.path === '/dev/go/items?limit=20')).toBe(true);
    expect(r.errors).toBe(0);
  });

  test('a signer used before its credentials are resolved refuses', () => {
    const signer = new StageSigner(async () => creds, 'eu-west-1');
    expect(() => signer.sign({ method: 'GET', url: new URL(base) })).toThrow(/refresh\(\) before signing/);
  });
});
