/**
 * The observability contract every runtime follows (docs/runtimes/typescript.md, "Observability"),
 * with Powertools for AWS Lambda (TypeScript): JSON log lines carrying the Lambda context, one
 * "cold start" line and one ColdStart EMF metric at an instance's first invocation, nothing else
 * per request at INFO, and every DynamoDB call an X-Ray subsegment (sent only when the
 * invocation's trace header says Sampled=1; the X-Ray SDK's own rule).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { RUNTIME_NAME } from './domain';
import type { InstanceInfo } from './instance';

/** The service name of log lines and of the metric's `service` dimension, in every runtime. */
export const SERVICE = `items-${RUNTIME_NAME}`;
export const METRICS_NAMESPACE = 'MultiRuntimeBenchmark';

export interface Observability {
  logger: Logger;
  /** Instruments the DynamoDB client (X-Ray); tracing off outside Lambda or with POWERTOOLS_TRACE_ENABLED=false. */
  traceDynamoDb(client: DynamoDBClient): DynamoDBClient;
  /** At the start of every invocation, after `instance.invoked()`. */
  invocationStarted(context: Context, instance: InstanceInfo): void;
}

/** Level from POWERTOOLS_LOG_LEVEL (default INFO), as Powertools reads it. */
export function createObservability(options: { logger?: Logger; metrics?: Metrics; tracer?: Tracer } = {}): Observability {
  const logger = options.logger ?? new Logger({ serviceName: SERVICE });
  const metrics = options.metrics ?? new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE });
  // captureHTTPsRequests off: the DynamoDB client is what every runtime traces, not every
  // outgoing HTTP request (on by default, it would patch http, https and fetch at init).
  const tracer = options.tracer ?? new Tracer({ serviceName: SERVICE, captureHTTPsRequests: false });
  return {
    logger,
    traceDynamoDb: (client) => tracer.captureAWSv3Client(client),
    invocationStarted(context, instance) {
      // Lambda context fields (cold_start, function_*) on every line from here on; the
      // formatter adds xray_trace_id itself from _X_AMZN_TRACE_ID.
      logger.addContext(context);
      if (!instance.coldStart) return;
      // Powertools' own cold-start metric: one EMF line at once, dimensions service and function_name.
      metrics.captureColdStartMetric(context.functionName);
      const { initDurationMs, instanceId } = instance.metrics();
      logger.info('cold start', { initDurationMs, instanceId });
    },
  };
}
