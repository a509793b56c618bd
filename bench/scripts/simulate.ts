/**
 * Prints the simulated coverage of the bench's intervals and bench:compare's false-call rate
 * (the figures docs/methodology.md quotes; the tests assert their bounds):
 *   node --import tsx bench/scripts/simulate.ts
 */
import { PROFILES } from '../src/options';
import { SCENARIOS, simulateCoverage, simulateFalseCalls } from '../test/helpers/simulation';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const profiles = Object.entries(PROFILES).filter(([, p]) => p.rounds >= 2);
console.log(`| scenario (1,000 simulated runs each) | ${profiles.map(([n, p]) => `${n} (${p.rounds} rounds)`).join(' | ')} |`);
console.log(`| --- | ${profiles.map(() => '---').join(' | ')} |`);
for (const s of SCENARIOS) console.log(`| ${s.name} | ${profiles.map(([, p]) => pct(simulateCoverage(s, p.rounds, p.rounds * 1000 + s.n).coverage)).join(' | ')} |`);
console.log(`| for contrast, a per-request interval (issue's case) | ${profiles.map(([, p]) => pct(simulateCoverage(SCENARIOS[0]!, p.rounds, 7).pooledCoverage)).join(' | ')} |`);
console.log('');
console.log('| bench:compare, identical runs, 40 metrics, 1,000 pairs | metrics called | runs with any call |');
console.log('| --- | --- | --- |');
for (const [n, p] of profiles.filter(([name]) => name !== 'full')) {
  const r = simulateFalseCalls(p.rounds, p.rounds * 31);
  console.log(`| ${n} (${p.rounds} rounds) | ${pct(r.perMetric)} | ${pct(r.anyCall)} |`);
}
