/**
 * The items table, defined once. The CDK data stack and the local platform (dynalite)
 * both build their table from this object, so the two cannot drift. Plain data: no
 * aws-cdk-lib import, so the platform loads it without the CDK.
 * The attributes inside items are described in docs/storage-layout.md.
 */
export const itemsTable = {
  /** Partition key: the item's id, a lowercase UUID v4 string. No sort key. */
  partitionKey: { name: 'id', type: 'S' },
  /** On-demand capacity on AWS; dynalite ignores capacity. */
  billingMode: 'PAY_PER_REQUEST',
  /** Table name on the local platform (AWS names it per environment in infra/). */
  localName: 'items',
  /**
   * DynamoDB TTL attribute (N, epoch seconds): an item carrying it is deleted by DynamoDB some
   * time after that instant. No runtime writes or reads it (readers ignore unknown attributes,
   * docs/storage-layout.md); the bench stamps it on the items it created on a deployed stage.
   * On AWS only: dynalite has no TTL.
   */
  timeToLiveAttribute: 'expiresAt',
} as const;

/** The DynamoDB CreateTable request for the local table (dynalite). */
export function createTableRequest(tableName: string = itemsTable.localName) {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: itemsTable.partitionKey.name, AttributeType: itemsTable.partitionKey.type }],
    KeySchema: [{ AttributeName: itemsTable.partitionKey.name, KeyType: 'HASH' as const }],
    BillingMode: itemsTable.billingMode,
  };
}
