/**
 * Claim-then-send bookkeeping (shared/notify/claims.ts is the interface):
 * a sender claims a pending notification with a conditional write that
 * names it (owner) and bounds it (lease expiry), records each sink that
 * took it while the claim holds, then releases it: delivered (it leaves the
 * pending index and ages out with history) or failed (the error recorded,
 * pending for the next run). A claim whose holder died expires; the next
 * sender takes it over then, or at once when the holder is a process of
 * this host that is gone.
 *
 * DeliveryLedger is the same for a channel that gets notifications from
 * elsewhere (notify-slack, from SNS, which may deliver a message twice):
 * one claim item per notification and channel, kept for a month.
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationClaim, PendingNotification } from '../findings/types.js';
import { holderGone, type Holder } from './holder.js';
import { expiresAt as historyExpiry, pendingFromItem, type Item } from './items.js';
import { deliveryKey, notificationKey } from './keys.js';
import type { TableReader } from './read.js';
import { INDEX, TTL_ATTRIBUTE } from './table.js';

export interface ClaimOptions {
  /** How long a claim lasts: longer than any one notification takes to send to every sink. */
  readonly claimMs: number;
  readonly holder: Holder | null;
  readonly clock: () => Date;
  /** config.historyRetentionDays: delivered notifications then age out with history. */
  readonly retentionDays?: number;
  /** Counts each write. */
  readonly onWrite: () => void;
}

const CLAIM = { '#owner': 'claimOwner', '#expires': 'claimExpiresAt', '#holder': 'claimHolder' };
const CLAIMABLE = 'attribute_not_exists(#owner) OR #expires < :now';
const OWNED = '#owner = :owner';
const DELIVERY_KEEP_MS = 30 * 86_400_000;

const isConditionFailure = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

const sentToOf = (item: Item | undefined): string[] => (item?.sentTo instanceof Set ? [...(item.sentTo as Set<string>)].sort() : []);

abstract class ClaimsOnItems {
  constructor(
    protected readonly reader: TableReader,
    protected readonly options: ClaimOptions,
  ) {}

  protected abstract keyOf(notificationId: string): { pk: string; sk: string };
  /** What must hold, besides being unclaimed, for the item to be claimable. */
  protected abstract readonly claimableWhen: string;
  protected abstract claimExtra(now: number): { set: string; values: Record<string, unknown> };

  protected async update(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<Item | null> {
    try {
      const result = await this.reader.client.send(new UpdateCommand({ ...input, TableName: this.reader.tableName }));
      this.options.onWrite();
      return result.Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async claimNotification(notificationId: string): Promise<NotificationClaim | null> {
    const key = this.keyOf(notificationId);
    const owner = randomUUID();
    let takeOverFrom: string | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const now = this.options.clock().getTime();
      const expiresAt = now + this.options.claimMs;
      const extra = this.claimExtra(now);
      const claimed = await this.update({
        Key: key,
        UpdateExpression: `SET #owner = :owner, #expires = :expires, #holder = :holder${extra.set}`,
        ConditionExpression: `${this.claimableWhen} AND (${CLAIMABLE}${takeOverFrom ? ' OR #owner = :gone' : ''})`,
        ExpressionAttributeNames: { ...CLAIM, ...this.names },
        ExpressionAttributeValues: {
          ':owner': owner,
          ':expires': expiresAt,
          ':holder': this.options.holder ?? 'unknown',
          ':now': now,
          ...extra.values,
          ...(takeOverFrom ? { ':gone': takeOverFrom } : {}),
        },
        ReturnValues: 'ALL_NEW',
      });
      if (claimed) {
        this.claimed(owner, claimed);
        return { notificationId, owner, expiresAt, sentTo: sentToOf(claimed) };
      }
      // Sent already, or claimed by someone: a holder of this host that is gone can be taken over at once.
      const current = await this.reader.item(key.pk, key.sk);
      if (!current || current[CLAIM['#owner']] === undefined || !holderGone(current[CLAIM['#holder']])) return null;
      takeOverFrom = String(current[CLAIM['#owner']]);
    }
    return null;
  }

  protected get names(): Record<string, string> {
    return {};
  }

  /** Told of each claim taken, with the item as claimed. */
  protected claimed(_owner: string, _item: Item): void {}
}

/** Claims on the notification rows themselves: what the auditors' delivery uses. */
export class NotificationClaimStore extends ClaimsOnItems {
  protected keyOf(notificationId: string) {
    return { pk: notificationKey.pk(notificationId), sk: notificationKey.sk };
  }

  /** Still pending: on the sparse pending index. */
  protected readonly claimableWhen = 'attribute_exists(#tpk)';

  protected override get names() {
    return { '#tpk': INDEX.byTime.partition };
  }

  protected claimExtra() {
    return { set: '', values: {} };
  }

  /** When each held claim's notification was created: a delivered one ages out with the history of that time. */
  private readonly createdAt = new Map<string, string>();

  protected override claimed(owner: string, item: Item): void {
    const createdAt = (item.notification as { createdAt?: unknown } | undefined)?.createdAt;
    if (typeof createdAt === 'string') this.createdAt.set(owner, createdAt);
  }

  async pendingNotifications(query: { readonly account?: string } = {}, accounts: () => Promise<string[]>): Promise<PendingNotification[]> {
    const list = query.account ? [query.account] : await accounts();
    const perAccount = await Promise.all(list.map((account) => this.reader.partition(INDEX.byTime, notificationKey.pendingPk(account))));
    return perAccount
      .flat()
      .sort((a, b) => compare(String(a[INDEX.byTime.sort]), String(b[INDEX.byTime.sort])))
      .map(pendingFromItem);
  }

  async markSent(claim: NotificationClaim, sink: string): Promise<boolean> {
    const updated = await this.update({
      Key: this.keyOf(claim.notificationId),
      UpdateExpression: 'ADD sentTo :sink',
      ConditionExpression: OWNED,
      ExpressionAttributeNames: { '#owner': CLAIM['#owner'] },
      ExpressionAttributeValues: { ':sink': new Set([sink]), ':owner': claim.owner },
    });
    return updated !== null;
  }

  async releaseClaim(claim: NotificationClaim, outcome: { readonly done: boolean; readonly error?: string }): Promise<void> {
    const key = this.keyOf(claim.notificationId);
    const createdAt = this.createdAt.get(claim.owner);
    this.createdAt.delete(claim.owner);
    if (outcome.done) {
      // Every sink has it: it leaves the pending index (a sparse one) and ages out with history.
      const expires = createdAt ? historyExpiry(createdAt, this.options.retentionDays) : undefined;
      await this.update({
        Key: key,
        UpdateExpression: `REMOVE #tpk, #tsk, #owner, #expires, #holder SET deliveredAt = :now${expires === undefined ? '' : ', #ttl = :ttl'}`,
        ConditionExpression: OWNED,
        ExpressionAttributeNames: { ...CLAIM, '#tpk': INDEX.byTime.partition, '#tsk': INDEX.byTime.sort, ...(expires === undefined ? {} : { '#ttl': TTL_ATTRIBUTE }) },
        ExpressionAttributeValues: { ':owner': claim.owner, ':now': this.options.clock().toISOString(), ...(expires === undefined ? {} : { ':ttl': expires }) },
      });
      return;
    }
    await this.update({
      Key: key,
      UpdateExpression: 'REMOVE #owner, #expires, #holder SET lastError = :error ADD attempts :one',
      ConditionExpression: OWNED,
      ExpressionAttributeNames: CLAIM,
      ExpressionAttributeValues: { ':owner': claim.owner, ':error': outcome.error ?? 'not delivered', ':one': 1 },
    });
  }
}

/** Claims per notification and channel, for a channel fed from outside the pending list. */
export class DeliveryLedger extends ClaimsOnItems {
  constructor(
    reader: TableReader,
    options: ClaimOptions,
    private readonly channel: string,
  ) {
    super(reader, options);
  }

  protected keyOf(notificationId: string) {
    return { pk: deliveryKey.pk(notificationId), sk: deliveryKey.sk(this.channel) };
  }

  /** Not sent yet (the item is created by the first claim). */
  protected readonly claimableWhen = 'attribute_not_exists(sentAt)';

  protected claimExtra(now: number) {
    return { set: ', #ttl = :ttl', values: { ':ttl': Math.floor((now + DELIVERY_KEEP_MS) / 1000) } };
  }

  protected override get names() {
    return { '#ttl': TTL_ATTRIBUTE };
  }

  /** Whether it was sent on this channel (a claim refused: sent already, or someone holds it). */
  async wasSent(notificationId: string): Promise<boolean> {
    const key = this.keyOf(notificationId);
    const item = await this.reader.item(key.pk, key.sk);
    return typeof item?.sentAt === 'string';
  }

  async markSent(claim: NotificationClaim, sink: string): Promise<boolean> {
    const updated = await this.update({
      Key: this.keyOf(claim.notificationId),
      UpdateExpression: 'SET sentAt = :now ADD sentTo :sink',
      ConditionExpression: OWNED,
      ExpressionAttributeNames: { '#owner': CLAIM['#owner'] },
      ExpressionAttributeValues: { ':now': this.options.clock().toISOString(), ':sink': new Set([sink]), ':owner': claim.owner },
    });
    return updated !== null;
  }

  async releaseClaim(claim: NotificationClaim, outcome: { readonly done: boolean; readonly error?: string }): Promise<void> {
    await this.update({
      Key: this.keyOf(claim.notificationId),
      UpdateExpression: `REMOVE #owner, #expires, #holder${outcome.done ? '' : ' SET lastError = :error ADD attempts :one'}`,
      ConditionExpression: OWNED,
      ExpressionAttributeNames: CLAIM,
      ExpressionAttributeValues: { ':owner': claim.owner, ...(outcome.done ? {} : { ':error': outcome.error ?? 'not delivered', ':one': 1 }) },
    });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
