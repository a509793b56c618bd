/**
 * The platform's loopback X-Ray daemon (xray-sink.ts): it keeps the documents sent in the
 * daemon's format, rejects anything else, stays bounded, closes with the platform, and every
 * instance's AWS_XRAY_DAEMON_ADDRESS points at it.
 */
import * as dgram from 'node:dgram';
import * as path from 'node:path';
import { startPlatform } from '../src/platform';
import { parseDatagram, startXraySink, type XraySink } from '../src/xray-sink';

const HEADER = '{"format":"json","version":1}';

async function send(port: number, ...datagrams: string[]): Promise<void> {
  const socket = dgram.createSocket('udp4');
  try {
    for (const d of datagrams) await new Promise<void>((resolve, reject) => socket.send(d, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  } finally {
    socket.close();
  }
}

/** UDP on loopback is asynchronous: wait until the sink has seen `n` datagrams (kept or rejected). */
async function seen(sink: XraySink, n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (sink.segments().length + sink.rejected + sink.dropped < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

describe('parseDatagram', () => {
  it.each([
    ['a document after the header', `${HEADER}\n{"name":"DynamoDB","id":"a"}`, { name: 'DynamoDB', id: 'a' }],
    ['no header line', '{"name":"x"}', undefined],
    ['another format', '{"format":"xml","version":1}\n{"name":"x"}', undefined],
    ['another version', '{"format":"json","version":2}\n{"name":"x"}', undefined],
    ['a document that is not JSON', `${HEADER}\nnot json`, undefined],
    ['a document that is not an object', `${HEADER}\n[1,2]`, undefined],
  ])('%s', (_name, datagram, expected) => {
    // Prepare / Act
    const document = parseDatagram(datagram);
    // Assess
    expect(document).toEqual(expected);
  });
});

describe('the X-Ray daemon sink', () => {
  let sink: XraySink;
  afterEach(() => sink.close());

  it('listens on 127.0.0.1 on a port the OS picked and keeps what it receives, in order', async () => {
    // Prepare
    sink = await startXraySink();
    // Act
    await send(sink.port, `${HEADER}\n{"name":"first"}`, 'garbage', `${HEADER}\n{"name":"second"}`);
    await seen(sink, 3);
    // Assess
    expect(sink.address).toBe(`127.0.0.1:${sink.port}`);
    expect(sink.port).toBeGreaterThan(0);
    expect(sink.segments().map((s) => s.document.name)).toEqual(['first', 'second']);
    expect(sink.rejected).toBe(1);
  });

  it('keeps only the latest `capacity` documents and counts the ones it dropped', async () => {
    // Prepare
    sink = await startXraySink({ capacity: 3 });
    // Act
    await send(sink.port, ...[1, 2, 3, 4, 5].map((n) => `${HEADER}\n{"n":${n}}`));
    await seen(sink, 5);
    // Assess
    expect(sink.segments().map((s) => s.document.n)).toEqual([3, 4, 5]);
    expect(sink.dropped).toBe(2);
  });

  it('forgets everything on clear()', async () => {
    // Prepare
    sink = await startXraySink();
    await send(sink.port, `${HEADER}\n{"n":1}`);
    await seen(sink, 1);
    // Act
    sink.clear();
    // Assess
    expect(sink.segments()).toEqual([]);
  });

  it('frees its port on close (a new socket can bind it), and closing twice is harmless', async () => {
    // Prepare
    sink = await startXraySink();
    const { port } = sink;
    // Act
    await sink.close();
    await sink.close();
    // Assess
    const again = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
  });
});

describe('the platform and its sink', () => {
  it('opens one sink per platform and closes it on stop', async () => {
    // Prepare
    const options = { port: 0, lambdasDir: path.join(__dirname, 'fixtures', 'lambdas'), runtimes: ['echo'], build: false };
    const platform = await startPlatform(options);
    const { port } = platform.xray;
    // Act
    await platform.stop();
    // Assess: the port is free again
    const again = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(port, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
    expect(platform.xray.address).toBe(`127.0.0.1:${port}`);
  });
});
