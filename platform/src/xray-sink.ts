/**
 * A loopback stand-in for the X-Ray daemon Lambda runs beside every function. The runtimes'
 * X-Ray SDKs (Powertools Tracer, aws-xray-sdk-go, the Java SDK) send segment documents by UDP
 * to `AWS_XRAY_DAEMON_ADDRESS`, one datagram each, in the daemon's format: the header line
 * `{"format":"json","version":1}`, a newline, then the JSON document (X-Ray developer guide,
 * "Sending segment documents to the X-Ray daemon"). The sink keeps what it receives so tests
 * can read it, and nothing leaves the machine. It keeps at most `capacity` documents (the
 * oldest are dropped), so a long bench run's memory stays bounded.
 */
import * as dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

export const DAEMON_HEADER = { format: 'json', version: 1 } as const;

/** One received segment or subsegment document. */
export interface XraySegment {
  /** When the datagram arrived (epoch ms). */
  receivedAt: number;
  /** The parsed document. */
  document: Record<string, unknown>;
}

export interface XraySink {
  /** `127.0.0.1:<port>`: the value of AWS_XRAY_DAEMON_ADDRESS. */
  address: string;
  port: number;
  /** The kept documents, oldest first (a copy). */
  segments(): XraySegment[];
  /** Datagrams that were not `header\ndocument` with a JSON object document. */
  readonly rejected: number;
  /** Documents dropped because the sink was full. */
  readonly dropped: number;
  clear(): void;
  close(): Promise<void>;
}

export const DEFAULT_SEGMENTS_KEPT = 10_000;

/** Parses one daemon datagram; undefined when it is not in the daemon's format. */
export function parseDatagram(datagram: string): Record<string, unknown> | undefined {
  const newline = datagram.indexOf('\n');
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(datagram.slice(0, newline)) as Record<string, unknown>;
    if (header.format !== DAEMON_HEADER.format || header.version !== DAEMON_HEADER.version) return undefined;
    const document: unknown = JSON.parse(datagram.slice(newline + 1));
    return document !== null && typeof document === 'object' && !Array.isArray(document) ? (document as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Opens the sink on 127.0.0.1, a port the OS picks. */
export async function startXraySink(options: { capacity?: number } = {}): Promise<XraySink> {
  const capacity = Math.max(1, options.capacity ?? DEFAULT_SEGMENTS_KEPT);
  const kept: XraySegment[] = [];
  let rejected = 0;
  let dropped = 0;
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message) => {
    const document = parseDatagram(message.toString('utf8'));
    if (!document) {
      rejected += 1;
      return;
    }
    kept.push({ receivedAt: Date.now(), document });
    if (kept.length > capacity) dropped += kept.splice(0, kept.length - capacity).length;
  });
  // A malformed datagram or an ICMP error must not take the platform down.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  // The sink must not keep the process alive on its own.
  socket.unref();
  const { port } = socket.address() as AddressInfo;
  let closed = false;
  return {
    address: `127.0.0.1:${port}`,
    port,
    segments: () => [...kept],
    get rejected() {
      return rejected;
    },
    get dropped() {
      return dropped;
    },
    clear: () => {
      kept.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        socket.close(() => resolve());
      }),
  };
}
