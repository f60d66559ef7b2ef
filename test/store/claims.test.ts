/**
 * Claim-then-send on the real store: one live claim per notification,
 * every write under a claim conditional on it, a claim that expired (or
 * whose holder is a process of this host that is gone) taken over, and the
 * delivery ledger notify-slack claims its posts in.
 */
import { hostname } from 'node:os';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { deliverPending } from '../../shared/notify/deliver.js';
import type { Notification, NotificationSink } from '../../shared/notify/types.js';
import { notificationKey } from '../../shared/store/keys.js';
import { userArn } from '../helpers/account.js';
import { evaluationOf } from '../findings/scenario.js';
import { applyRun, freshStore, type TestStore } from './harness.js';

const T1 = '2026-11-01T00:00:00.000Z';

const opened: TestStore[] = [];
async function table(options: Parameters<typeof freshStore>[1] = {}): Promise<TestStore> {
  const t = await freshStore('claims', options);
  opened.push(t);
  return t;
}
afterAll(async () => {
  for (const t of opened) await t.store.close();
});

function outbox(): NotificationSink & { sent: string[] } {
  const sent: string[] = [];
  return { name: 'outbox', sent, send: async (n: Notification) => void sent.push(n.id) };
}

/** A store whose clock the test moves. */
async function clocked(): Promise<{ t: TestStore; later: TestStore; advance: (ms: number) => void }> {
  let now = Date.parse('2026-11-01T00:00:00Z');
  const clock = () => new Date(now);
  const t = await table({ clock, claimMs: 60_000 });
  const later = t.twin({ clock, claimMs: 60_000 });
  opened.push(later);
  return { t, later, advance: (ms) => void (now += ms) };
}

describe('claims on pending notifications', () => {
  it('one sender at a time: a held claim is nobody else\'s, and only its holder records sends under it', async () => {
    const t = await table();
    await applyRun(t.store, evaluationOf({ keyUsers: ['alice'] }, T1));
    const [pending] = await t.store.pendingNotifications();
    const mine = await t.store.claimNotification(pending.notification.id);
    expect(mine).not.toBeNull();
    const other = t.twin();
    opened.push(other);
    expect(await other.store.claimNotification(pending.notification.id)).toBeNull();
    expect(await other.store.markSent({ ...mine!, owner: 'not-the-owner' }, 'outbox')).toBe(false);
    expect(await t.store.markSent(mine!, 'outbox')).toBe(true);
    await t.store.releaseClaim(mine!, { done: true });
    expect(await t.store.pendingNotifications()).toEqual([]);
    expect(await other.store.claimNotification(pending.notification.id)).toBeNull();
  });

  it('a claim whose sender died expires: the next run takes it over and sends it, once; the dead one can no longer record', async () => {
    const { t, later, advance } = await clocked();
    await applyRun(t.store, evaluationOf({ keyUsers: ['alice'] }, T1));
    const [pending] = await t.store.pendingNotifications();
    const dead = (await t.store.claimNotification(pending.notification.id))!;

    const sink = outbox();
    expect(await deliverPending(later.store, [sink], { clock: () => Date.parse('2026-11-01T00:00:00Z') })).toMatchObject({ delivered: 0, skipped: 1 });
    expect(sink.sent).toEqual([]);

    advance(61_000);
    const result = await deliverPending(later.store, [sink], { clock: () => Date.parse('2026-11-01T00:01:01Z') });
    expect(result).toMatchObject({ delivered: 1, skipped: 0 });
    expect(sink.sent).toEqual([pending.notification.id]);
    expect(await t.store.markSent(dead, 'outbox')).toBe(false);
    expect(await later.store.pendingNotifications()).toEqual([]);
  });

  it('a claim held by a process of this host that is gone is taken over at once (a CLI run killed outright)', async () => {
    const t = await table({ recordHolder: true });
    await applyRun(t.store, evaluationOf({ keyUsers: ['alice'] }, T1));
    const [pending] = await t.store.pendingNotifications();
    await t.store.client.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: { pk: notificationKey.pk(pending.notification.id), sk: notificationKey.sk },
        UpdateExpression: 'SET claimOwner = :o, claimExpiresAt = :e, claimHolder = :h',
        ExpressionAttributeValues: { ':o': 'killed', ':e': Date.now() + 3_600_000, ':h': { host: hostname(), pid: 2 ** 22 + 33 } },
      }),
    );
    const sink = outbox();
    expect(await deliverPending(t.store, [sink])).toMatchObject({ delivered: 1, skipped: 0 });
    expect(sink.sent).toEqual([pending.notification.id]);
  });

  it('a failed send releases the claim with the error: pending, re-claimable at once, attempts counted', async () => {
    const t = await table();
    await applyRun(t.store, evaluationOf({ keyUsers: ['alice'] }, T1));
    const failing: NotificationSink = { name: 'sns', send: async () => Promise.reject(new Error('Throttling: Rate exceeded')) };
    expect(await deliverPending(t.store, [failing])).toMatchObject({ delivered: 0, failed: 1 });
    const [pending] = await t.store.pendingNotifications();
    expect(pending).toMatchObject({ attempts: 1, lastError: 'sns: Error: Throttling: Rate exceeded', sentTo: [] });
    expect(await t.store.claimNotification(pending.notification.id)).not.toBeNull();
  });
});

describe('the delivery ledger (notify-slack)', () => {
  it('claims a notification per channel, creating its item; once sent, nobody claims it again', async () => {
    const t = await table();
    const slack = t.store.deliveryLedger('slack');
    const id = `finding|test-user-key|${userArn('alice')}|opened|${T1}`;
    const claim = (await slack.claimNotification(id))!;
    expect(claim.sentTo).toEqual([]);
    expect(await t.store.deliveryLedger('slack').claimNotification(id)).toBeNull();
    expect(await slack.markSent(claim, 'slack')).toBe(true);
    await slack.releaseClaim(claim, { done: true });
    expect(await slack.claimNotification(id)).toBeNull();
    // Another channel has claims of its own.
    expect(await t.store.deliveryLedger('teams').claimNotification(id)).not.toBeNull();
  });

  it('a failed post leaves it claimable again', async () => {
    const t = await table();
    const slack = t.store.deliveryLedger('slack');
    const claim = (await slack.claimNotification('detection|e-1|mfa-removed'))!;
    await slack.releaseClaim(claim, { done: false, error: 'slack: HTTP 500' });
    expect(await slack.claimNotification('detection|e-1|mfa-removed')).not.toBeNull();
  });
});
