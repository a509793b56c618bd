/** What a `--target` run adds to results.json (`target`) and keeps in raw/target.json. */
import type { DeployedFunction } from './functions';
import type { ReportRow } from './reports';

/** Measured requests of one runtime against their REPORT lines: the count check. */
export interface Correlation {
  /** Measured requests: cold-start requests plus the warm phases' measured windows. */
  measuredRequests: number;
  /** Of those, answers carrying a Lambda-Request-Id (API Gateway's own answers carry none). */
  withRequestId: number;
  /** Of those, the ones whose REPORT line was found. */
  withReport: number;
  /** Request ids without a REPORT line by the end of the wait (the first ten). */
  missingExamples: string[];
}

export interface TargetResults {
  url: string;
  /** null: AWS's own endpoints; else the --aws-endpoint the Lambda and Logs calls went to. */
  awsEndpoint: string | null;
  region: string;
  auth: 'iam' | 'none';
  coldStartMethod: string;
  functions: Record<string, DeployedFunction & { coldStarts: string }>;
  correlation: Record<string, Correlation>;
}

/** raw/target.json: every id sent and every REPORT row found, so server figures can be recomputed. */
export interface TargetRaw {
  cold: { runtime: string; round: number; kind: string; requestId: string | null; report: ReportRow | null }[];
  /** Per warm phase: every answer's request id, the epoch ms its request was due, and the measured window's ids. */
  warm: { runtime: string; rate: number; round: number; requestIds: string[]; requestDueAt: number[]; measuredRequestIds: string[] }[];
  reports: Record<string, ReportRow[]>;
}
