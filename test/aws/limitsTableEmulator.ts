import { startDynamoDbEmulator, type DynamoDbEmulator } from '../../local/emulators/dynamodb';

/** A DynamoDB emulator holding one table shaped like the limits table (or keyed by `key`), with the SDK pointed at it. */
export async function startLimitsTable(tableName: string, key = 'limitKey'): Promise<DynamoDbEmulator> {
  const emulator = await startDynamoDbEmulator();
  await emulator.createTable({
    TableName: tableName,
    KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  // Before the first documentClient() call: the client reads these when it is created.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: emulator.url,
  });
  return emulator;
}
