/** The contract-driven REST API in front of every runtime's function. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Contract } from '../../../platform/src/routes';
import type { BenchmarkConfig } from '../config';
import { ContractApi } from '../constructs/contract-api';
import type { RuntimeFunction } from '../constructs/runtime-function';

export interface ApiStackProps extends StackProps {
  config: BenchmarkConfig;
  contract: Contract;
  runtimes: readonly RuntimeFunction[];
}

export class ApiStack extends Stack {
  readonly contractApi: ContractApi;
  readonly restApiName: string;

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
    });
    new CfnOutput(this, 'StageUrl', {
      value: this.contractApi.url,
      description: 'Base URL of the stage: append /<runtime>/items; pass it to `npm run bench -- --target`',
    });
  }
}
