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
import { DATABASE_FILE, LOG_FILE, LocalStoreError, logProblem } from './local-shared.js';
import { TABLE_DEFINITION, createTableInput } from './table.js';

export { LocalDynamoError, startLocalDynamo, type LocalDynamo, type LocalDynamoOptions } from './local-process.js';
export { DATABASE_FILE, LOCK_FILE, LOG_FILE, LocalStoreError, checkDatabaseFile, dataDirFailure, storeExists } from './local-shared.js';

/** Answers that mean DynamoDB Local failed itself, not the request: it says no more than "unknown error". */
const INTERNAL = new Set(['InternalFailure', 'InternalServerError', 'UnknownError', 'InternalError']);

/**
 * Turns DynamoDB Local's bare "InternalFailure: unknown error" (a read-only
 * folder, a corrupt database) and a vanished instance into an error naming
 * the data dir, what failed and what its log says.
 */
export function localStoreErrors(client: DynamoDBDocumentClient | DynamoDBClient, dataDir: string): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
        const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
        const command = String(context.commandName ?? 'a request').replace(/Command$/, '');
        if (INTERNAL.has(name) || status >= 500) {
          const said = logProblem(dataDir);
          const readOnly = said !== null && /read-?only|permission denied|access is denied/i.test(said);
          const corrupt = said !== null && /not a database|malformed|unsupported file format|corrupt/i.test(said);
          throw new LocalStoreError(
            `the store in ${dataDir} failed (${command}: ${name || `HTTP ${status}`})` +
              (readOnly ? ': the data dir is read-only' : corrupt ? `: its database file (${DATABASE_FILE}) is corrupt` : '') +
              (said ? `; DynamoDB Local's log (${LOG_FILE}) says: ${said}` : `; see ${LOG_FILE} there`),
          );
        }
        if (code === 'ECONNREFUSED' || code === 'ECONNRESET') {
          throw new LocalStoreError(`the DynamoDB Local serving ${dataDir} went away during ${command} (${code}): it was stopped or killed; run again`);
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'nameTheDataDir' },
  );
}

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
