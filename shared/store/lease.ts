/**
 * The apply lease: one run of an account applies its change set at a time
 * (two audits, an audit and a burst of events, three Lambda invocations at
 * once). A run decides on a consistent read made under the lease and every
 * one of its transactions carries a condition check on it (a fence), so a
 * run whose lease was taken over can write nothing more. The lease expires
 * on its own (a crashed holder, a Lambda timeout) and is renewed while its
 * holder works; it also names the large run, if any, whose journal a
 * crashed holder left unfinished, for the next holder to complete first.
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { holderGone, type Holder } from './holder.js';
import { leaseKey } from './keys.js';
import type { TableReader } from './read.js';
import type { WriteOp } from './transact.js';

/** A large run whose journal is written and whose decision is committed, but not yet applied in full. */
export interface PendingRun {
  readonly runId: string;
  /** The run's evaluation time (the run record's key). */
  readonly at: string;
  readonly parts: number;
}

export interface LeaseOptions {
  /** How long a lease lasts without renewal. */
  readonly leaseMs: number;
  /** How long to wait for another holder before giving up. */
  readonly waitMs: number;
  /** Recorded for same-host takeover of a crashed holder (local stores only). */
  readonly holder: Holder | null;
  readonly clock: () => Date;
  /** Told, once, when the lease is held by another run and this one waits. */
  readonly onWait?: (info: { readonly account: string; readonly expiresAt: number }) => void;
}

/** Another run kept the account's lease for longer than this run would wait. */
export class LeaseBusyError extends Error {
  override name = 'LeaseBusyError';
  constructor(
    readonly account: string,
    waitedMs: number,
  ) {
    super(`another run has been applying changes to account ${account} for more than ${Math.round(waitedMs / 1000)} s; run again once it is done`);
  }
}

const NAMES = { '#owner': 'leaseOwner', '#expires': 'leaseExpiresAt', '#holder': 'leaseHolder', '#pending': 'pendingRun' };

export class HeldLease {
  private timer: NodeJS.Timeout | undefined;
  private released = false;

  constructor(
    private readonly client: { send: TableReader['client']['send'] },
    private readonly tableName: string,
    readonly account: string,
    readonly owner: string,
    /** The run a crashed holder left unfinished, when there is one. */
    public pendingRun: PendingRun | null,
    private readonly options: LeaseOptions,
  ) {
    // Renewed while held: a long run (thousands of findings) outlasts one lease period.
    this.timer = setInterval(() => void this.renew().catch(() => undefined), Math.max(1000, Math.floor(options.leaseMs / 3)));
    this.timer.unref();
  }

  get key() {
    return { pk: leaseKey.pk(this.account), sk: leaseKey.sk };
  }

  private get ownerCondition() {
    return { expression: '#owner = :owner', names: { '#owner': NAMES['#owner'] }, values: { ':owner': this.owner } };
  }

  /** A condition check that the lease is still this run's: rides in every transaction the run makes. */
  fence(): WriteOp {
    return { kind: 'lease', check: { key: this.key }, condition: this.ownerCondition, onConditionFailed: 'fence' };
  }

  /** The fence of the transaction that commits a large run's decision: it also records the run as pending. */
  recordPending(run: PendingRun): WriteOp {
    return {
      kind: 'lease',
      update: { key: this.key, expression: 'SET #pending = :run', names: { '#pending': NAMES['#pending'] }, values: { ':run': run } },
      condition: this.ownerCondition,
      onConditionFailed: 'fence',
    };
  }

  /** The fence of the transaction that completes a pending run: it also clears it. */
  clearPending(): WriteOp {
    return {
      kind: 'lease',
      update: { key: this.key, expression: 'REMOVE #pending', names: { '#pending': NAMES['#pending'] } },
      condition: this.ownerCondition,
      onConditionFailed: 'fence',
    };
  }

  private async renew(): Promise<void> {
    if (this.released) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key,
        UpdateExpression: 'SET #expires = :expires',
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': NAMES['#owner'], '#expires': NAMES['#expires'] },
        ExpressionAttributeValues: { ':owner': this.owner, ':expires': this.options.clock().getTime() + this.options.leaseMs },
      }),
    );
  }

  /** Lets the lease go (a pending run it could not finish stays recorded for the next holder). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key,
          UpdateExpression: 'REMOVE #owner, #expires, #holder',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': NAMES['#owner'], '#expires': NAMES['#expires'], '#holder': NAMES['#holder'] },
          ExpressionAttributeValues: { ':owner': this.owner },
        }),
      );
    } catch (error) {
      // Taken over after it expired: nothing of ours to release.
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the account's apply lease: at once when it is free or expired, or
 * held by a process of this host that is gone; otherwise after waiting for
 * its holder (up to options.waitMs).
 */
export async function acquireLease(reader: TableReader, account: string, options: LeaseOptions): Promise<HeldLease> {
  const owner = randomUUID();
  const key = { pk: leaseKey.pk(account), sk: leaseKey.sk };
  const started = options.clock().getTime();
  let takeOverFrom: string | undefined;
  let told = false;
  for (let round = 0; ; round++) {
    const now = options.clock().getTime();
    try {
      const result = await reader.client.send(
        new UpdateCommand({
          TableName: reader.tableName,
          Key: key,
          UpdateExpression: 'SET #owner = :owner, #expires = :expires, #holder = :holder, account = :account',
          ConditionExpression: `attribute_not_exists(#owner) OR #expires < :now${takeOverFrom ? ' OR #owner = :gone' : ''}`,
          ExpressionAttributeNames: { '#owner': NAMES['#owner'], '#expires': NAMES['#expires'], '#holder': NAMES['#holder'] },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':expires': now + options.leaseMs,
            ':holder': options.holder ?? 'unknown',
            ':account': account,
            ':now': now,
            ...(takeOverFrom ? { ':gone': takeOverFrom } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const pending = (result.Attributes?.[NAMES['#pending']] as PendingRun | undefined) ?? null;
      return new HeldLease(reader.client, reader.tableName, account, owner, pending, options);
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
    const current = await reader.item(key.pk, key.sk);
    if (!current || current[NAMES['#owner']] === undefined) continue;
    if (holderGone(current[NAMES['#holder']])) {
      takeOverFrom = String(current[NAMES['#owner']]);
      continue;
    }
    takeOverFrom = undefined;
    const expiresAt = Number(current[NAMES['#expires']]);
    if (now - started > options.waitMs) throw new LeaseBusyError(account, now - started);
    if (!told) {
      options.onWait?.({ account, expiresAt });
      told = true;
    }
    // Poll often at first (a short run ends soon), then about twice a second.
    await sleep(Math.min(500, 50 * 2 ** Math.min(round, 4)) * (0.5 + Math.random()));
  }
}
