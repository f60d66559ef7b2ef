/**
 * The store the CLI, the handlers and the demo use: the same DynamoDB code
 * on AWS and on DynamoDB Local; only the endpoint differs.
 */
import { DynamoFindingStore, localEndpointOptions } from './dynamodb.js';

export type StoreOptions =
  | { readonly kind: 'aws'; readonly tableName: string; readonly region?: string; readonly historyRetentionDays?: number }
  | { readonly kind: 'local'; readonly dataDir: string; readonly tableName?: string; readonly historyRetentionDays?: number };

export const DEFAULT_LOCAL_TABLE = 'iam-sentinel';


/** close() also stops DynamoDB Local when this call started it. */
export async function createStore(options: StoreOptions): Promise<DynamoFindingStore> {
  const retention = options.historyRetentionDays === undefined ? {} : { historyRetentionDays: options.historyRetentionDays };
  if (options.kind === 'aws') {
    return new DynamoFindingStore({ tableName: options.tableName, ...(options.region ? { region: options.region } : {}), ...retention });
  }
  // Loaded only here: a Lambda never starts Java.
  const { ensureTable, startLocalDynamo } = await import('./local.js');
  const local = await startLocalDynamo({ dataDir: options.dataDir });
  const tableName = options.tableName ?? DEFAULT_LOCAL_TABLE;
  const store = new DynamoFindingStore({
    tableName,
    ...localEndpointOptions(local.endpoint),
    onClose: () => local.stop(),
    ...retention,
  });
  try {
    await ensureTable(store.client, tableName);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export { DynamoFindingStore, StoreConflictError, type DynamoStoreOptions, type WriteCounts } from './dynamodb.js';
export { TABLE_DEFINITION, TTL_ATTRIBUTE, createTableInput } from './table.js';
export type * from './types.js';
