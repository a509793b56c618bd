/** The items table, from the one shared definition (lib/table-definition.ts). */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { BenchmarkConfig } from '../config';
import { itemsTable } from '../../../core/src/table-definition';

export interface DataStackProps extends StackProps {
  config: BenchmarkConfig;
}

export class DataStack extends Stack {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (itemsTable.billingMode !== 'PAY_PER_REQUEST' || itemsTable.partitionKey.type !== 'S') {
      throw new Error('lib/table-definition.ts changed: teach DataStack the new billing mode or key type');
    }
    this.table = new dynamodb.Table(this, 'Items', {
      partitionKey: { name: itemsTable.partitionKey.name, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: config.removalPolicy,
      deletionProtection: config.deletionProtection,
      // Bench items expire instead of accumulating (and growing every Scan's cost).
      timeToLiveAttribute: itemsTable.timeToLiveAttribute,
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The items table, shared by every runtime' });
  }
}
