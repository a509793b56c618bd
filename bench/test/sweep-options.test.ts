/** The sweep's options (sweep/options.ts), the memory-size parser (memory-sizes.ts) and the rate rule (sweep/rate.ts). */
import { parseMemorySizes } from '../src/memory-sizes';
import { parseSweepOptions, SWEEP_PROFILES } from '../src/sweep/options';
import { holdableRps, sizeRate, windowSeconds, type SweepProbe } from '../src/sweep/rate';
import { parseRerenderArgs } from '../src/sweep/rerender';

const NOW = new Date('2026-01-02T03:04:05.678Z');

describe('sweep options', () => {
  test('defaults: six sizes, three rounds, cost, no SLO, no floors; --quick is smaller', () => {
    // Act
    const full = parseSweepOptions(['--sweep'], NOW);
    const quick = parseSweepOptions(['--sweep', '--quick'], NOW);
    // Assess
    expect(full.bench.memoryMb).toEqual([128, 256, 512, 1024, 1769, 3008]);
    expect(full.bench.rounds).toBe(3);
    expect(full.bench.floors).toBe(false);
    expect(full.bench.outDir).toBe('results/20260102T030405Z-sweep');
    expect(full.sweep).toMatchObject({ quick: false, strategy: 'cost', balancedWeight: 0.5, sloP99Ms: null });
    expect(quick.bench.memoryMb.length).toBeLessThan(full.bench.memoryMb.length);
    expect(quick.bench.rounds).toBeGreaterThanOrEqual(2);
    expect(quick.bench.outDir).toBe('results/20260102T030405Z-sweep-quick');
    expect(quick.sweep.quick).toBe(true);
  });

  test('flags narrow the sweep; sizes are measured in ascending order', () => {
    const o = parseSweepOptions(['--sweep', '--memory', '1024,128,512', '--slo-p99', '45.5', '--strategy', 'balanced', '--balanced-weight', '0.3', '--runtime', 'go,python', '--rounds', '4', '--gate', 'skip', '--out', 'results/x'], NOW);
    expect(o.bench.memoryMb).toEqual([128, 512, 1024]);
    expect(o.bench.runtimes).toEqual(['go', 'python']);
    expect(o.bench.rounds).toBe(4);
    expect(o.bench.gate).toBe('skip');
    expect(o.bench.outDir).toBe('results/x');
    expect(o.sweep).toMatchObject({ sloP99Ms: 45.5, strategy: 'balanced', balancedWeight: 0.3 });
    expect(SWEEP_PROFILES.full.bench.memoryMb).toEqual([128, 256, 512, 1024, 1769, 3008]);
  });

  test.each([
    [['--memory', '64'], /128\.\.10240/],
    [['--memory', '10241'], /128\.\.10240/],
    [['--memory', '512.5'], /whole megabytes/],
    [['--memory', '512,abc'], /"abc" is not a number/],
    [['--memory', '512,,1024'], /empty entry/],
    [['--memory', '512,512'], /512 MB is listed twice/],
    [['--memory'], /needs a value/],
    [['--strategy', 'fastest'], /--strategy "fastest" is unknown: use cost, speed or balanced/],
    [['--strategy'], /--strategy "" is unknown/],
    [['--strategy', 'balanced', '--balanced-weight', '1.5'], /from 0 \(speed\) to 1 \(cost\)/],
    [['--balanced-weight', '0.2'], /applies to --strategy balanced only/],
    [['--slo-p99', '0'], /positive number of milliseconds/],
    [['--slo-p99', 'fast'], /positive number of milliseconds/],
    [['--rates', '10'], /--rates is not a sweep option: the sweep chooses one rate per memory size/],
    [['--target', 'https://x.invalid/dev'], /not a sweep option/],
    [['--full'], /not a sweep option/],
    [['--slowed', 'go'], /not a sweep option/],
    [['--bogus'], /unknown option --bogus/],
  ])('bad input %j is refused with a clear message', (args, message) => {
    expect(() => parseSweepOptions(['--sweep', ...args], NOW)).toThrow(message);
  });

  test('bench:report takes a sweep SLO or strategy to recompute the recommendations, validated alike', () => {
    expect(parseRerenderArgs(['results/a', '--slo-p99', '30', '--strategy', 'speed'])).toEqual({ dirs: ['results/a'], overrides: { sloP99Ms: 30, strategy: 'speed' } });
    expect(() => parseRerenderArgs(['results/a', '--strategy', 'cheap'])).toThrow(/unknown/);
    expect(() => parseRerenderArgs(['results/a', '--nope'])).toThrow(/unknown option --nope/);
  });
});

describe('memory sizes', () => {
  test('whole megabytes in 128..10240, in the order given', () => {
    expect(parseMemorySizes('1769, 128,10240')).toEqual([1769, 128, 10240]);
  });
});

describe('the rate of a memory size', () => {
  const probe = (runtime: string, serialP99Ms: number | null, errors = 0): SweepProbe => ({ runtime, memoryMb: 512, requests: 100, errors, serialRps: 100, serialP99Ms });
  const s = { rateFraction: 0.5, rateCapRps: 40, minRequests: 120, minWindowS: 4, maxWindowS: 12 };

  test('hand-computed: ½ × 1000 / the highest p99, the same for every runtime', () => {
    // go holds 1000/5 = 200 req/s, python 1000/40 = 25: the rate is 0.5 × 25 = 12.5 req/s; 120 requests take 9.6 s.
    const r = sizeRate(512, [probe('go', 5), probe('python', 40)], s);
    expect(r).toEqual({ memoryMb: 512, rateRps: 12.5, limitedBy: 'python', failedProbes: [], windowS: 9.6 });
  });

  test('capped at the machine cap, floored at 1 req/s; windows within their bounds', () => {
    expect(sizeRate(512, [probe('go', 2)], s)).toMatchObject({ rateRps: 40, limitedBy: 'cap', windowS: 4 });
    expect(sizeRate(512, [probe('kotlin', 2000)], s)).toMatchObject({ rateRps: 1, windowS: 12 });
    expect(windowSeconds(1.5, s)).toBe(12);
    expect(windowSeconds(40, s)).toBe(4);
  });

  test('a probe that mostly failed sets no rate and is named', () => {
    expect(holdableRps(probe('kotlin', 20, 11))).toBeNull();
    expect(holdableRps(probe('kotlin', null))).toBeNull();
    const r = sizeRate(512, [probe('go', 10), probe('kotlin', 20, 50)], s);
    expect(r).toMatchObject({ rateRps: 40, failedProbes: ['kotlin'] });
    expect(sizeRate(512, [probe('kotlin', null, 100)], s)).toMatchObject({ rateRps: 1, limitedBy: 'floor (no probe answered)' });
  });
});
