/**
 * A REST API (API Gateway v1) generated from an OpenAPI contract: every contract
 * operation under every runtime's prefix, proxied to that runtime's function; a root
 * GET /health; gateway responses in API Gateway's own shape; access logs; stage
 * throttling; a stage named by the caller (the environment). The Lambda permissions
 * live here, in the API's scope, so the functions' stacks never refer back to the API.
 */
import { Aws, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { mountedRoutes, type Contract } from '../../../core/src/routes';
import { buildApiDefinition } from '../api-definition';
import { pascal } from '../config';

export interface ContractApiTarget {
  /** Runtime name: the URL prefix. */
  name: string;
  /** What the gateway invokes (function or alias). */
  target: lambda.IFunction;
  /** Shown by the root GET /health. */
  memoryMb?: number;
}

export interface ContractApiProps {
  contract: Contract;
  targets: readonly ContractApiTarget[];
  stageName: string;
  restApiName: string;
  throttling: { rateLimit: number; burstLimit: number };
  tracing?: boolean;
  logRetention: logs.RetentionDays;
  logRemovalPolicy?: RemovalPolicy;
  /** `iam` (default): SigV4 on every method. `none`: public; the Benchmark nag pack then warns. */
  auth?: 'iam' | 'none';
  /**
   * Create the account's API Gateway CloudWatch Logs role (`AWS::ApiGateway::Account`), retained
   * because it is an account-and-region setting other APIs may rely on. Default false.
   */
  accountLoggingRole?: boolean;
}

/** `/go/items/{id}` → `/go/items/*`, the form execute-api ARNs use. */
export function executeApiPath(resource: string): string {
  return resource.replace(/\{[^}]+\}/g, '*');
}

export function lambdaIntegrationUri(functionArn: string): string {
  return `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** Access log line: enough to reconcile client-side timings with the gateway's. */
export const ACCESS_LOG_FORMAT = apigateway.AccessLogFormat.custom(
  JSON.stringify({
    requestId: apigateway.AccessLogField.contextRequestId(),
    requestTime: apigateway.AccessLogField.contextRequestTimeEpoch(),
    httpMethod: apigateway.AccessLogField.contextHttpMethod(),
    resourcePath: apigateway.AccessLogField.contextResourcePath(),
    status: apigateway.AccessLogField.contextStatus(),
    responseLength: apigateway.AccessLogField.contextResponseLength(),
    responseLatency: apigateway.AccessLogField.contextResponseLatency(),
    integrationLatency: apigateway.AccessLogField.contextIntegrationLatency(),
    integrationStatus: apigateway.AccessLogField.contextIntegrationStatus(),
    errorMessage: apigateway.AccessLogField.contextErrorMessage(),
  }),
);

export class ContractApi extends Construct {
  readonly api: apigateway.SpecRestApi;
  readonly accessLogs: logs.LogGroup;
  /** The generated OpenAPI body (with tokens), as deployed. */
  readonly definition: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: ContractApiProps) {
    super(scope, id);
    const byName = new Map(props.targets.map((t) => [t.name, t.target]));
    const runtimes = props.targets.map((t) => t.name);
    this.definition = buildApiDefinition(props.contract, {
      runtimes,
      integrationUri: (runtime) => lambdaIntegrationUri(byName.get(runtime)!.functionArn),
      titleSuffix: props.stageName,
      memoryMb: Object.fromEntries(props.targets.flatMap((t) => (t.memoryMb ? [[t.name, t.memoryMb]] : []))),
      auth: props.auth ?? 'iam',
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.api = new apigateway.SpecRestApi(this, 'Api', {
      restApiName: props.restApiName,
      apiDefinition: apigateway.ApiDefinition.fromInline(this.definition),
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // Access logging needs the account's CloudWatch Logs role as much as execution logging does:
      // without one the stage fails to deploy (scripts/deploy.sh checks before deploying).
      cloudWatchRole: props.accountLoggingRole ?? false,
      ...(props.accountLoggingRole ? { cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN } : {}),
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
        throttlingRateLimit: props.throttling.rateLimit,
        throttlingBurstLimit: props.throttling.burstLimit,
        tracingEnabled: props.tracing ?? true,
        loggingLevel: apigateway.MethodLoggingLevel.OFF,
        // Detailed metrics: Count, 4XX, 5XX and latency per resource and method, so each runtime
        // prefix has its own gateway figures and alarm (lib/gateway-metrics.ts).
        metricsEnabled: true,
      },
    });
    // A changed definition must produce a new deployment, or the stage keeps serving the old one.
    this.api.latestDeployment?.addToLogicalId(this.definition);

    // One permission per operation, scoped to its method and path on this API's stage.
    for (const route of mountedRoutes(props.contract, runtimes)) {
      new lambda.CfnPermission(this, `Invoke${pascal(route.runtime)}${pascal(route.operationId)}`, {
        action: 'lambda:InvokeFunction',
        principal: 'apigateway.amazonaws.com',
        functionName: byName.get(route.runtime)!.functionArn,
        sourceArn: this.api.arnForExecuteApi(route.method, executeApiPath(route.resource), props.stageName),
      });
    }

    // cdk-nag findings acknowledged here, each with its reason.
    for (const ack of [
        { id: 'AwsSolutions-APIG2', reason: 'Request validation is off by design: each runtime validates, and that cost is part of what the benchmark measures (docs/contract.md).' },
        { id: 'AwsSolutions-APIG3', reason: 'A short-lived benchmark API; a WAF would add latency and cost to every measured request.' },
        {
          id: 'AwsSolutions-APIG6',
          reason:
            'Execution logging is off: it writes several lines per request at the gateway, which costs per request and adds work to every measured call; ' +
            'the JSON access logs (with latency fields) and detailed metrics cover what the benchmark reads.',
        },
    ]) {
      Validations.of(this.api).acknowledge(ack);
    }
    if (props.accountLoggingRole) {
      Validations.of(this.api).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason: 'The account logging role API Gateway assumes takes the managed policy AWS documents for it (AmazonAPIGatewayPushToCloudWatchLogs); it is what the account setting expects.',
      });
    }
  }

  /** The stage's invoke URL, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/dev/ */
  get url(): string {
    return this.api.url;
  }
}
