/**
 * API Gateway's X-Ray sampling decision for a stage with active tracing, which the CDK app turns
 * on by default (infra/lib/config.ts `tracing`): X-Ray's default rule records the first request
 * each second and 5 % of the rest (X-Ray developer guide, "Configuring sampling rules"; the
 * reservoir applies to all services using the rule collectively, API Gateway developer guide,
 * "Configure AWS X-Ray sampling rules for API Gateway APIs"). The decision travels in the event's
 * X-Amzn-Trace-Id, and Lambda and the runtime's X-Ray SDK follow it: a sampled request sends its
 * segments to the X-Ray daemon, an unsampled one sends nothing.
 */
export const TRACING_MODES = ['active', 'off'] as const;
export type Tracing = (typeof TRACING_MODES)[number];

export interface SamplingRule {
  /** Requests recorded each second before the fixed rate applies. */
  reservoirPerSecond: number;
  /** Share of the requests past the reservoir that are recorded. */
  fixedRate: number;
}

export const DEFAULT_SAMPLING_RULE: SamplingRule = { reservoirPerSecond: 1, fixedRate: 0.05 };

export class Sampler {
  private second = Number.NaN;
  private taken = 0;

  constructor(
    private readonly rule: SamplingRule = DEFAULT_SAMPLING_RULE,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the next request is recorded. */
  sample(): boolean {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.taken = 0;
    }
    if (this.taken < this.rule.reservoirPerSecond) {
      this.taken++;
      return true;
    }
    return this.random() < this.rule.fixedRate;
  }
}

/**
 * The X-Amzn-Trace-Id API Gateway forwards: a client's own sampling decision is kept (X-Ray
 * services follow an upstream decision); otherwise, with active tracing, the sampler decides.
 * Without tracing the header carries no decision, and Lambda treats the trace as not sampled.
 */
export function forwardedTraceHeader(incoming: string | undefined, root: () => string, tracing: Tracing, sampler: Sampler): string {
  const header = incoming?.trim() ? incoming.trim() : `Root=${root()}`;
  if (tracing === 'off' || /(^|;)\s*Sampled=/.test(header)) return header;
  return `${header};Sampled=${sampler.sample() ? '1' : '0'}`;
}
