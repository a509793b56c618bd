/** Stand-in for iconv-lite in the bundle (see README.md): UTF-8 only. */
const isUtf8 = (encoding: string): boolean => /^utf-?8$/i.test(encoding);

function assertUtf8(encoding: string): void {
  if (!isUtf8(encoding)) throw new Error(`iconv-lite stand-in: only UTF-8 is supported, not ${encoding}`);
}

export function encodingExists(encoding: string): boolean {
  return isUtf8(encoding);
}

export function decode(buffer: Buffer, encoding: string): string {
  assertUtf8(encoding);
  return buffer.toString('utf8');
}

export function encode(text: string, encoding: string): Buffer {
  assertUtf8(encoding);
  return Buffer.from(text, 'utf8');
}

export function getDecoder(encoding: string): { write(chunk: Buffer): string; end(): string } {
  assertUtf8(encoding);
  const decoder = new TextDecoder('utf-8');
  return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
}
