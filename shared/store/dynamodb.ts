/**
 * The finding store on DynamoDB (AWS or DynamoDB Local: only the endpoint
 * differs). The lifecycle itself is shared/findings/lifecycle.ts; this class
 * reads the states it needs, writes what it decides, and answers queries.
 *
 * Concurrency: every state write is conditional on the version it read. A
 * run that loses a race re-reads and re-applies (the lifecycle is idempotent,
 * so what the other run already wrote yields nothing the second time), a
 * bounded number of times.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { SEVERITIES, type Detection, type Severity } from '../model.js';
import type { Evaluation } from '../engine/evaluate.js';
import type { Notification, PendingNotification } from '../notify/types.js';
import { computeLifecycle, type StateWrite } from '../findings/lifecycle.js';
import { countOpen, openAfter, summarizeRun, zeroBySeverity } from '../findings/run-summary.js';
import {
  accountItem,
  changeFromItem,
  changeItem,
  detectionFromItem,
  detectionItem,
  expiresAt,
  notificationItem,
  pendingFromItem,
  runFromItem,
  runItem,
  stateFromItem,
  stateItem,
  type Item,
} from './items.js';
import { accountKey, detectionKey, historyKey, isoKey, notificationKey, runKey, stateKey, timeWindow } from './keys.js';
import { linkedDetection, linkedFindingId } from './notification-links.js';
import { listAccountRecords, recordAuditOutcome, type AccountRecord, type AuditOutcome } from './organization.js';
import { INDEX, KEY, TTL_ATTRIBUTE } from './table.js';
import { GroupWriter, type WriteGroup, type WriteKind, type WriteOp } from './transact.js';
import type {
  ApplyResult,
  DetectionNotificationBuilder,
  FindingChange,
  FindingQuery,
  FindingState,
  FindingStore,
  HistoryQuery,
  NotificationBuilder,
  RunSummary,
  StoredDetection,
} from './types.js';

/**
 * Client options for a DynamoDB Local endpoint: it checks no signature, but
 * the SDK still signs, so any fixed key will do and no real one is sent there.
 */
export function localEndpointOptions(endpoint: string): Pick<DynamoStoreOptions, 'endpoint' | 'region' | 'credentials'> {
  return { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

export interface DynamoStoreOptions {
  readonly tableName: string;
  readonly region?: string;
  /** DynamoDB Local's endpoint; omitted on AWS. */
  readonly endpoint?: string;
  readonly credentials?: DynamoDBClientConfig['credentials'];
  /** config.historyRetentionDays: history rows then carry a TTL; omitted, they are kept. */
  readonly historyRetentionDays?: number;
  /** Re-read-and-re-apply rounds after losing a race, before giving up. */
  readonly maxConflictRetries?: number;
  /** Wall clock for storedAt/deliveredAt (everything else is dated by the run's evaluation time). */
  readonly clock?: () => Date;
  /** Runs after the client is closed (createStore stops the DynamoDB Local it started). */
  readonly onClose?: () => Promise<void>;
}

/** Items written since the store was created (or the counts last reset), by kind. */
export type WriteCounts = Record<WriteKind | 'deliveries', number>;

/** A run kept losing races with concurrent runs: nothing it did is lost, but it could not finish. */
export class StoreConflictError extends Error {
  constructor(readonly account: string, readonly attempts: number) {
    super(`gave up applying the evaluation of ${account} after ${attempts} conflicting concurrent writes; run it again`);
    this.name = 'StoreConflictError';
  }
}

const DEFAULT_CONFLICT_RETRIES = 8;

const zeroCounts = (): WriteCounts => ({ state: 0, history: 0, notification: 0, detection: 0, run: 0, account: 0, deliveries: 0 });

const bySortKey = (a: Item, b: Item) => compare(String(a.sk), String(b.sk));
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function dedupeById(notifications: readonly Notification[]): Notification[] {
  const seen = new Set<string>();
  return notifications.filter((n) => !seen.has(n.id) && Boolean(seen.add(n.id)));
}

const newItem = { expression: 'attribute_not_exists(pk)' };

export class DynamoFindingStore implements FindingStore {
  /** The one document client of this store; exposed so callers can add middleware (tests watch its commands). */
  readonly client: DynamoDBDocumentClient;
  /** The endpoint override (DynamoDB Local), for messages; undefined on AWS. */
  readonly endpoint: string | undefined;
  private readonly tableName: string;
  private readonly retentionDays: number | undefined;
  private readonly maxConflictRetries: number;
  private readonly clock: () => Date;
  private readonly writer: GroupWriter;
  /** Accounts this instance has listed, with the alias it listed them under. */
  private readonly knownAccounts = new Map<string, string | null>();
  private counts = zeroCounts();
  private readonly onClose: (() => Promise<void>) | undefined;

  constructor(options: DynamoStoreOptions) {
    this.tableName = options.tableName;
    this.endpoint = options.endpoint;
    this.retentionDays = options.historyRetentionDays;
    this.maxConflictRetries = options.maxConflictRetries ?? DEFAULT_CONFLICT_RETRIES;
    this.clock = options.clock ?? (() => new Date());
    this.onClose = options.onClose;
    const base = new DynamoDBClient({
      retryMode: 'adaptive',
      maxAttempts: 6,
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    this.client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
    this.writer = new GroupWriter(this.client, this.tableName, (ops) => {
      for (const op of ops) this.counts[op.kind]++;
    });
  }

  /** Items written so far, by kind (the benchmark reports history writes of first and steady-state scans). */
  writeCounts(): WriteCounts {
    return { ...this.counts };
  }

  resetWriteCounts(): void {
    this.counts = zeroCounts();
  }

  async close(): Promise<void> {
    this.client.destroy();
    await this.onClose?.();
  }

  // ---- applying evaluations ------------------------------------------------

  async applyEvaluation(evaluation: Evaluation, build: NotificationBuilder, realertDays: number): Promise<ApplyResult> {
    const { account } = evaluation;
    await this.registerAccount(account, evaluation.accountAlias);
    const runId = randomUUID();
    // What earlier attempts of this run already wrote: kept when a later attempt re-applies the rest.
    const done = { changes: [] as FindingChange[], reminders: [] as FindingState[], notifications: [] as Notification[], findings: new Set<string>() };

    for (let attempt = 1; ; attempt++) {
      const stored = await this.loadStates(evaluation);
      const plan = computeLifecycle(stored, evaluation, realertDays);
      const openBefore = evaluation.scope ? await this.countOpenFindings(account) : countOpen(stored);
      const changes = [...done.changes, ...plan.changes];
      const reminders = [...done.reminders, ...plan.reminders];
      const run = summarizeRun({ runId, evaluation, openBySeverity: openAfter(openBefore, plan.writes), changes });
      const built = dedupeById(build({ evaluation, changes, reminders, run }));

      const planned = new Set(plan.writes.map((w) => w.state.findingId));
      const linked = new Map<string, Notification[]>();
      const unlinked: Notification[] = [];
      for (const n of built) {
        const findingId = linkedFindingId(n);
        if (findingId && planned.has(findingId)) linked.set(findingId, [...(linked.get(findingId) ?? []), n]);
        else if (!(findingId && done.findings.has(findingId))) unlinked.push(n);
        // Else it belongs to a finding an earlier attempt wrote, together with its notifications.
      }

      const groups = plan.writes.map((w) => this.findingGroup(w, linked.get(w.state.findingId) ?? [], evaluation.evaluatedAt));
      const outcome = await this.writer.write(groups);
      for (const group of outcome.committed) {
        const write = group.tag;
        done.findings.add(write.state.findingId);
        done.changes.push(...write.changes);
        if (write.reminder) done.reminders.push(write.state);
        done.notifications.push(...notificationsOf(group.ops));
      }

      if (outcome.conflicted.length === 0) {
        const tail = await this.writer.write<'tail'>([
          { tag: 'tail', ops: [{ kind: 'run', item: runItem(run, this.retentionDays), onConditionFailed: 'skip' }] },
          ...unlinked.map((n) => ({ tag: 'tail' as const, ops: [notificationOp(n)] })),
        ]);
        done.notifications.push(...tail.committed.flatMap((g) => notificationsOf(g.ops)));
        return { changes: sortChanges(done.changes), notifications: done.notifications, run };
      }
      if (attempt > this.maxConflictRetries) throw new StoreConflictError(account, attempt);
    }
  }

  /** A finding's new state, its history rows and its notifications: one atomic group. */
  private findingGroup(write: StateWrite, notifications: readonly Notification[], at: string): WriteGroup<StateWrite> {
    const state: FindingState = notifications.length > 0 ? { ...write.state, lastNotifiedAt: at } : write.state;
    const tag: StateWrite = { ...write, state };
    const condition = write.previous
      ? { expression: '#version = :version', names: { '#version': 'version' }, values: { ':version': write.previous.version } }
      : newItem;
    return {
      tag,
      ops: [
        { kind: 'state', item: stateItem(state), condition, onConditionFailed: 'conflict' },
        ...write.changes.map(
          (c): WriteOp => ({ kind: 'history', item: changeItem(c, state.account, state.version, this.retentionDays), onConditionFailed: 'skip' }),
        ),
        ...notifications.map(notificationOp),
      ],
    };
  }

  /** The stored states an evaluation may touch, read consistently: the account's, or only those on the scope's resources. */
  private async loadStates(evaluation: Evaluation): Promise<FindingState[]> {
    const pk = stateKey.pk(evaluation.account);
    if (!evaluation.scope) {
      return (await this.queryPartition(null, pk, {}, { consistent: true })).map(stateFromItem);
    }
    const perResource = await Promise.all(evaluation.scope.resources.map((r) => this.statesOnResource(evaluation.account, r)));
    return perResource.flat();
  }

  private async statesOnResource(account: string, resource: string): Promise<FindingState[]> {
    const items = await this.queryPartition(null, stateKey.pk(account), { prefix: stateKey.resourcePrefix(resource) }, { consistent: true });
    // The prefix can also match a longer resource name that contains "#"; keep exact matches only.
    return items.map(stateFromItem).filter((s) => s.resource === resource);
  }

  private async countOpenFindings(account: string): Promise<Record<Severity, number>> {
    const counts = zeroBySeverity();
    await Promise.all(
      SEVERITIES.map(async (severity) => {
        counts[severity] = await this.count({
          IndexName: INDEX.byStatus.name,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': INDEX.byStatus.partition, '#sk': INDEX.byStatus.sort },
          ExpressionAttributeValues: { ':pk': stateKey.statusPk(account, 'open'), ':prefix': stateKey.severityPrefix(severity) },
        });
      }),
    );
    return counts;
  }

  /**
   * Lists the account in the store before anything of it is written: once
   * per store instance, and again when its alias changes (a warm Lambda sees
   * an alias created between two audits).
   */
  private async registerAccount(account: string, alias: string | null): Promise<void> {
    if (this.knownAccounts.has(account) && (alias === null || this.knownAccounts.get(account) === alias)) return;
    // Without an alias, do not overwrite one another run recorded.
    const condition = alias === null ? { condition: newItem } : {};
    await this.writer.write([{ tag: account, ops: [{ kind: 'account', item: accountItem(account, alias), ...condition, onConditionFailed: 'skip' }] }]);
    this.knownAccounts.set(account, alias);
  }

  // ---- detections ------------------------------------------------------------

  async recordDetections(
    detections: readonly Detection[],
    account: string,
    accountAlias: string | null,
    build: DetectionNotificationBuilder,
  ): Promise<{ stored: readonly Detection[]; notifications: readonly Notification[] }> {
    const unique = [...new Map(detections.map((d) => [detectionKey.sk(d.eventId, d.ruleId), d])).values()];
    if (unique.length === 0) return { stored: [], notifications: [] };
    await this.registerAccount(account, accountAlias);
    const storedAt = this.clock().toISOString();

    const built = dedupeById(build(unique, account, accountAlias));
    const linked = new Map<string, Notification[]>();
    for (const n of built) {
      const key = linkedDetection(n);
      if (key) linked.set(key, [...(linked.get(key) ?? []), n]);
    }
    const groups = unique.map((d): WriteGroup<Detection> => {
      const key = detectionKey.sk(d.eventId, d.ruleId);
      return {
        tag: d,
        ops: [
          { kind: 'detection', item: detectionItem(d, account, storedAt, this.retentionDays), condition: newItem, onConditionFailed: 'conflict' },
          ...(linked.get(key) ?? []).map(notificationOp),
        ],
      };
    });
    const outcome = await this.writer.write(groups);
    const stored = outcome.committed.map((g) => g.tag);
    const notifications = outcome.committed.flatMap((g) => notificationsOf(g.ops));

    // Notifications about no single detection (digests) speak for the newly stored ones only.
    const isLinked = (n: Notification) => linkedDetection(n) !== null;
    const unlinked =
      stored.length === unique.length ? built.filter((n) => !isLinked(n)) : stored.length > 0 ? dedupeById(build(stored, account, accountAlias)).filter((n) => !isLinked(n)) : [];
    const tail = await this.writer.write(unlinked.map((n) => ({ tag: n.id, ops: [notificationOp(n)] })));
    notifications.push(...tail.committed.flatMap((g) => notificationsOf(g.ops)));
    const order = new Map(unique.map((d, i) => [d, i]));
    return { stored: stored.sort((a, b) => order.get(a)! - order.get(b)!), notifications };
  }

  // ---- queries -------------------------------------------------------------

  async queryFindings(query: FindingQuery): Promise<FindingState[]> {
    const status = query.status === 'all' ? undefined : query.status;
    const perAccount = await Promise.all((await this.accountsFor(query.account)).map((a) => this.findingsOf(a, { ...query, status })));
    return perAccount
      .flat()
      .filter(
        (s) =>
          (!status || s.status === status) &&
          (!query.severity || s.severity === query.severity) &&
          (!query.checkId || s.checkId === query.checkId) &&
          (!query.resource || s.resource === query.resource),
      )
      .sort(
        (a, b) =>
          SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
          compare(a.checkId, b.checkId) ||
          compare(a.resource, b.resource) ||
          compare(a.qualifier ?? '', b.qualifier ?? '') ||
          compare(a.account, b.account),
      );
  }

  /** One Query on the most selective key the filter offers; the caller filters the rest. */
  private async findingsOf(account: string, query: FindingQuery & { status?: FindingState['status'] }): Promise<FindingState[]> {
    if (query.resource) return this.statesOnResource(account, query.resource);
    if (query.checkId) {
      const prefix = stateKey.checkStatusPrefix(query.status);
      return (await this.queryPartition(INDEX.byCheck, stateKey.checkPk(account, query.checkId), { prefix })).map(stateFromItem);
    }
    if (query.status) {
      const prefix = query.severity ? stateKey.severityPrefix(query.severity) : undefined;
      return (await this.queryPartition(INDEX.byStatus, stateKey.statusPk(account, query.status), prefix ? { prefix } : {})).map(stateFromItem);
    }
    return (await this.queryPartition(null, stateKey.pk(account))).map(stateFromItem);
  }

  async queryHistory(query: HistoryQuery): Promise<FindingChange[]> {
    const window = timeWindow('', query.since, query.until);
    const perAccount = await Promise.all(
      (await this.accountsFor(query.account)).map(async (account) => {
        if (query.resource) {
          const items = await this.queryPartition(INDEX.byResource, historyKey.resourcePk(account, query.resource), { window });
          return items.filter((i) => !query.checkId || i.checkId === query.checkId);
        }
        if (query.checkId) {
          return this.queryPartition(INDEX.byCheck, stateKey.checkPk(account, query.checkId), {
            window: timeWindow(historyKey.checkPrefix, query.since, query.until),
          });
        }
        return this.queryPartition(null, historyKey.pk(account), { window });
      }),
    );
    return perAccount.flat().sort(bySortKey).map(changeFromItem);
  }

  async queryDetections(query: { since?: string; until?: string; account?: string }): Promise<StoredDetection[]> {
    const perAccount = await Promise.all(
      (await this.accountsFor(query.account)).map((account) =>
        this.queryPartition(INDEX.byTime, detectionKey.timePk(account), { window: timeWindow('', query.since, query.until) }),
      ),
    );
    return perAccount
      .flat()
      .sort((a, b) => compare(String(a[INDEX.byTime.sort]), String(b[INDEX.byTime.sort])))
      .map(detectionFromItem);
  }

  async listRuns(query: { since?: string; until?: string; account?: string }): Promise<RunSummary[]> {
    const perAccount = await Promise.all(
      (await this.accountsFor(query.account)).map((account) =>
        this.queryPartition(null, runKey.pk(account), { window: timeWindow('', query.since, query.until) }),
      ),
    );
    // Runs of several accounts at one time: account order, not the random runId's.
    return perAccount
      .flat()
      .sort((a, b) => compare(isoKey(String(a.at)), isoKey(String(b.at))) || compare(String(a.account), String(b.account)) || bySortKey(a, b))
      .map(runFromItem);
  }

  async pendingNotifications(query: { account?: string } = {}): Promise<PendingNotification[]> {
    const perAccount = await Promise.all(
      (await this.accountsFor(query.account)).map((account) => this.queryPartition(INDEX.byTime, notificationKey.pendingPk(account))),
    );
    return perAccount
      .flat()
      .sort((a, b) => compare(String(a[INDEX.byTime.sort]), String(b[INDEX.byTime.sort])))
      .map(pendingFromItem);
  }

  // ---- delivery bookkeeping --------------------------------------------------

  async markDelivered(notificationId: string, sink: string, allSinks: readonly string[]): Promise<void> {
    const key = { pk: notificationKey.pk(notificationId), sk: notificationKey.sk };
    const updated = await this.update(notificationId, {
      Key: key,
      UpdateExpression: 'ADD sentTo :sink',
      ExpressionAttributeValues: { ':sink': new Set([sink]) },
      ReturnValues: 'ALL_NEW',
    });
    const sentTo = updated.sentTo instanceof Set ? (updated.sentTo as Set<string>) : new Set<string>();
    if (updated[INDEX.byTime.partition] === undefined || !allSinks.every((s) => sentTo.has(s))) return;
    // Every sink has it: leave the pending index (a sparse one) and age out with history.
    const expires = expiresAt((updated.notification as Notification).createdAt, this.retentionDays);
    await this.update(notificationId, {
      Key: key,
      UpdateExpression: `REMOVE #tpk, #tsk SET deliveredAt = :now${expires === undefined ? '' : ', #ttl = :ttl'}`,
      ExpressionAttributeNames: { '#tpk': INDEX.byTime.partition, '#tsk': INDEX.byTime.sort, ...(expires === undefined ? {} : { '#ttl': TTL_ATTRIBUTE }) },
      ExpressionAttributeValues: { ':now': this.clock().toISOString(), ...(expires === undefined ? {} : { ':ttl': expires }) },
    });
  }

  async markFailed(notificationId: string, error: string): Promise<void> {
    await this.update(notificationId, {
      Key: { pk: notificationKey.pk(notificationId), sk: notificationKey.sk },
      UpdateExpression: 'ADD attempts :one SET lastError = :error',
      ExpressionAttributeValues: { ':one': 1, ':error': error },
    });
  }

  /** An update of an existing notification row; an unknown id is an error, not a new row. */
  private async update(
    notificationId: string,
    input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'ConditionExpression'>,
  ): Promise<Item> {
    try {
      const result = await this.client.send(new UpdateCommand({ ...input, TableName: this.tableName, ConditionExpression: 'attribute_exists(pk)' }));
      this.counts.deliveries++;
      return result.Attributes ?? {};
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new Error(`no notification ${JSON.stringify(notificationId)} in table ${this.tableName}`);
      }
      throw error;
    }
  }

  /** Every account in the store with the latest alias a run recorded (the HTML report's header). */
  async listAccounts(): Promise<{ account: string; alias: string | null }[]> {
    const items = await this.queryPartition(null, accountKey.pk);
    return items.map((i) => ({ account: String(i.account), alias: typeof i.alias === 'string' ? i.alias : null }));
  }

  // ---- organization ----------------------------------------------------------

  recordAuditOutcome(account: string, outcome: AuditOutcome): Promise<AccountRecord> {
    return recordAuditOutcome(this.client, this.tableName, account, outcome);
  }

  listAccountRecords(): Promise<AccountRecord[]> {
    return listAccountRecords(this.client, this.tableName);
  }

  async enqueueNotifications(notifications: readonly Notification[]): Promise<Notification[]> {
    const outcome = await this.writer.write(dedupeById(notifications).map((n) => ({ tag: n.id, ops: [notificationOp(n)] })));
    return outcome.committed.flatMap((g) => notificationsOf(g.ops));
  }

  // ---- reading primitives ----------------------------------------------------

  private async accountsFor(account: string | undefined): Promise<string[]> {
    if (account) return [account];
    const items = await this.queryPartition(null, accountKey.pk);
    return items.map((i) => String(i.account));
  }

  /**
   * Every item of one partition of the table (index null) or of an index,
   * optionally narrowed to a sort-key prefix or an inclusive window.
   */
  private async queryPartition(
    index: (typeof INDEX)[keyof typeof INDEX] | null,
    partition: string,
    range: { prefix?: string; window?: { low: string; high: string } } = {},
    options: { consistent?: boolean } = {},
  ): Promise<Item[]> {
    // Key conditions cannot compare with an empty string: an open lower bound is a plain "<=".
    const condition = range.prefix
      ? ' AND begins_with(#sk, :prefix)'
      : range.window
        ? range.window.low === ''
          ? ' AND #sk <= :high'
          : ' AND #sk BETWEEN :low AND :high'
        : '';
    return this.query({
      ...(index ? { IndexName: index.name } : {}),
      KeyConditionExpression: `#pk = :pk${condition}`,
      ExpressionAttributeNames: { '#pk': index?.partition ?? KEY.partition, ...(condition ? { '#sk': index?.sort ?? KEY.sort } : {}) },
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(range.prefix ? { ':prefix': range.prefix } : {}),
        ...(range.window ? { ':high': range.window.high, ...(range.window.low === '' ? {} : { ':low': range.window.low }) } : {}),
      },
      // Only the table offers strongly consistent reads.
      ...(options.consistent && !index ? { ConsistentRead: true } : {}),
    });
  }

  /** Every page of a Query. */
  private async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, TableName: this.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
      items.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async count(input: Omit<QueryCommandInput, 'TableName' | 'Select'>): Promise<number> {
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      total += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return total;
  }
}

function notificationOp(notification: Notification): WriteOp {
  // The id is the notification's identity: an existing row means it is already owed or sent.
  return { kind: 'notification', item: notificationItem(notification), condition: newItem, onConditionFailed: 'skip' };
}

function notificationsOf(ops: readonly WriteOp[]): Notification[] {
  return ops.filter((op) => op.kind === 'notification').map((op) => op.item.notification as Notification);
}

function sortChanges(changes: readonly FindingChange[]): FindingChange[] {
  return [...changes].sort((a, b) => compare(a.findingId, b.findingId));
}
