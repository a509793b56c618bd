/** One runtime's function, from its manifest; one such stack per lambdas/<name>/runtime.json. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { Runtime } from '../../../core/src/runtimes';
import type { BenchmarkConfig } from '../config';
import { RuntimeFunction } from '../constructs/runtime-function';
import { functionNameFor } from '../../../core/src/resource-names';

export interface RuntimeStackProps extends StackProps {
  config: BenchmarkConfig;
  runtime: Runtime;
  table: dynamodb.ITable;
}

export function functionName(config: Pick<BenchmarkConfig, 'envName'>, runtime: string): string {
  return functionNameFor(config.envName, runtime);
}

export class RuntimeStack extends Stack {
  readonly runtimeFunction: RuntimeFunction;

  constructor(scope: Construct, id: string, props: RuntimeStackProps) {
    super(scope, id, props);
    const { config, runtime } = props;
    this.runtimeFunction = new RuntimeFunction(this, 'Runtime', {
      runtime,
      table: props.table,
      functionName: functionName(config, runtime.name),
      logRetention: config.logRetention,
      tracing: config.tracing,
      snapStart: config.snapStartRuntimes.includes(runtime.name),
      applyReservedConcurrency: config.reservedConcurrency,
      allowMissingArtifact: config.allowMissingArtifacts,
    });
    new CfnOutput(this, 'FunctionName', { value: this.runtimeFunction.function.functionName });
  }
}
