/**
 * What several commands share: the config, the store (none, DynamoDB
 * Local under --data-dir, or the deployed table) and the notification sinks.
 */
import { loadConfig } from '../shared/config/load.js';
import type { Config } from '../shared/config/schema.js';
import { UsageError } from '../shared/errors.js';
import { SinkSettingError, createSink, type SinkName } from '../shared/notify/sinks.js';
import type { NotificationSink } from '../shared/notify/types.js';
import { assertLocalStore, createStore } from '../shared/store/index.js';
import type { FindingStore } from '../shared/store/types.js';
import { DEFAULT_DATA_DIR, NOTIFIERS, STORES, oneOf, stringOption, type NotifyKind, type Parsed, type StoreKind } from './args.js';
import { log, type Io } from './io.js';
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

/**
 * Opens the store the options name; undefined for --store none. The caller
 * closes it. `readOnly` (findings, history, report): a data dir that holds
 * no store is an error, and nothing is created there.
 */
export async function openStore(
  command: string,
  parsed: Parsed,
  io: Io,
  kind: StoreKind,
  config?: Config,
  options: { readonly readOnly?: boolean } = {},
): Promise<FindingStore | undefined> {
  const retention = config?.historyRetentionDays === undefined ? {} : { historyRetentionDays: config.historyRetentionDays };
  if (kind === 'none') return undefined;
  if (kind === 'aws') {
    const tableName = stringOption(parsed.values.table) ?? io.env.IAM_SENTINEL_TABLE;
    if (!tableName) throw new UsageError(`${command}: --store aws needs --table NAME or IAM_SENTINEL_TABLE`);
    return createStore({ kind: 'aws', tableName, ...retention });
  }
  const dataDir = dataDirFrom(parsed, io);
  // Said before anything starts: a mistyped --data-dir is one line, not a JVM start that fails.
  if (options.readOnly) await assertLocalStore(dataDir);
  return withStep(
    io,
    `DynamoDB Local (${dataDir})`,
    () =>
      createStore({
        kind: 'local',
        dataDir,
        ...(stringOption(parsed.values.table) ? { tableName: stringOption(parsed.values.table) } : {}),
        ...retention,
        ...(options.readOnly ? { readOnly: true } : {}),
        onLeaseWait: ({ account }) => log(io, `iam-sentinel: another run is applying changes to account ${account}; waiting for it to finish`),
      }),
    (store) => (store.localInstance && !store.localInstance.started ? `running already (pid ${store.localInstance.pid}): shared` : 'started'),
  );
}

/**
 * The store of a command that only reads it (findings, history, report):
 * local unless --store says aws, never none; closed once `read` is done. A
 * --data-dir without a store is bad input (exit 2), never an empty store
 * that would report a clean account.
 */
export async function readStore<T>(command: string, parsed: Parsed, io: Io, read: (store: FindingStore) => Promise<T>): Promise<T> {
  const kind = storeKindFrom(command, parsed, 'local');
  if (kind === 'none') throw new UsageError(`${command} reads the finding store: use --store local or --store aws`);
  const store = (await openStore(command, parsed, io, kind, await configFrom(parsed, io), { readOnly: true }))!;
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/**
 * --replay: a run that writes to a store may then be dated more than a day
 * past the clock (design.md "Exactly once, whatever happens"); without it,
 * such a run is refused with exit 2 before anything is collected.
 */
export function replayFrom(parsed: Parsed): boolean {
  return (parsed.values as Record<string, unknown>).replay === true;
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
