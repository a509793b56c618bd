/**
 * Messages between the bench's main thread and the load generator's worker thread. Results come
 * back as structured clones of what the worker's functions return: an open-model result carries
 * each answer's Lambda-Request-Id and its due time (requestIds, requestDueAt), a single request
 * its lambdaRequestId, so a --target run matches them to REPORT lines on the main thread.
 */
import type { OpenModelOptions } from '../open-model';
import type { AwsCredentials } from '../sigv4';

/** What the worker signs with (a stage with IAM authorization); undefined: unsigned. */
export interface Signing {
  credentials: AwsCredentials;
  region: string;
  service: string;
}

export type Job =
  | { id: number; kind: 'open'; options: Omit<OpenModelOptions, 'ready'>; waitForReady: boolean }
  /** The main thread's answer to "is the scale-out over?" for a running open-model job. */
  | { id: number; kind: 'ready'; target: number; value: boolean }
  | { id: number; kind: 'serial'; options: { baseUrl: string; seed: number; seedIds: string[]; count?: number; durationS?: number } }
  | { id: number; kind: 'closed'; url: string; paths: string[]; concurrency: number; durationS: number }
  | { id: number; kind: 'request'; url: string; method?: string; body?: string; timeoutMs?: number }
  | { id: number; kind: 'reset' }
  | { id: number; kind: 'signing'; signing?: Signing };

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
