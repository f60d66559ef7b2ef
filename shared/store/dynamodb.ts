/**
 * The finding store on DynamoDB (AWS or DynamoDB Local: only the endpoint
 * differs). It decides nothing: runs are applied by apply.ts under the
 * account's lease from the change sets shared/findings prepares, claims on
 * notifications live in claims.ts, reads in queries.ts. This class wires
 * them to one client and one table.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChangeSet, DetectionChangeSet, StoredView } from '../findings/change-set.js';
import type { FindingChange, FindingState, Notification, NotificationClaim, PendingNotification, RunSummary, StoredDetection } from '../findings/types.js';
import { RunApplier, notificationOp, type AppliedRun, type ApplyTarget } from './apply.js';
import { DeliveryLedger, NotificationClaimStore } from './claims.js';
import { thisProcess } from './holder.js';
import { accountItem, detectionItem } from './items.js';
import { listAccountRecords, recordAuditOutcome, type AccountRecord, type AuditOutcome } from './organization.js';
import type { LeaseOptions } from './lease.js';
import { FindingQueries } from './queries.js';
import { TableReader } from './read.js';
import { GroupWriter, type WriteGroup, type WriteKind } from './transact.js';
import type { DeliveryLedgerClaims, FindingQuery, FindingStore, HistoryQuery, RecordedDetections } from './types.js';
import type { Detection } from '../model.js';

export { StoreConflictError } from './apply.js';
export { LeaseBusyError } from './lease.js';

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
  /** Re-read-and-re-decide rounds after losing a race with a writer that ignored the lease, before giving up. */
  readonly maxConflictRetries?: number;
  /** Wall clock for leases, claims, storedAt and deliveredAt (everything else is dated by the run's evaluation time). */
  readonly clock?: () => Date;
  /** How long an account's apply lease lasts unrenewed (default 30 s): a crashed run's lease is free after this. */
  readonly leaseMs?: number;
  /** How long a run waits for another run's lease before giving up (default 5 minutes). */
  readonly leaseWaitMs?: number;
  /** How long a sender's claim on a notification lasts (default 2 minutes). */
  readonly claimMs?: number;
  /**
   * Record this process (host, pid) as holder of its leases and claims, so
   * that another process of this host can take over at once once it is gone
   * (local stores: a CLI run killed outright). Off on AWS.
   */
  readonly recordHolder?: boolean;
  /** Told when a run waits for another run's lease. */
  readonly onLeaseWait?: LeaseOptions['onWait'];
  /** Runs after the client is closed (createStore lets go of the DynamoDB Local it uses). */
  readonly onClose?: () => Promise<void>;
  /** The DynamoDB Local serving the store's data dir, for messages: whether this store started it or joined it running. */
  readonly localInstance?: LocalInstance;
}

export interface LocalInstance {
  readonly dataDir: string;
  readonly pid: number;
  /** False: another process had it running, and this store joined it. */
  readonly started: boolean;
}

/** Items written since the store was created (or the counts last reset), by kind. */
export type WriteCounts = Record<WriteKind | 'deliveries', number>;

const zeroCounts = (): WriteCounts => ({ state: 0, history: 0, notification: 0, detection: 0, run: 0, account: 0, journal: 0, lease: 0, deliveries: 0 });

const DEFAULTS = { maxConflictRetries: 8, leaseMs: 30_000, leaseWaitMs: 300_000, claimMs: 120_000 };

const newItem = { expression: 'attribute_not_exists(pk)' };

export class DynamoFindingStore implements FindingStore {
  /** The one document client of this store; exposed so callers can add middleware (tests watch its commands). */
  readonly client: DynamoDBDocumentClient;
  /** The endpoint override (DynamoDB Local), for messages; undefined on AWS. */
  readonly endpoint: string | undefined;
  readonly tableName: string;
  readonly localInstance: LocalInstance | undefined;
  private readonly retentionDays: number | undefined;
  private readonly clock: () => Date;
  private readonly reader: TableReader;
  private readonly writer: GroupWriter;
  private readonly applier: RunApplier;
  private readonly claims: NotificationClaimStore;
  private readonly queries: FindingQueries;
  private readonly claimOptions: ConstructorParameters<typeof NotificationClaimStore>[1];
  /** Accounts this instance has listed, with the alias it listed them under. */
  private readonly knownAccounts = new Map<string, string | null>();
  private counts = zeroCounts();
  private readonly onClose: (() => Promise<void>) | undefined;

  constructor(options: DynamoStoreOptions) {
    this.tableName = options.tableName;
    this.endpoint = options.endpoint;
    this.retentionDays = options.historyRetentionDays;
    this.clock = options.clock ?? (() => new Date());
    this.onClose = options.onClose;
    this.localInstance = options.localInstance;
    const base = new DynamoDBClient({
      retryMode: 'adaptive',
      maxAttempts: 6,
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    this.client = DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
    this.reader = new TableReader(this.client, this.tableName);
    this.writer = new GroupWriter(this.client, this.tableName, (ops) => {
      for (const op of ops) this.counts[op.kind]++;
    });
    const holder = options.recordHolder ? thisProcess() : null;
    this.applier = new RunApplier(this.reader, this.writer, {
      retentionDays: this.retentionDays,
      maxConflictRetries: options.maxConflictRetries ?? DEFAULTS.maxConflictRetries,
      lease: {
        leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
        waitMs: options.leaseWaitMs ?? DEFAULTS.leaseWaitMs,
        holder,
        clock: this.clock,
        ...(options.onLeaseWait ? { onWait: options.onLeaseWait } : {}),
      },
    });
    this.claimOptions = {
      claimMs: options.claimMs ?? DEFAULTS.claimMs,
      holder,
      clock: this.clock,
      ...(this.retentionDays === undefined ? {} : { retentionDays: this.retentionDays }),
      onWrite: () => this.counts.deliveries++,
    };
    this.claims = new NotificationClaimStore(this.reader, this.claimOptions);
    this.queries = new FindingQueries(this.reader);
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

  // ---- applying runs ------------------------------------------------------

  async apply(target: ApplyTarget, prepare: (view: StoredView) => ChangeSet): Promise<AppliedRun> {
    await this.registerAccount(target.account, target.accountAlias);
    return this.applier.apply(target, prepare);
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

  // ---- detections -----------------------------------------------------------

  async recordDetections(set: DetectionChangeSet): Promise<RecordedDetections> {
    if (set.groups.length === 0) return { stored: [], notifications: [] };
    await this.registerAccount(set.account, set.accountAlias);
    const storedAt = this.clock().toISOString();
    // Each detection with its notification is one conditional unit: a redelivered event (same eventId) finds it stored and adds nothing.
    const groups = set.groups.map(
      (g): WriteGroup<Detection> => ({
        tag: g.detection,
        ops: [
          { kind: 'detection', item: detectionItem(g.detection, set.account, storedAt, this.retentionDays), condition: newItem, onConditionFailed: 'conflict' },
          ...g.notifications.map(notificationOp),
        ],
      }),
    );
    const outcome = await this.writer.write(groups);
    const committed = new Set(outcome.committed.map((g) => g.tag));
    return {
      stored: set.groups.map((g) => g.detection).filter((d) => committed.has(d)),
      notifications: outcome.committed.flatMap((g) => g.ops.filter((op) => op.kind === 'notification').map((op) => op.item!.notification as Notification)),
    };
  }

  // ---- queries --------------------------------------------------------------

  queryFindings(query: FindingQuery): Promise<FindingState[]> {
    return this.queries.findings(query);
  }

  queryHistory(query: HistoryQuery): Promise<FindingChange[]> {
    return this.queries.history(query);
  }

  queryDetections(query: { since?: string; until?: string; account?: string }): Promise<StoredDetection[]> {
    return this.queries.detections(query);
  }

  listRuns(query: { since?: string; until?: string; account?: string }): Promise<RunSummary[]> {
    return this.queries.runs(query);
  }

  /** Every account in the store with the latest alias a run recorded (the HTML report's header). */
  listAccounts(): Promise<{ account: string; alias: string | null }[]> {
    return this.queries.accounts();
  }

  // ---- organization ----------------------------------------------------------

  recordAuditOutcome(account: string, outcome: AuditOutcome): Promise<AccountRecord> {
    return recordAuditOutcome(this.client, this.tableName, account, outcome);
  }

  listAccountRecords(): Promise<AccountRecord[]> {
    return listAccountRecords(this.client, this.tableName);
  }

  async enqueueNotifications(notifications: readonly Notification[]): Promise<Notification[]> {
    const unique = [...new Map(notifications.map((n) => [n.id, n])).values()];
    // Each notification is its own conditional insert: an id already enqueued (a retried run) is skipped.
    const outcome = await this.writer.write(unique.map((n) => ({ tag: n.id, ops: [notificationOp(n)] })));
    return outcome.committed.flatMap((g) => g.ops.filter((op) => op.kind === 'notification').map((op) => op.item!.notification as Notification));
  }

  // ---- claims ---------------------------------------------------------------

  pendingNotifications(query: { readonly account?: string } = {}): Promise<PendingNotification[]> {
    return this.claims.pendingNotifications(query, () => this.queries.accountIds());
  }

  claimNotification(notificationId: string): Promise<NotificationClaim | null> {
    return this.claims.claimNotification(notificationId);
  }

  markSent(claim: NotificationClaim, sink: string): Promise<boolean> {
    return this.claims.markSent(claim, sink);
  }

  releaseClaim(claim: NotificationClaim, outcome: { readonly done: boolean; readonly error?: string }): Promise<void> {
    return this.claims.releaseClaim(claim, outcome);
  }

  deliveryLedger(channel: string): DeliveryLedgerClaims {
    return new DeliveryLedger(this.reader, this.claimOptions, channel);
  }
}
