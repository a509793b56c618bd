import { Match, Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { contractBinaryMediaTypes, loadContract, mountedRoutes } from '../../core/src/routes';
import { SIGV4_SCHEME } from '../lib/api-definition';
import { unauthenticatedOperations } from '../lib/benchmark-checks';
import { ContractApi, executeApiPath, type ContractApiProps } from '../lib/constructs/contract-api';
import { RuntimeFunction } from '../lib/constructs/runtime-function';
import { fixtureRuntimes, stackWithTable } from './helpers';

const contract = loadContract();

function build(snapStart: string[] = [], extra: Partial<ContractApiProps> = {}) {
  const { stack, table } = stackWithTable();
  const functions = fixtureRuntimes().map(
    (runtime) =>
      new RuntimeFunction(stack, `Fn${runtime.name}`, {
        runtime,
        table,
        functionName: `bench-${runtime.name}`,
        logRetention: RetentionDays.ONE_DAY,
        snapStart: snapStart.includes(runtime.name),
      }),
  );
  const api = new ContractApi(stack, 'Api', {
    contract,
    targets: functions.map((f) => ({ name: f.name, target: f.invokeTarget, memoryMb: f.memoryMb })),
    stageName: 'dev',
    restApiName: 'bench-api',
    throttling: { rateLimit: 100, burstLimit: 200 },
    logRetention: RetentionDays.ONE_WEEK,
    ...extra,
  });
  const template = Template.fromStack(stack);
  const body = Object.values(template.findResources('AWS::ApiGateway::RestApi'))[0]!.Properties.Body;
  const arnOf = (fn: lambda.IFunction) => stack.resolve(fn.functionArn);
  return { stack, functions, api, template, body, arnOf };
}

describe('ContractApi', () => {
  const built = build();
  const { functions, template, body, arnOf } = built;

  test('every contract path under every runtime prefix, integrated with that runtime function', () => {
    // Prepare
    const routes = mountedRoutes(contract, functions.map((f) => f.name));
    // Assess
    expect(routes).toHaveLength(functions.length * 7);
    for (const route of routes) {
      const fn = functions.find((f) => f.name === route.runtime)!;
      const integration = body.paths[route.resource][route.method.toLowerCase()]['x-amazon-apigateway-integration'];
      expect(integration.type).toBe('aws_proxy');
      expect(integration.httpMethod).toBe('POST');
      expect(integration.uri['Fn::Join'][1]).toContainEqual(arnOf(fn.invokeTarget));
      expect(JSON.stringify(integration.uri)).toContain('/invocations');
    }
  });

  test('one invoke permission per operation, limited to its method and path on the stage', () => {
    const routes = mountedRoutes(contract, functions.map((f) => f.name));
    template.resourceCountIs('AWS::Lambda::Permission', routes.length);
    for (const route of routes) {
      const fn = functions.find((f) => f.name === route.runtime)!;
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        FunctionName: arnOf(fn.invokeTarget),
        SourceArn: { 'Fn::Join': ['', Match.arrayWith([`/dev/${route.method}${executeApiPath(route.resource)}`])] },
      });
    }
  });

  test('stage named by the environment, throttled, access-logged, traced, detailed metrics; no execution logging', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      TracingEnabled: true,
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200, LoggingLevel: 'OFF', MetricsEnabled: true, HttpMethod: '*', ResourcePath: '/*' })],
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('integrationLatency') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'bench-api', EndpointConfiguration: { Types: ['REGIONAL'] } });
  });

  test('IAM authorization on every method by default, the root health included', () => {
    // Assess
    expect(body.components.securitySchemes[SIGV4_SCHEME]).toEqual({ type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' });
    expect(unauthenticatedOperations(body)).toEqual([]);
    expect(body.paths['/health'].get.security).toEqual([{ [SIGV4_SCHEME]: [] }]);
  });

  test('auth none: no method requires a signature (a public demo)', () => {
    const open = build([], { auth: 'none' });
    expect(open.body.components).toBeUndefined();
    expect(unauthenticatedOperations(open.body)).toHaveLength(mountedRoutes(contract, open.functions.map((f) => f.name)).length + 1);
  });

  test('binary media types: the contract\'s list, as the local platform uses it', () => {
    expect(body['x-amazon-apigateway-binary-media-types']).toEqual([...contractBinaryMediaTypes()]);
    expect(contractBinaryMediaTypes()).toContain('application/octet-stream');
  });

  test('no account logging role unless asked; asked, a retained role and AWS::ApiGateway::Account', () => {
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
    // Act
    const withRole = build([], { accountLoggingRole: true });
    // Assess
    withRole.template.hasResource('AWS::ApiGateway::Account', { DeletionPolicy: 'Retain' });
    withRole.template.hasResource('AWS::IAM::Role', {
      Properties: Match.objectLike({ AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] }), RoleName: Match.absent() }),
      DeletionPolicy: 'Retain',
    });
  });

  test('no request validation anywhere: the runtimes validate', () => {
    template.resourceCountIs('AWS::ApiGateway::RequestValidator', 0);
    expect(JSON.stringify(body)).not.toContain('request-validator');
  });

  test('exposes the stage URL', () => {
    const url = JSON.stringify(built.stack.resolve(built.api.url));
    expect(url).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",.*"\.execute-api\.".*\{"Ref":"ApiDeploymentStagedev[0-9A-F]+"\},"\/"\]\]\}$/);
  });

  test('snapshot of the API body', () => {
    expect(body).toMatchSnapshot();
  });

  test('with SnapStart too, the gateway invokes and is allowed to invoke the live alias, never the bare function', () => {
    // Act
    const snap = build(['beta']);
    const beta = snap.functions.find((f) => f.name === 'beta')!;
    // Assess
    const integration = snap.body.paths['/beta/items'].post['x-amazon-apigateway-integration'];
    expect(integration.uri['Fn::Join'][1]).toContainEqual(snap.arnOf(beta.invokeTarget));
    expect(snap.arnOf(beta.invokeTarget)).not.toEqual(snap.arnOf(beta.function));
    snap.template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: snap.arnOf(beta.invokeTarget) });
    expect(JSON.stringify(snap.template.findResources('AWS::Lambda::Permission'))).not.toContain(JSON.stringify(snap.arnOf(beta.function)));
  });
});

describe('executeApiPath', () => {
  test('turns path parameters into the execute-api wildcard', () => {
    expect(executeApiPath('/go/items/{id}')).toBe('/go/items/*');
    expect(executeApiPath('/go/items')).toBe('/go/items');
  });
});
