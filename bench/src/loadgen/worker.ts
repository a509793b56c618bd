/**
 * The load generator's thread: open-model schedules, serial and closed-model runs and single
 * requests run here, off the main thread, where the bench hosts the gateway, the Runtime API
 * and the instance pool. A generator sharing the gateway's event loop delays both.
 */
import { parentPort } from 'node:worker_threads';
import { runClosedModel } from '../closed-model';
import { request, requestSigner, resetConnections, setRequestSigner } from '../http';
import { runOpenModel, runSerial } from '../open-model';
import { signRequest } from '../sigv4';
import type { Job, Reply } from './protocol';

const readiness = new Map<number, boolean>();

async function run(job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'open':
      readiness.set(job.id, false);
      try {
        return await runOpenModel({ ...job.options, ...(job.waitForReady ? { ready: () => readiness.get(job.id) === true } : {}) });
      } finally {
        readiness.delete(job.id);
      }
    case 'serial':
      return runSerial(job.options);
    case 'closed':
      return runClosedModel(job.url, job.paths, job.concurrency, job.durationS, requestSigner());
    case 'request': {
      const r = await request(job.url, job.method, job.body, job.timeoutMs);
      return { ...r, clientMs: r.doneAt - r.sentAt };
    }
    case 'reset':
      resetConnections();
      return null;
    case 'signing': {
      const s = job.signing;
      setRequestSigner(s ? (input) => signRequest(input, s.credentials, s.region, s.service) : undefined);
      return null;
    }
    case 'ready':
      if (readiness.has(job.target)) readiness.set(job.target, job.value);
      return undefined;
  }
}

parentPort!.on('message', (job: Job) => {
  run(job).then(
    (result) => {
      if (job.kind !== 'ready') parentPort!.postMessage({ id: job.id, ok: true, result } satisfies Reply);
    },
    (err: unknown) => parentPort!.postMessage({ id: job.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies Reply),
  );
});
