/**
 * The store the CLI, the handlers and the demo use: the same DynamoDB code
 * on AWS and on DynamoDB Local; only the endpoint differs.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { InputError } from '../errors.js';
import { DynamoFindingStore, localEndpointOptions, type DynamoStoreOptions } from './dynamodb.js';

export type StoreOptions =
  | { readonly kind: 'aws'; readonly tableName: string; readonly region?: string; readonly historyRetentionDays?: number }
  | {
      readonly kind: 'local';
      readonly dataDir: string;
      readonly tableName?: string;
      readonly historyRetentionDays?: number;
      /**
       * Only read (findings, history, report): a data dir without a store is
       * an error, and nothing (folder, database, table) is ever created.
       */
      readonly readOnly?: boolean;
      readonly onLeaseWait?: DynamoStoreOptions['onLeaseWait'];
    };

export const DEFAULT_LOCAL_TABLE = 'iam-sentinel';

/** The data dir holds no store (a mistyped --data-dir, or nothing scanned there yet). */
export class NoStoreError extends InputError {
  override name = 'NoStoreError';
}

/**
 * Throws NoStoreError when the data dir holds no store, InputError when its
 * database is not one; creates nothing. For reading commands, before they
 * start anything.
 */
export async function assertLocalStore(dataDir: string): Promise<void> {
  const { storeExists, checkDatabaseFile } = await import('./local.js');
  if (!storeExists(dataDir)) {
    throw new NoStoreError(dataDir, '', 'no finding store here (a scan or detect with --store local writes one): check --data-dir');
  }
  checkDatabaseFile(dataDir);
}

/** close() also lets go of the DynamoDB Local it uses. */
export async function createStore(options: StoreOptions): Promise<DynamoFindingStore> {
  const retention = options.historyRetentionDays === undefined ? {} : { historyRetentionDays: options.historyRetentionDays };
  if (options.kind === 'aws') {
    return new DynamoFindingStore({ tableName: options.tableName, ...(options.region ? { region: options.region } : {}), ...retention });
  }
  // Loaded only here: a Lambda never starts Java.
  const { ensureTable, startLocalDynamo, localStoreErrors } = await import('./local.js');
  const tableName = options.tableName ?? DEFAULT_LOCAL_TABLE;
  if (options.readOnly) await assertLocalStore(options.dataDir);
  const local = await startLocalDynamo({ dataDir: options.dataDir });
  const store = new DynamoFindingStore({
    ...(local.instance ? { localInstance: local.instance } : {}),
    tableName,
    ...localEndpointOptions(local.endpoint),
    onClose: () => local.stop(),
    // Leases and claims name this process, so that a rerun after `kill -9` takes over at once.
    recordHolder: true,
    ...(options.onLeaseWait ? { onLeaseWait: options.onLeaseWait } : {}),
    ...retention,
  });
  localStoreErrors(store.client, options.dataDir);
  try {
    if (options.readOnly) {
      try {
        await store.client.send(new DescribeTableCommand({ TableName: tableName }));
      } catch (error) {
        if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
        throw new NoStoreError(options.dataDir, '', `no table ${tableName} in the store here (check --table)`);
      }
    } else {
      await ensureTable(store.client, tableName);
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export { DynamoFindingStore, StoreConflictError, LeaseBusyError, type DynamoStoreOptions, type WriteCounts } from './dynamodb.js';
export { TABLE_DEFINITION, TTL_ATTRIBUTE, createTableInput } from './table.js';
export type * from './types.js';
