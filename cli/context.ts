/**
 * What several commands share: the config, the store (none, DynamoDB
 * Local under --data-dir, or the deployed table) and the notification sinks.
 */
import { loadConfig } from '../shared/config/load.js';
import type { Config } from '../shared/config/schema.js';
import { UsageError } from '../shared/errors.js';
import { SinkSettingError, createSink, type SinkName } from '../shared/notify/sinks.js';
import type { NotificationSink } from '../shared/notify/types.js';
import { createStore } from '../shared/store/index.js';
import type { FindingStore } from '../shared/store/types.js';
import { DEFAULT_DATA_DIR, NOTIFIERS, STORES, oneOf, stringOption, type NotifyKind, type Parsed, type StoreKind } from './args.js';
import type { Io } from './io.js';
import { withStep } from './progress.js';

export { DEFAULT_DATA_DIR };

export async function configFrom(parsed: Parsed, io: Io): Promise<Config> {
  return loadConfig(stringOption(parsed.values.config) ?? io.env.IAM_SENTINEL_CONFIG);
}

export function dataDirFrom(parsed: Parsed, io: Io): string {
  return stringOption(parsed.values['data-dir']) ?? io.env.IAM_SENTINEL_DATA_DIR ?? DEFAULT_DATA_DIR;
}

export function storeKindFrom(command: string, parsed: Parsed, fallback: StoreKind): StoreKind {
  return oneOf(command, 'store', parsed.values.store, STORES, fallback);
}

/** Opens the store the options name; undefined for --store none. The caller closes it. */
export async function openStore(command: string, parsed: Parsed, io: Io, kind: StoreKind, config?: Config): Promise<FindingStore | undefined> {
  const retention = config?.historyRetentionDays === undefined ? {} : { historyRetentionDays: config.historyRetentionDays };
  if (kind === 'none') return undefined;
  if (kind === 'aws') {
    const tableName = stringOption(parsed.values.table) ?? io.env.IAM_SENTINEL_TABLE;
    if (!tableName) throw new UsageError(`${command}: --store aws needs --table NAME or IAM_SENTINEL_TABLE`);
    return createStore({ kind: 'aws', tableName, ...retention });
  }
  const dataDir = dataDirFrom(parsed, io);
  return withStep(io, `Starting DynamoDB Local (${dataDir})`, () =>
    createStore({ kind: 'local', dataDir, ...(stringOption(parsed.values.table) ? { tableName: stringOption(parsed.values.table) } : {}), ...retention }),
  );
}

/**
 * The store of a command that only reads it (findings, history, report):
 * local unless --store says aws, never none; closed once `read` is done.
 */
export async function readStore<T>(command: string, parsed: Parsed, io: Io, read: (store: FindingStore) => Promise<T>): Promise<T> {
  const kind = storeKindFrom(command, parsed, 'local');
  if (kind === 'none') throw new UsageError(`${command} reads the finding store: use --store local or --store aws`);
  const store = (await openStore(command, parsed, io, kind, await configFrom(parsed, io)))!;
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/** Sinks from --notify (one kind, or several separated by commas). */
export function sinksFrom(command: string, parsed: Parsed, io: Io, store: FindingStore | undefined): NotificationSink[] {
  const raw = parsed.values.notify ?? 'none';
  const kinds = (Array.isArray(raw) ? raw : String(raw).split(',')).map((k) => oneOf<NotifyKind>(command, 'notify', k.trim(), NOTIFIERS, 'none'));
  if (kinds.includes('none')) {
    if (kinds.length > 1) throw new UsageError(`${command}: --notify none cannot be combined with other sinks`);
    return [];
  }
  if (!store) {
    throw new UsageError(`${command}: --notify needs --store local or aws (alerts go out once per new problem, which takes the finding history)`);
  }
  const settings = {
    topicArn: stringOption(parsed.values.topic) ?? io.env.IAM_SENTINEL_TOPIC_ARN,
    dataDir: dataDirFrom(parsed, io),
    consoleStream: io.stderr,
  };
  try {
    return kinds.map((kind) => createSink(kind as SinkName, settings, CLI_SETTINGS));
  } catch (e) {
    if (e instanceof SinkSettingError) throw new UsageError(`${command}: --notify ${e.sink} needs ${e.setting}`);
    throw e;
  }
}

const CLI_SETTINGS = { topicArn: '--topic ARN or IAM_SENTINEL_TOPIC_ARN', dataDir: '--data-dir', slackWebhookUrl: 'SLACK_WEBHOOK_URL' };
