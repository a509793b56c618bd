/**
 * A runtime killed while it posts its response: the Runtime API sees a request body that breaks
 * off. It must answer nobody and keep the platform alive (it once crashed the bench on an
 * unhandled 'aborted' rejection when a platform stopped mid-response).
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { RuntimeApiServer } from '../src/runtime-api';

describe('a response whose connection breaks off', () => {
  it('is dropped without an unhandled rejection, and the server goes on serving', async () => {
    // Prepare
    const responses: string[] = [];
    const server = new RuntimeApiServer({ onNext: () => undefined, beforeDeliver: () => undefined, onResponse: (id) => (responses.push(id), true), onError: () => true, onInitError: () => undefined });
    const address = await server.listen();
    const [host, port] = address.split(':') as [string, string];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Act: half a body, then the socket closes
      await new Promise<void>((resolve) => {
        const socket = net.connect(Number(port), host, () => {
          socket.write('POST /2018-06-01/runtime/invocation/cut/response HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"half":');
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 50);
        });
      });
      await new Promise((r) => setTimeout(r, 100));
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host, port: Number(port), method: 'POST', path: '/2018-06-01/runtime/invocation/whole/response', headers: { 'Content-Length': 2 } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end('{}');
      });
      // Assess
      expect(unhandled).toEqual([]);
      expect(status).toBe(202);
      expect(responses).toEqual(['whole']);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      server.close();
    }
  });
});
