/**
 * The AWS calls `--target` makes, as narrow interfaces (the tests stub them), and the real
 * AWS SDK v3 clients behind them: Lambda (configuration read and update) and CloudWatch Logs
 * Insights. `--aws-endpoint URL` points both at another endpoint, e.g. the local platform's
 * (`npm start -- --aws-endpoint-port N`); on a loopback endpoint they sign with dummy
 * credentials, which the platform accepts without checking.
 */
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { AwsCredentials } from '../sigv4';

export type { FunctionConfiguration };

export interface LambdaConfigApi {
  getFunctionConfiguration(input: { FunctionName: string }): Promise<FunctionConfiguration>;
  updateFunctionConfiguration(input: { FunctionName: string; Environment: { Variables: Record<string, string> }; RevisionId?: string }): Promise<FunctionConfiguration>;
}

/** The Logs Insights calls used. */
export interface LogsInsights {
  startQuery(input: { logGroupNames: string[]; startTime: number; endTime: number; queryString: string; limit?: number }): Promise<{ queryId?: string }>;
  getQueryResults(input: { queryId: string }): Promise<{ status?: string; results?: { field?: string; value?: string }[][] }>;
  stopQuery?(input: { queryId: string }): Promise<unknown>;
}

export interface AwsClients {
  lambda: LambdaConfigApi;
  logs: LogsInsights;
  close(): void;
}

/** Credentials the local platform's endpoints accept (they check that a request is signed, not by whom). */
export const LOCAL_DUMMY_CREDENTIALS: AwsCredentials = { accessKeyId: 'bench-local', secretAccessKey: 'bench-local-secret' };

export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

export async function awsClients(region: string, endpoint?: string): Promise<AwsClients> {
  const [lambdaSdk, logsSdk] = await Promise.all([import('@aws-sdk/client-lambda'), import('@aws-sdk/client-cloudwatch-logs')]);
  const config = { region, ...(endpoint ? { endpoint } : {}), ...(endpoint && isLoopback(endpoint) ? { credentials: LOCAL_DUMMY_CREDENTIALS } : {}) };
  const lambda = new lambdaSdk.LambdaClient(config);
  const logs = new logsSdk.CloudWatchLogsClient(config);
  return {
    lambda: {
      getFunctionConfiguration: (i) => lambda.send(new lambdaSdk.GetFunctionConfigurationCommand(i)),
      updateFunctionConfiguration: (i) => lambda.send(new lambdaSdk.UpdateFunctionConfigurationCommand(i)),
    },
    logs: {
      startQuery: (i) => logs.send(new logsSdk.StartQueryCommand(i)),
      getQueryResults: (i) => logs.send(new logsSdk.GetQueryResultsCommand(i)),
      stopQuery: (i) => logs.send(new logsSdk.StopQueryCommand(i)),
    },
    close: () => {
      lambda.destroy();
      logs.destroy();
    },
  };
}
