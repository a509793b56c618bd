/** Facts about this Lambda instance (execution environment) for /health and /metrics. */
import { randomUUID } from 'node:crypto';
import { VERSION } from '../../../generated/ts/constants';
import type { components } from '../../../generated/ts/openapi';
import { RUNTIME_NAME } from './domain';

type Health = components['schemas']['Health'];
type Metrics = components['schemas']['Metrics'];

export const CONTRACT_VERSION = VERSION;

export class InstanceInfo {
  readonly id = randomUUID();
  private invocations = 0;
  /** Process start → end of init, as this process measures it (performance.now() starts at process start). */
  private initDurationMs: number | undefined;

  /** Call once when the handler's initialisation is done. */
  initialised(): void {
    this.initDurationMs ??= performance.now();
  }

  /** Call at the start of every invocation. */
  invoked(): void {
    this.invocations += 1;
  }

  /** True during the instance's first invocation (and before it). */
  get coldStart(): boolean {
    return this.invocations <= 1;
  }

  health(): Omit<Health, 'status'> {
    return { runtime: RUNTIME_NAME, version: CONTRACT_VERSION, runtimeVersion: `node ${process.version}`, coldStart: this.coldStart };
  }

  metrics(): Metrics {
    const memory = process.memoryUsage();
    return {
      runtime: RUNTIME_NAME,
      instanceId: this.id,
      coldStart: this.coldStart,
      initDurationMs: Number((this.initDurationMs ?? performance.now()).toFixed(3)),
      invocations: Math.max(this.invocations, 1),
      uptimeMs: Number(performance.now().toFixed(3)),
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, externalBytes: memory.external },
    };
  }
}
