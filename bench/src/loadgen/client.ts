/**
 * The main thread's handle on the load generator's worker thread (worker.ts). Every request
 * the bench times goes through it, so the generator never shares the gateway's event loop.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClosedModelResult } from '../closed-model';
import type { HttpResult } from '../http';
import type { OpenModelOptions, OpenModelResult, SerialResult } from '../open-model';
import type { Job, Reply, Signing } from './protocol';

type JobInput = Job extends infer J ? (J extends Job ? Omit<J, 'id'> : never) : never;

export class LoadGenerator {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  /** Set once the thread has died: later jobs fail at once instead of waiting forever. */
  private dead: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new Error(reply.error));
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`load generator thread exited (${code})`)));
  }

  /** Starts the worker thread and waits until it answers. */
  static async start(): Promise<LoadGenerator> {
    const g = new LoadGenerator(new Worker(path.join(__dirname, 'boot.js')));
    await g.reset();
    return g;
  }

  private failAll(err: Error): void {
    this.dead ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private send<T>(job: JobInput): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...job, id });
    });
  }

  /**
   * Open model in the worker. ready(), when given, is polled here on the main thread (it reads
   * the pool) every 20 ms and its value passed to the worker, which ends the warm-up on it.
   */
  async openModel(options: Omit<OpenModelOptions, 'ready'>, ready?: () => boolean): Promise<OpenModelResult> {
    const id = this.nextId;
    const run = this.send<OpenModelResult>({ kind: 'open', options, waitForReady: ready !== undefined });
    let last: boolean | undefined;
    const poll = ready
      ? setInterval(() => {
          const value = ready();
          if (value !== last) this.worker.postMessage({ id: this.nextId++, kind: 'ready', target: id, value } satisfies Job);
          last = value;
        }, 20)
      : undefined;
    try {
      return await run;
    } finally {
      clearInterval(poll);
    }
  }

  serial(options: { baseUrl: string; seed: number; seedIds: string[]; count?: number; durationS?: number }): Promise<SerialResult> {
    return this.send({ kind: 'serial', options });
  }

  closed(url: string, paths: string[], concurrency: number, durationS: number): Promise<ClosedModelResult> {
    return this.send({ kind: 'closed', url, paths, concurrency, durationS });
  }

  /** One request, timed in the worker. */
  request(url: string, method = 'GET', body?: string, timeoutMs?: number): Promise<HttpResult & { clientMs: number }> {
    return this.send({ kind: 'request', url, method, ...(body !== undefined ? { body } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  }

  /** Signs every request the worker sends from now on (a stage with IAM authorization); undefined stops. */
  async setSigning(signing: Signing | undefined): Promise<void> {
    await this.send({ kind: 'signing', ...(signing ? { signing } : {}) });
  }

  /** Drops the worker's pooled connections (between phases, so one runtime's sockets never serve another). */
  reset(): Promise<void> {
    return this.send({ kind: 'reset' });
  }

  async stop(): Promise<void> {
    this.dead ??= new Error('load generator stopped');
    await this.worker.terminate();
  }
}
