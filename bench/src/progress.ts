/** Progress lines while the bench runs: phase, runtime, memory, round, elapsed and ETA. */
import type { BenchOptions } from './options';

export class Progress {
  private done = 0;
  private spent = 0;
  private readonly total: number;
  private readonly started = Date.now();
  private readonly estimate: number;

  constructor(private readonly o: BenchOptions, runtimes: string[], floors: string[]) {
    // Planned steps and a rough duration each, refined by the measured pace as steps finish.
    const perRound = runtimes.length * (o.coldStarts + o.rates.length + o.concurrency.length);
    const floorSteps = floors.length ? floors.length * o.floorColdStarts + 1 : 0;
    this.total = o.memoryMb.length * o.rounds * perRound + o.rounds * floorSteps;
    const perRoundS = runtimes.length * (o.coldStarts * 1.5 + o.rates.length * (o.warmSeconds + 0.5) + o.concurrency.length * (o.throughputSeconds + 0.3));
    this.estimate = o.memoryMb.length * o.rounds * perRoundS + o.rounds * (floorSteps * 1.5 + o.warmSeconds);
  }

  note(line: string): void {
    process.stderr.write(`[bench] ${line}\n`);
  }

  async step<T>(phase: string, runtime: string, memoryMb: number, round: number, fn: () => Promise<T>): Promise<T> {
    const t = Date.now();
    const result = await fn();
    this.spent += Date.now() - t;
    this.done++;
    const elapsed = (Date.now() - this.started) / 1000;
    const pace = this.done ? this.spent / 1000 / this.done : 1;
    const remainingSteps = Math.max(0, this.total - this.done);
    const eta = Math.max(0, Math.min(remainingSteps * pace, this.estimate * 3));
    process.stderr.write(`[bench] ${String(this.done).padStart(4)}/${this.total} ${phase.padEnd(22)} ${runtime.padEnd(11)} ${memoryMb} MB  round ${round + 1}/${this.o.rounds}  elapsed ${elapsed.toFixed(0)} s  ETA ${eta.toFixed(0)} s\n`);
    return result;
  }
}
