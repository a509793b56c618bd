import { blame } from '../src/cross-runtime';

describe('blame', () => {
  it('blames the runtime that fails with every partner, not its partners', () => {
    // Prepare
    const failures = ['go→bad', 'bad→go', 'python→bad', 'bad→typescript'].map((pair) => ({ pair }));
    // Act / Assess
    expect(blame(failures)).toEqual(['bad']);
  });

  it('blames both runtimes when only two disagree, and nobody without failures', () => {
    expect(blame([{ pair: 'a→b' }])).toEqual(['a', 'b']);
    expect(blame([])).toEqual([]);
  });
});
