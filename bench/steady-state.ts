/**
 * Items written to the finding store by two identical scans of one account
 * on DynamoDB Local: the first opens every finding; the second, of the same
 * snapshot at the same time, must change nothing, so write no history row.
 */
import type { Config } from '../shared/config/schema.js';
import { runScan } from '../shared/pipeline/scan.js';
import { folderSource } from '../shared/pipeline/sources.js';
import { DynamoFindingStore, type WriteCounts } from '../shared/store/dynamodb.js';
import { ensureTable, startLocalDynamo } from '../shared/store/local.js';
import { timed } from './stats.js';

export interface ScanWrites {
  /** Items written, by kind (state, history, notification, run, …). */
  readonly writes: WriteCounts;
  readonly findings: number;
  readonly ms: number;
}

export interface SteadyState {
  readonly first: ScanWrites;
  readonly second: ScanWrites;
}

export interface SteadyStateOptions {
  /** A running DynamoDB (Local) to use; omitted, an in-memory DynamoDB Local is started and stopped. */
  readonly endpoint?: string;
  /** Default: a name unique to this run. */
  readonly tableName?: string;
}

export async function measureSteadyState(dir: string, config: Config, now: Date, options: SteadyStateOptions = {}): Promise<SteadyState> {
  const local = options.endpoint ? undefined : await startLocalDynamo();
  const tableName = options.tableName ?? `bench-${process.pid}-${Date.now()}`;
  const store = new DynamoFindingStore({
    tableName,
    endpoint: options.endpoint ?? local!.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    await ensureTable(store.client, tableName);
    const scan = async (): Promise<ScanWrites> => {
      store.resetWriteCounts();
      const { ms, value } = await timed(() => runScan({ source: folderSource(dir), config, now, store, replay: true }));
      return { writes: store.writeCounts(), findings: value.evaluation.findings.length, ms };
    };
    const first = await scan();
    const second = await scan();
    return { first, second };
  } finally {
    await store.close();
    await local?.stop();
  }
}
