import { ApiProblem, decodeNextToken, encodeNextToken, newItem, presentItem, problems, timestamp } from '../src/domain';

describe('nextToken (docs/storage-layout.md)', () => {
  test('encodes the documented example', () => {
    expect(encodeNextToken('3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f')).toBe('P1-MPppLTB2OLxorPE1ebw');
    expect(decodeNextToken('P1-MPppLTB2OLxorPE1ebw')).toBe('3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f');
  });

  test('round-trips random UUID v4s', () => {
    for (let i = 0; i < 200; i++) {
      const id = crypto.randomUUID();
      expect(decodeNextToken(encodeNextToken(id))).toBe(id);
    }
  });

  test.each(['', 'garbage', 'P1-MPppLTB2OLxorPE1eb', 'P1-MPppLTB2OLxorPE1ebx', 'AAAAAAAAAAAAAAAAAAAAAA', 'P1-MPppLTB2OLxorPE1eb='])(
    'rejects %p, which it never issues',
    (token) => {
      expect(decodeNextToken(token)).toBeUndefined();
    },
  );

  test('refuses to encode anything but a lowercase UUID v4', () => {
    expect(() => encodeNextToken('3F5F8C3E-9A4B-4C1D-8E2F-1A2B3C4D5E6F')).toThrow();
  });
});

describe('item rules', () => {
  const now = new Date('2026-01-31T12:00:00Z');

  test('timestamps are UTC with milliseconds', () => {
    expect(timestamp(now)).toBe('2026-01-31T12:00:00.000Z');
  });

  test('a new item has equal timestamps and keeps an empty description', () => {
    const item = newItem({ name: 'x', price: 1, description: '' }, now, '3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f');
    expect(item).toEqual({ id: '3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f', name: 'x', price: 1, description: '', createdAt: '2026-01-31T12:00:00.000Z', updatedAt: '2026-01-31T12:00:00.000Z' });
  });

  test('presentItem orders fields as the contract lists them', () => {
    const shuffled = { updatedAt: 'u', price: 1, id: 'i', createdAt: 'c', description: 'd', name: 'n' };
    expect(Object.keys(presentItem(shuffled))).toEqual(['id', 'name', 'price', 'createdAt', 'updatedAt', 'description']);
  });

  test('problems carry the catalogue triple and optional errors', () => {
    const p = new ApiProblem('validationFailed', 'bad', [{ path: '/body/name', message: 'm' }]).toProblem();
    expect(p).toEqual({ ...problems.validationFailed, detail: 'bad', errors: [{ path: '/body/name', message: 'm' }] });
  });
});
