/** How a results.json names the platform's resource model, in the report and the summary. */
import { describeTracing } from '../../platform/src/model';
import type { Tracing } from '../../platform/src/xray-sampling';
import type { PackageRead } from './code-read-record';
import type { Environment, PlatformModelRecord } from './results';

export function modelText(e: Environment): string {
  const m = e.platformModel;
  if (!m) return 'not recorded (a deployed API, or results from before the model was recorded)';
  const parts = [`init CPU ${m.initCpu}`, `CPU period ${m.cpuPeriodMs} ms`, m.freezeIdle ? 'idle instances frozen' : `idle instances NOT frozen (${m.freezeReason ?? 'unknown'})`, m.tmp === 'mount-namespace' ? 'private /tmp' : '/tmp NOT private', codeReadText(m.codeRead), tracingText(m.tracing)];
  const limits = Object.entries(m.concurrencyLimits).map(([n, l]) => `${n} ${l}`).join(', ');
  return `${parts.join(', ')}; concurrency limits: ${limits}${m.notEnforced.length ? `; NOT enforced: ${m.notEnforced.join('; ')}` : ''}`;
}

/** Results from before sampling was modelled carry no `tracing`: the platform sampled nothing then. */
function tracingText(tracing: Tracing | undefined): string {
  return tracing ? describeTracing(tracing) : 'X-Ray: nothing sampled (before sampling was modelled)';
}

/** Results from before the code-read model carry no `codeRead`: no time was added then. */
export function codeReadText(cr: PlatformModelRecord['codeRead']): string {
  if (!cr) return 'code read at init NOT modelled (before the model existed)';
  if (cr.mode === 'off') return 'code read at init NOT modelled (--code-read-mbps off)';
  const hf = cr.hostFactor;
  const added = (read: PackageRead) => Object.entries(read).map(([n, f]) => `${n} +${f.ms.toFixed(1)} ms`).join(', ');
  const floors = cr.floors && Object.keys(cr.floors).length ? `; floors ${added(cr.floors)}` : '';
  return `code read at init modelled (${cr.awsMbPerSecond} MB/s on AWS, host factor ${hf.value.toFixed(2)} ${hf.source === 'measured' ? 'measured on the Python floor' : hf.source === 'given' ? 'given' : 'by default'}: ${added(cr.functions)}${floors})`;
}
