import { parseOptions } from '../src/options';

describe('bench options', () => {
  test('profiles set their sizes and flags narrow them', () => {
    // Act
    const quick = parseOptions(['--quick', '--runtime', 'go,python', '--memory', '128,512', '--rounds', '4'], new Date('2026-01-02T03:04:05.678Z'));
    const def = parseOptions([]);
    // Assess
    expect(quick).toMatchObject({ profile: 'quick', runtimes: ['go', 'python'], memoryMb: [128, 512], rounds: 4, outDir: 'results/20260102T030405Z-quick' });
    expect(def.profile).toBe('default');
    expect(def.memoryMb).toEqual([512, 1769]);
  });

  test('bad input is refused with a clear message', () => {
    expect(() => parseOptions(['--memory', '64'])).toThrow(/128..10240/);
    expect(() => parseOptions(['--rounds'])).toThrow(/needs a value/);
    expect(() => parseOptions(['--gate', 'maybe'])).toThrow(/run, recorded or skip/);
    expect(() => parseOptions(['--bogus'])).toThrow(/unknown option --bogus/);
  });
});
