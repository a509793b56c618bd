/** Progress lines while the bench runs: phase, runtime, memory, round, elapsed and ETA. */
import { plannedSeconds } from './budget';
import type { BenchOptions } from './options';

export class Progress {
  private done = 0;
  private readonly total: number;
  private readonly started = Date.now();
  /** The budget by design (budget.ts), refined by the measured pace as steps finish. */
  readonly planS: number;

  /** `plan` replaces the bench's own step count and budget (the sweep has phases of its own). */
  constructor(private readonly o: BenchOptions, runtimes: string[], floors: string[], plan?: { steps: number; seconds: number }) {
    // Steps: each cold write/read pair, the probe, each rate, capacity (not on a --target), each machine-throughput step.
    const perRound = runtimes.length * (o.coldStarts + 1 + o.rates.length + (o.target ? 0 : 1) + o.concurrency.length);
    const floorSteps = floors.length ? floors.length * o.floorColdStarts + 1 : 0;
    this.total = plan?.steps ?? o.memoryMb.length * o.rounds * perRound + o.rounds * floorSteps;
    this.planS = plan?.seconds ?? plannedSeconds(o, runtimes.length, floors.length).totalS;
  }

  note(line: string): void {
    process.stderr.write(`[bench] ${line}\n`);
  }

  async step<T>(phase: string, runtime: string, memoryMb: number, round: number, fn: () => Promise<T>): Promise<T> {
    const result = await fn();
    this.done++;
    const elapsed = (Date.now() - this.started) / 1000;
    const share = this.done / Math.max(1, this.total);
    // Early on the plan, later the pace: blend by the share of steps done.
    const eta = Math.max(0, (1 - share) * ((1 - share) * this.planS + share * (elapsed / share)));
    process.stderr.write(`[bench] ${String(this.done).padStart(4)}/${this.total} ${phase.padEnd(22)} ${runtime.padEnd(11)} ${memoryMb} MB  round ${round + 1}/${this.o.rounds}  elapsed ${elapsed.toFixed(0)} s  ETA ${eta.toFixed(0)} s\n`);
    return result;
  }
}
