/**
 * Persisting a run's change set exactly once (design.md "Exactly once,
 * whatever happens"). Under the account's apply lease (lease.ts) the run
 * reads the states it may touch, has shared/findings decide the whole
 * change set, and writes it as one unit: its findings (state, history rows,
 * the alerts they owe), its run record and its digest, which says whether
 * alerts were folded into it. Whatever happens to the process, either all
 * of it is written or none of it, so a rerun owes exactly what is missing.
 *
 * One transaction holds at most 100 items. A larger run (the first audit of
 * an account, a mass change) goes through a journal instead:
 *
 * 1. its writes, decided in full, are put as journal parts (inert until
 *    step 2 names them);
 * 2. one transaction writes the run record as `applying`, with the digest
 *    it owes, and records the run on the lease as pending: from here on the
 *    decision stands;
 * 3. the writes are applied in transactions of up to 99 items, each fenced
 *    by the lease; every write is conditional (a state on the version the
 *    decision read, a history row or notification on not existing yet), so
 *    applying a part twice changes nothing;
 * 4. one transaction marks the run `complete`, puts its digest as pending
 *    and clears the pending run from the lease.
 *
 * A run that dies anywhere in 3 or 4 leaves the pending run on the lease;
 * the next run of the account takes the lease (once it has expired, or at
 * once when its holder is a process of this host that is gone) and first
 * completes that journal from step 3, then applies its own evaluation on
 * top. The digest goes out once, after every change it lists is written.
 *
 * Why a state write of a journal can fail only because it is already
 * applied: every write of an account's findings happens under its lease,
 * and every transaction is fenced by it, so between the decision (step 2)
 * and its application nobody but this journal writes those states.
 */
import { crashPoint } from '../crash-points.js';
import { changesOf, notificationsOf, type ChangeSet, type StoredView } from '../findings/change-set.js';
import type { StateWrite } from '../findings/lifecycle.js';
import { countOpen, zeroBySeverity } from '../findings/run-summary.js';
import type { FindingChange, Notification, RunSummary } from '../findings/types.js';
import { SEVERITIES, type Severity } from '../model.js';
import { changeItem, notificationItem, runFromItem, runItem, runKeyOf, runStatusOf, stateFromItem, stateItem } from './items.js';
import { journalKey, stateKey } from './keys.js';
import { acquireLease, type HeldLease, type LeaseOptions, type PendingRun } from './lease.js';
import { statesOnResource } from './queries.js';
import type { TableReader } from './read.js';
import { INDEX, TTL_ATTRIBUTE } from './table.js';
import { AtomicConflictError, chunkGroups, fitsOneTransaction, type GroupWriter, type WriteGroup, type WriteOp } from './transact.js';

export interface ApplyTarget {
  readonly account: string;
  readonly accountAlias: string | null;
  /** A targeted evaluation reads only the states on these resources. */
  readonly scope?: { readonly resources: readonly string[] };
}

export interface AppliedRun {
  readonly run: RunSummary;
  /** History rows written, ordered by findingId. */
  readonly changes: readonly FindingChange[];
  /** Notifications written as pending: alerts most severe first, reminders, the digest. */
  readonly notifications: readonly Notification[];
  readonly foldedAlerts: number;
  /** Runs a crashed predecessor left half-applied, completed before this one. */
  readonly completed: readonly RunSummary[];
  /**
   * A pending run that could not be completed because its journal or record
   * had expired meanwhile (left unfinished for a month): why. It is dropped;
   * what it had not applied, this run decided afresh, with a digest of its own.
   */
  readonly abandoned: readonly string[];
}

/** A run kept losing races with writers that ignore the lease: nothing it did is lost, but it could not finish. */
export class StoreConflictError extends Error {
  constructor(
    readonly account: string,
    readonly attempts: number,
  ) {
    super(`gave up applying the evaluation of ${account} after ${attempts} conflicting concurrent writes; run it again`);
    this.name = 'StoreConflictError';
  }
}

export interface ApplierOptions {
  readonly lease: LeaseOptions;
  readonly retentionDays: number | undefined;
  readonly maxConflictRetries: number;
}

/** A journal part stays readable this long, should its run never be completed sooner. */
const JOURNAL_KEEP_SECONDS = 30 * 86_400;
/** Journal parts stay well under DynamoDB's 400 KB item limit. */
const MAX_PART_CHARS = 300_000;

const newItem = { expression: 'attribute_not_exists(pk)' };

interface JournalGroup {
  readonly ops: readonly WriteOp[];
}

export class RunApplier {
  constructor(
    private readonly reader: TableReader,
    private readonly writer: GroupWriter,
    private readonly options: ApplierOptions,
  ) {}

  async apply(target: ApplyTarget, prepare: (view: StoredView) => ChangeSet): Promise<AppliedRun> {
    const lease = await acquireLease(this.reader, target.account, this.options.lease);
    try {
      crashPoint('apply:leased');
      const completed: RunSummary[] = [];
      const abandoned: string[] = [];
      if (lease.pendingRun) {
        const outcome = await this.completeJournal(lease, lease.pendingRun);
        if (typeof outcome === 'string') abandoned.push(outcome);
        else if (outcome) completed.push(outcome);
      }
      for (let attempt = 1; ; attempt++) {
        const view = await this.read(target);
        const set = prepare(view);
        let written: Notification[];
        try {
          written = await this.commit(set, lease);
        } catch (error) {
          if (!(error instanceof AtomicConflictError)) throw error;
          if (attempt > this.options.maxConflictRetries) throw new StoreConflictError(target.account, attempt);
          continue;
        }
        crashPoint('apply:committed');
        await this.touch(set.touches);
        // In the order the change set owes them; one whose row already existed (same id, owed or sent before) is not new.
        const ids = new Set(written.map((n) => n.id));
        const notifications = notificationsOf(set).filter((n) => ids.has(n.id));
        return { run: set.run, changes: changesOf(set), notifications, foldedAlerts: set.foldedAlerts, completed, abandoned };
      }
    } finally {
      await lease.release();
    }
  }

  /** The stored states a run may touch, read consistently, and the account's open counts before it. */
  private async read(target: ApplyTarget): Promise<StoredView> {
    const pk = stateKey.pk(target.account);
    if (!target.scope) {
      const states = (await this.reader.partition(null, pk, {}, { consistent: true })).map(stateFromItem);
      return { states, openBefore: countOpen(states) };
    }
    const perResource = await Promise.all(target.scope.resources.map((r) => statesOnResource(this.reader, target.account, r)));
    return { states: perResource.flat(), openBefore: await this.countOpenFindings(target.account) };
  }

  private async countOpenFindings(account: string): Promise<Record<Severity, number>> {
    const counts = zeroBySeverity();
    await Promise.all(
      SEVERITIES.map(async (severity) => {
        counts[severity] = await this.reader.count({
          IndexName: INDEX.byStatus.name,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': INDEX.byStatus.partition, '#sk': INDEX.byStatus.sort },
          ExpressionAttributeValues: { ':pk': stateKey.statusPk(account, 'open'), ':prefix': stateKey.severityPrefix(severity) },
        });
      }),
    );
    return counts;
  }

  /** Writes the change set as one unit: one transaction when it fits, else through a journal. Returns the notifications written. */
  private async commit(set: ChangeSet, lease: HeldLease): Promise<Notification[]> {
    const groups = set.groups.map((g): JournalGroup => ({ ops: this.findingOps(g.write, g.notifications) }));
    const digest = set.digest ? [notificationOp(set.digest)] : [];
    const unit = [
      ...groups.flatMap((g) => g.ops),
      { kind: 'run', item: runItem(set.run, this.options.retentionDays, { status: 'complete', foldedAlerts: set.foldedAlerts }), condition: newItem, onConditionFailed: 'skip' } satisfies WriteOp,
      ...digest,
    ];
    if (fitsOneTransaction(unit, true)) return notificationsIn(await this.writer.writeAtomic(unit, { fence: lease.fence() }));

    // 1. The journal: every write decided, in parts.
    const parts = packParts(groups);
    const pending: PendingRun = { runId: set.run.runId, at: set.run.at, parts: parts.length };
    const expires = Math.floor(Date.parse(set.run.at) / 1000) + JOURNAL_KEEP_SECONDS;
    await this.writer.write(
      parts.map((part, i) => ({
        tag: i,
        ops: [
          {
            kind: 'journal',
            item: { pk: journalKey.pk(set.account, set.run.runId), sk: journalKey.sk(i), type: 'journal', groups: JSON.stringify(part), [TTL_ATTRIBUTE]: Math.max(expires, nowSeconds() + JOURNAL_KEEP_SECONDS) },
            onConditionFailed: 'skip',
          } satisfies WriteOp,
        ],
      })),
    );
    crashPoint('apply:journaled');

    // 2. The decision: the run record (applying, with its digest), and the run pending on the lease.
    const record = runItem(set.run, this.options.retentionDays, { status: 'applying', foldedAlerts: set.foldedAlerts, digest: set.digest, journalParts: parts.length });
    await this.writer.writeAtomic([{ kind: 'run', item: record, condition: newItem, onConditionFailed: 'conflict' }], { fence: lease.recordPending(pending) });
    lease.pendingRun = pending;
    crashPoint('apply:planned');

    // 3 and 4.
    return this.applyJournal(lease, pending, groups, set.digest);
  }

  /**
   * Completes the run a crashed holder left pending on the lease: its
   * summary; null when it was complete already; why, when it can no longer
   * be completed (then it is cleared from the lease, so the account is not
   * held up by it for good).
   */
  private async completeJournal(lease: HeldLease, pending: PendingRun): Promise<RunSummary | string | null> {
    const key = runKeyOf({ account: lease.account, at: pending.at, runId: pending.runId });
    const record = await this.reader.item(String(key.pk), String(key.sk));
    if (record && runStatusOf(record) === 'complete') {
      await this.writer.writeAtomic([], { fence: lease.clearPending() });
      lease.pendingRun = null;
      return null;
    }
    const items = record ? await this.reader.partition(null, journalKey.pk(lease.account, pending.runId), {}, { consistent: true }) : [];
    if (!record || items.length !== pending.parts) {
      await this.writer.writeAtomic([], { fence: lease.clearPending() });
      lease.pendingRun = null;
      return record
        ? `the journal of run ${pending.runId} at ${pending.at} has ${items.length} of its ${pending.parts} parts left`
        : `the record of run ${pending.runId} at ${pending.at} is gone`;
    }
    const groups = items
      .sort((a, b) => (String(a.sk) < String(b.sk) ? -1 : 1))
      .flatMap((item) => JSON.parse(String(item.groups)) as JournalGroup[]);
    await this.applyJournal(lease, pending, groups, (record.digest as Notification | undefined) ?? null);
    return runFromItem(record);
  }

  /** Steps 3 and 4: every journaled write (idempotently), then the completion. Returns the notifications written. */
  private async applyJournal(lease: HeldLease, pending: PendingRun, groups: readonly JournalGroup[], digest: Notification | null): Promise<Notification[]> {
    const tagged = groups.map((g, i): WriteGroup<number> => ({ tag: i, ops: g.ops }));
    const written: Notification[] = [];
    for (const chunk of chunkGroups(tagged, 1)) {
      // A conflicted group is one an earlier attempt of this journal applied (see the top of this file).
      const outcome = await this.writer.write(chunk, { fence: lease.fence() });
      written.push(...notificationsIn(outcome.committed.flatMap((g) => g.ops)));
      crashPoint('apply:chunk');
    }
    crashPoint('apply:applied');

    const key = runKeyOf({ account: lease.account, at: pending.at, runId: pending.runId });
    const completion = await this.writer.writeAtomic(
      [
        {
          kind: 'run',
          update: { key, expression: 'SET #status = :complete REMOVE digest', names: { '#status': 'status' }, values: { ':complete': 'complete' } },
          condition: { expression: 'attribute_exists(pk)' },
          onConditionFailed: 'skip',
        },
        ...(digest ? [notificationOp(digest)] : []),
      ],
      { fence: lease.clearPending() },
    );
    lease.pendingRun = null;
    return [...written, ...notificationsIn(completion)];
  }

  /** lastSeen-only updates: conditional on the version read, each on its own; one that lost a race is simply newer. */
  private async touch(touches: readonly StateWrite[]): Promise<void> {
    if (touches.length === 0) return;
    await this.writer.write(touches.map((w) => ({ tag: w.state.findingId, ops: [{ ...stateOp(w), onConditionFailed: 'skip' as const }] })));
  }

  /** A finding's new state, its history rows and its notifications: what must land together. */
  private findingOps(write: StateWrite, notifications: readonly Notification[]): WriteOp[] {
    return [
      stateOp(write),
      ...write.changes.map(
        (c): WriteOp => ({ kind: 'history', item: changeItem(c, write.state.account, write.state.version, this.options.retentionDays), condition: newItem, onConditionFailed: 'skip' }),
      ),
      ...notifications.map(notificationOp),
    ];
  }
}

function stateOp(write: StateWrite): WriteOp {
  const condition = write.previous
    ? { expression: '#version = :version', names: { '#version': 'version' }, values: { ':version': write.previous.version } }
    : newItem;
  return { kind: 'state', item: stateItem(write.state), condition, onConditionFailed: 'conflict' };
}

/** The id is the notification's identity: an existing row means it is already owed or sent. */
export function notificationOp(notification: Notification): WriteOp {
  return { kind: 'notification', item: notificationItem(notification), condition: newItem, onConditionFailed: 'skip' };
}

function notificationsIn(ops: readonly WriteOp[]): Notification[] {
  return ops.filter((op) => op.kind === 'notification' && op.item).map((op) => op.item!.notification as Notification);
}

/** Groups packed into journal parts of bounded size, in order. */
function packParts(groups: readonly JournalGroup[]): JournalGroup[][] {
  const parts: JournalGroup[][] = [];
  let current: JournalGroup[] = [];
  let size = 0;
  for (const group of groups) {
    const length = JSON.stringify(group).length;
    if (current.length > 0 && size + length > MAX_PART_CHARS) {
      parts.push(current);
      current = [];
      size = 0;
    }
    current.push(group);
    size += length;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
