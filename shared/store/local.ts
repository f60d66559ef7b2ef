/**
 * DynamoDB Local for the demo, the CLI's `--store local` and the tests: the
 * process (local-process.ts) and the table on it.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type DescribeTableCommandOutput,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LocalDynamoError } from './local-process.js';
import { TABLE_DEFINITION, createTableInput } from './table.js';

export { LocalDynamoError, startLocalDynamo, type LocalDynamo, type LocalDynamoOptions } from './local-process.js';

/**
 * Creates the table (the layout of table.ts) unless it exists, and waits
 * until it is active. For DynamoDB Local and tests; on AWS the table is
 * CloudFormation's.
 */
export async function ensureTable(client: DynamoDBClient | DynamoDBDocumentClient, tableName: string): Promise<void> {
  const send = (client as DynamoDBClient).send.bind(client as DynamoDBClient);
  let description = await describe(send, tableName);
  const created = !description;
  if (created) {
    try {
      await send(new CreateTableCommand(createTableInput(tableName)));
    } catch (error) {
      // Created meanwhile by someone else: fine.
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
    description = await describe(send, tableName);
  }
  for (let i = 0; description?.TableStatus !== 'ACTIVE'; i++) {
    if (i > 600) throw new LocalDynamoError(`table ${tableName} did not become active`);
    await new Promise((r) => setTimeout(r, 100));
    description = await describe(send, tableName);
  }
  // TTL can only be set on an active table.
  if (created) {
    await send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: TABLE_DEFINITION.TimeToLiveSpecification })).catch(
      (error: { message?: string }) => {
        // A concurrent creator set it already: the outcome we want.
        if (!/already enabled/i.test(error.message ?? '')) throw error;
      },
    );
  }
}

async function describe(send: DynamoDBClient['send'], tableName: string): Promise<DescribeTableCommandOutput['Table'] | undefined> {
  try {
    return (await send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
