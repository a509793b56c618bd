/** Recommendations (sweep/recommend.ts) on hand-computed cases: Power Tuning's strategies, ties, the SLO, the frontier. */
import { acrossRuntimes, bestMemory, margin, paretoFrontier, type Candidate } from '../src/sweep/recommend';

/** A point whose rounds all have the given cost, Duration and p99, each shifted by ±spread (mean unchanged). */
function point(runtime: string, memoryMb: number, costUsd: number, durationMs: number, p99Ms: number, o: { spread?: number; rounds?: number; ranked?: boolean; held?: boolean } = {}): Candidate {
  const n = o.rounds ?? 3;
  const s = o.spread ?? 0.01;
  // Offsets −s, 0, +s (3 rounds): mean exactly the given value.
  const off = (k: number) => (n === 1 ? 0 : (2 * k) / (n - 1) - 1);
  return {
    runtime,
    memoryMb,
    ranked: o.ranked ?? true,
    held: o.held ?? true,
    rounds: Array.from({ length: n }, (_, k) => ({ round: k, costUsd: costUsd * (1 + s * off(k)), durationMs: durationMs * (1 + s * off(k)), p99Ms: p99Ms * (1 + s * off(k)) })),
  };
}

describe('per runtime: the best memory by Power Tuning strategy', () => {
  // Prepare: cost falls then rises; Duration falls with memory.
  const go = [point('go', 128, 4.2, 40, 80), point('go', 256, 4.1, 20, 40), point('go', 512, 4.15, 10, 20), point('go', 1024, 4.3, 6, 12)];

  test('cost: the cheapest', () => {
    const pick = bestMemory(go, 'cost');
    expect(pick.best).toBe(256);
    expect(pick.objective.map((o) => o.memoryMb)).toEqual([128, 256, 512, 1024]);
    expect(pick.objective[1]!.estimate).toBeCloseTo(4.1, 10);
    expect(pick.statement).toMatch(/^go: cheapest at 256 MB, \$4\.100/);
  });

  test('speed: the lowest mean Duration', () => {
    expect(bestMemory(go, 'speed').best).toBe(1024);
  });

  test('balanced: the lowest weight × cost / max cost + (1 − weight) × Duration / max Duration', () => {
    // Hand-computed (max cost 4.3, max Duration 40), weight 0.5:
    //   128: 0.5 × 4.2/4.3 + 0.5 × 40/40 = 0.98837;  256: 0.5 × 4.1/4.3 + 0.5 × 20/40 = 0.72674
    //   512: 0.5 × 4.15/4.3 + 0.5 × 10/40 = 0.60756; 1024: 0.5 × 4.3/4.3 + 0.5 × 6/40 = 0.575
    const pick = bestMemory(go, 'balanced', 0.5);
    expect(pick.best).toBe(1024);
    expect(pick.objective.map((o) => +o.estimate.toFixed(5))).toEqual([0.98837, 0.72674, 0.60756, 0.575]);
    // Weight 0.9: 128: 0.97907, 256: 0.90814, 512: 0.89360, 1024: 0.915 → 512.
    expect(bestMemory(go, 'balanced', 0.9).best).toBe(512);
    // The ends are the other strategies (Power Tuning: 0 = speed, 1 = cost).
    expect(bestMemory(go, 'balanced', 1).best).toBe(256);
    expect(bestMemory(go, 'balanced', 0).best).toBe(1024);
  });

  test('ties: equal cost goes to the faster, equal Duration to the cheaper, then the smaller size', () => {
    const sameCost = [point('py', 256, 4.1, 30, 50), point('py', 512, 4.1, 20, 40)];
    expect(bestMemory(sameCost, 'cost').best).toBe(512);
    const sameDuration = [point('py', 256, 4.0, 20, 50), point('py', 512, 4.1, 20, 40)];
    expect(bestMemory(sameDuration, 'speed').best).toBe(256);
    const twins = [point('py', 512, 4.1, 20, 40), point('py', 256, 4.1, 20, 40)];
    expect(bestMemory(twins, 'cost').best).toBe(256);
    expect(bestMemory(twins, 'speed').best).toBe(256);
    expect(bestMemory(twins, 'balanced').best).toBe(256);
  });

  test('sizes that cannot be told apart from the best are named; clearly worse ones are not', () => {
    // 256 and 512 differ by 0.1 % with 5 % round noise: indistinguishable; 128 is far away and tight.
    const pts = [point('ts', 128, 6, 40, 80, { spread: 0.001 }), point('ts', 256, 4.1, 20, 40, { spread: 0.05 }), point('ts', 512, 4.104, 10, 20, { spread: 0.05 })];
    const pick = bestMemory(pts, 'cost');
    expect(pick.best).toBe(256);
    expect(pick.indistinguishable).toEqual([512]);
    expect(pick.statement).toContain('512 MB cannot be told apart from it');
    const clear = bestMemory([point('ts', 256, 4.1, 20, 40, { spread: 0.001 }), point('ts', 512, 5, 10, 20, { spread: 0.001 })], 'cost');
    expect(clear.indistinguishable).toEqual([]);
    expect(clear.statement).toContain('every other size is significantly worse');
  });

  test('a size that did not hold the workload is never picked; none held → no pick, said so', () => {
    const pts = [point('kotlin', 128, 3.9, 300, 900, { held: false }), point('kotlin', 256, 4.2, 80, 150)];
    expect(bestMemory(pts, 'cost').best).toBe(256);
    const none = bestMemory([point('kotlin', 128, 3.9, 300, 900, { held: false })], 'cost');
    expect(none.best).toBeNull();
    expect(none.statement).toMatch(/no memory size held the workload/);
  });
});

describe('across runtimes: the cheapest point that meets the SLO', () => {
  const tight = { spread: 0.002 };
  const pts = [
    point('go', 256, 4.0, 5, 12, tight),
    point('go', 512, 4.05, 3, 8, tight),
    point('python', 256, 4.02, 12, 30, tight),
    point('python', 512, 4.08, 8, 18, tight),
    point('kotlin', 512, 4.01, 15, 60, tight),
  ];

  test('hand-computed: SLO 20 ms → go at 256 MB, runner-up python at 512 MB, margin $0.08 by Welch', () => {
    const a = acrossRuntimes(pts, 20);
    expect(a.best).toMatchObject({ runtime: 'go', memoryMb: 256 });
    expect(a.runnerUp).toMatchObject({ runtime: 'python', memoryMb: 512 });
    expect(a.eligible).toBe(5);
    expect(a.meeting).toBe(3);
    // Sizes differ: Welch on the round values; delta = 4.08 − 4.00.
    expect(a.margin!.test).toBe('Welch t');
    expect(a.margin!.deltaUsd).toBeCloseTo(0.08, 10);
    expect(a.margin!.relative).toBeCloseTo(0.02, 10);
    expect(a.margin!.ci95![0]).toBeGreaterThan(0);
    expect(a.statement).toMatch(/^Cheapest with p99 ≤ 20 ms: go at 256 MB/);
    expect(a.statement).toContain('Runner-up python at 512 MB');
  });

  test('at the same size the margin is paired by round', () => {
    const m = margin(point('go', 512, 4.0, 5, 10), point('python', 512, 4.1, 9, 20));
    expect(m.test).toBe('paired t');
    expect(m.deltaUsd).toBeCloseTo(0.1, 10);
  });

  test('a tighter SLO changes the pick; without an SLO the cheapest overall wins', () => {
    expect(acrossRuntimes(pts, 10).best).toMatchObject({ runtime: 'go', memoryMb: 512 });
    // Only go at 512 MB meets 10 ms: no other point to compare it with.
    expect(acrossRuntimes(pts, 10).runnerUp).toBeNull();
    expect(acrossRuntimes(pts, null).best).toMatchObject({ runtime: 'go', memoryMb: 256 });
    expect(acrossRuntimes(pts, null).runnerUp).toMatchObject({ runtime: 'kotlin', memoryMb: 512 });
  });

  test('when only one runtime meets the SLO, the runner-up is its next size', () => {
    const a = acrossRuntimes(pts, 12.5);
    expect(a.best).toMatchObject({ runtime: 'go', memoryMb: 256 });
    expect(a.runnerUp).toMatchObject({ runtime: 'go', memoryMb: 512 });
    expect(a.statement).toContain('No other runtime meets the SLO; the next is go at 512 MB');
  });

  test('SLO unmet: "no runtime meets p99 ≤ X ms; the closest is …"', () => {
    const a = acrossRuntimes(pts, 5);
    expect(a.best).toBeNull();
    expect(a.closest).toMatchObject({ runtime: 'go', memoryMb: 512 });
    expect(a.statement).toMatch(/^No runtime meets p99 ≤ 5 ms at any memory size measured; the closest is go at 512 MB \(\$4\.050 .* p99 8\.00/);
  });

  test('ties: equal cost → lower p99, then smaller memory, then name', () => {
    expect(acrossRuntimes([point('b', 512, 4, 5, 20), point('a', 256, 4, 5, 30)], null).best).toMatchObject({ runtime: 'b' });
    expect(acrossRuntimes([point('b', 512, 4, 5, 20), point('a', 1024, 4, 5, 20)], null).best).toMatchObject({ runtime: 'b' });
    expect(acrossRuntimes([point('b', 512, 4, 5, 20), point('a', 512, 4, 5, 20)], null).best).toMatchObject({ runtime: 'a' });
  });

  test('unranked runtimes and points that did not hold are never recommended', () => {
    const a = acrossRuntimes([point('cheap', 128, 3, 5, 5, { ranked: false }), point('cheaper', 128, 2, 5, 5, { held: false }), point('go', 512, 4, 5, 10)], null);
    expect(a.best).toMatchObject({ runtime: 'go' });
    expect(a.eligible).toBe(1);
    expect(acrossRuntimes([point('x', 128, 3, 5, 5, { ranked: false })], 50).statement).toMatch(/no runtime is ranked/);
  });

  test('the margin is stated with its interval, or as a no-call with one round', () => {
    const one = acrossRuntimes([point('go', 256, 4, 5, 10, { rounds: 1 }), point('py', 256, 4.1, 9, 20, { rounds: 1 })], null);
    expect(one.margin!.ci95).toBeNull();
    expect(one.statement).toMatch(/fewer than two rounds/);
  });
});

describe('the Pareto frontier of cost and p99', () => {
  test('hand-computed: dominated points are off it, ties on one axis resolved by the other', () => {
    const pts = [
      point('a', 128, 4.0, 1, 50), // cheapest: on it
      point('a', 256, 4.1, 1, 20), // on it
      point('b', 256, 4.1, 1, 25), // same cost, slower than a@256: off
      point('b', 512, 4.3, 1, 10), // on it
      point('c', 512, 4.4, 1, 15), // dearer and slower than b@512: off
      point('c', 1024, 4.6, 1, 9), // on it
      point('d', 1024, 3.9, 1, 5, { ranked: false }), // would dominate everything, but unranked
    ];
    expect(paretoFrontier(pts).map((p) => `${p.runtime}@${p.memoryMb}`)).toEqual(['a@128', 'a@256', 'b@512', 'c@1024']);
  });
});
