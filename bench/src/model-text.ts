/** How a results.json names the platform's resource model, in the report and the summary. */
import { describeTracing } from '../../platform/src/model';
import type { Tracing } from '../../platform/src/xray-sampling';
import type { Environment } from './results';

export function modelText(e: Environment): string {
  const m = e.platformModel;
  if (!m) return 'not recorded (a deployed API, or results from before the model was recorded)';
  const parts = [`init CPU ${m.initCpu}`, `CPU period ${m.cpuPeriodMs} ms`, m.freezeIdle ? 'idle instances frozen' : `idle instances NOT frozen (${m.freezeReason ?? 'unknown'})`, m.tmp === 'mount-namespace' ? 'private /tmp' : '/tmp NOT private', tracingText(m.tracing)];
  const limits = Object.entries(m.concurrencyLimits).map(([n, l]) => `${n} ${l}`).join(', ');
  return `${parts.join(', ')}; concurrency limits: ${limits}${m.notEnforced.length ? `; NOT enforced: ${m.notEnforced.join('; ')}` : ''}`;
}

/** Results from before sampling was modelled carry no `tracing`: the platform sampled nothing then. */
function tracingText(tracing: Tracing | undefined): string {
  return tracing ? describeTracing(tracing) : 'X-Ray: nothing sampled (before sampling was modelled)';
}
