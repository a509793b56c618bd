/** The contract-driven REST API in front of every runtime's function. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { Contract } from '../../../core/src/routes';
import type { BenchmarkConfig } from '../config';
import { ContractApi } from '../constructs/contract-api';
import { BenchRunnerPolicy } from '../constructs/bench-runner-policy';
import type { RuntimeFunction } from '../constructs/runtime-function';

export interface ApiStackProps extends StackProps {
  config: BenchmarkConfig;
  contract: Contract;
  runtimes: readonly RuntimeFunction[];
  /** The items table: the bench runner may stamp expiries on it. */
  table: dynamodb.ITable;
}

export class ApiStack extends Stack {
  readonly contractApi: ContractApi;
  readonly restApiName: string;
  readonly benchRunner: BenchRunnerPolicy;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.restApiName = `multi-runtime-benchmark-${config.envName}`;
    this.contractApi = new ContractApi(this, 'Contract', {
      contract: props.contract,
      targets: props.runtimes.map((r) => ({ name: r.name, target: r.invokeTarget, memoryMb: r.memoryMb })),
      stageName: config.envName,
      restApiName: this.restApiName,
      throttling: config.throttling,
      tracing: config.tracing,
      logRetention: config.logRetention,
      logRemovalPolicy: config.removalPolicy,
      auth: config.apiAuth,
      accountLoggingRole: config.apiGatewayAccountRole,
    });
    this.benchRunner = new BenchRunnerPolicy(this, 'BenchRunner', {
      api: this.contractApi.api,
      stageName: config.envName,
      table: props.table,
      logGroups: props.runtimes.map((r) => r.logGroup),
      functions: props.runtimes.map((r) => r.function),
    });
    // The pipeline's role (GithubOidcStack) gets exactly this stage's bench rights, for as long as the stage lives.
    if (config.benchRunnerRole) this.benchRunner.policy.attachToRole(iam.Role.fromRoleName(this, 'BenchRunnerRole', config.benchRunnerRole));
    new CfnOutput(this, 'StageUrl', {
      value: this.contractApi.url,
      description: 'Base URL of the stage: append /<runtime>/items; pass it to `npm run bench -- --target`',
    });
    new CfnOutput(this, 'StageAuth', {
      value: config.apiAuth,
      description: 'iam: every request must be SigV4-signed (service execute-api); none: public',
    });
    new CfnOutput(this, 'BenchRunnerPolicyArn', {
      value: this.benchRunner.policy.managedPolicyArn,
      description: 'Attach to the IAM user or role that runs `npm run bench -- --target` (invoke, cold starts, REPORT lines, item expiry)',
    });
  }
}
