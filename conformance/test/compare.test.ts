import { compareResponses, describeDifferences, diffValues } from '../src/compare';
import type { NormalizedResponse } from '../src/normalize';

const item = { id: '<id:cup>', name: 'Espresso cup', description: '90 ml', price: 19.99 };
const ok: NormalizedResponse = { status: 201, contentType: 'application/json', location: '/{runtime}/items/<id:cup>', body: item };

describe('compareResponses', () => {
  it('agrees when every runtime gives the same normalized answer', () => {
    expect(compareResponses({ go: ok, python: { ...ok }, typescript: { ...ok } })).toEqual({ agree: true, outliers: [], diffs: {} });
  });

  it('names the runtime that differs from the largest group and every difference, status first', () => {
    // Prepare
    const drifting: NormalizedResponse = { ...ok, status: 200, body: { id: '<id:cup>', name: 'Espresso cup', price: 19.99 } };
    // Act
    const c = compareResponses({ go: ok, python: ok, drifting });
    // Assess
    expect(c).toMatchObject({ agree: false, outliers: ['drifting'], reference: ['go', 'python'] });
    expect(describeDifferences(c.diffs.drifting!, 'go, python', 'drifting')).toEqual([
      'status: 201 (go, python) ≠ 200 (drifting)',
      'body.description: "90 ml" (go, python) ≠ (absent) (drifting)',
    ]);
  });

  it('blames both sides of a tie, unless exactly one side answered as the contract says', () => {
    // Prepare
    const other: NormalizedResponse = { ...ok, status: 200 };
    // Act
    const tie = compareResponses({ a: ok, b: other });
    const broken = compareResponses({ a: ok, b: other }, (runtime) => runtime === 'a');
    // Assess
    expect(tie).toMatchObject({ agree: false, outliers: ['a', 'b'] });
    expect(tie.reference).toBeUndefined();
    expect(broken).toMatchObject({ agree: false, outliers: ['b'], reference: ['a'] });
  });
});

describe('diffValues', () => {
  it('walks objects and arrays down to the differing leaves, ignoring key order', () => {
    // Prepare
    const expected = { items: [{ a: 1, b: 2 }, { a: 3 }], next: 'x' };
    const actual = { next: 'x', items: [{ b: 2, a: 1 }] };
    // Act / Assess
    expect(diffValues(expected, actual)).toEqual([{ path: 'items[1]', expected: { a: 3 }, actual: '(absent)' }]);
  });
});
