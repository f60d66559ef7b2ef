import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationClaims } from '../../shared/notify/claims.js';
import { deliverPending } from '../../shared/notify/deliver.js';
import { snsSink } from '../../shared/notify/sns.js';
import type { Notification, NotificationClaim, NotificationSink, PendingNotification } from '../../shared/notify/types.js';
import { sampleNotification } from './fixtures.js';

/** Claims kept in memory with the store's rules (shared/store/claims.ts): one live claim per notification, sinks recorded under it. */
class MemoryClaims implements NotificationClaims {
  readonly rows = new Map<string, { notification: Notification; sentTo: string[]; attempts: number; lastError?: string; claim?: NotificationClaim }>();
  now = Date.now();
  private seq = 0;

  constructor(notifications: Notification[]) {
    for (const n of notifications) this.rows.set(n.id, { notification: n, sentTo: [], attempts: 0 });
  }

  async pendingNotifications(): Promise<PendingNotification[]> {
    return [...this.rows.values()].map((r) => ({ notification: r.notification, sentTo: [...r.sentTo], attempts: r.attempts, ...(r.lastError ? { lastError: r.lastError } : {}) }));
  }

  async claimNotification(id: string): Promise<NotificationClaim | null> {
    const row = this.rows.get(id);
    if (!row || (row.claim && row.claim.expiresAt >= this.now)) return null;
    row.claim = { notificationId: id, owner: `owner-${++this.seq}`, expiresAt: this.now + 120_000, sentTo: [...row.sentTo] };
    return row.claim;
  }

  async markSent(claim: NotificationClaim, sink: string): Promise<boolean> {
    const row = this.rows.get(claim.notificationId);
    if (!row || row.claim?.owner !== claim.owner) return false;
    if (!row.sentTo.includes(sink)) row.sentTo.push(sink);
    return true;
  }

  async releaseClaim(claim: NotificationClaim, outcome: { done: boolean; error?: string }): Promise<void> {
    const row = this.rows.get(claim.notificationId);
    if (!row || row.claim?.owner !== claim.owner) return;
    delete row.claim;
    if (outcome.done) this.rows.delete(claim.notificationId);
    else {
      row.attempts++;
      if (outcome.error) row.lastError = outcome.error;
    }
  }
}

/** A sink that records what it was given. */
function recordingSink(name: string): NotificationSink & { readonly taken: string[] } {
  const taken: string[] = [];
  return {
    name,
    taken,
    async send(n) {
      taken.push(n.id);
    },
  };
}

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:iam-sentinel-prod-alerts';
const sns = mockClient(SNSClient);

beforeEach(() => {
  sns.reset();
});
afterAll(() => {
  sns.restore();
});

describe('deliverPending', () => {
  it('a publish failure leaves the notification pending for SNS only; the next run sends it to SNS alone', async () => {
    sns.on(PublishCommand).rejectsOnce(new Error('Service unavailable')).resolves({ MessageId: 'm-1' });
    const n = sampleNotification();
    const store = new MemoryClaims([n]);
    const outbox = recordingSink('outbox');
    const sinks = [outbox, snsSink({ topicArn: TOPIC })];

    const first = await deliverPending(store, sinks);
    expect(first).toEqual({ delivered: 0, failed: 1, skipped: 0, failures: [{ notificationId: n.id, sink: 'sns', error: 'Error: Service unavailable' }] });
    expect(outbox.taken).toEqual([n.id]);
    expect(store.rows.get(n.id)).toMatchObject({ sentTo: ['outbox'], attempts: 1, lastError: 'sns: Error: Service unavailable' });

    const second = await deliverPending(store, sinks);
    expect(second).toEqual({ delivered: 1, failed: 0, skipped: 0, failures: [] });
    expect(outbox.taken).toEqual([n.id]); // not sent twice to a sink that already took it
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(store.rows.size).toBe(0);

    expect(await deliverPending(store, sinks)).toEqual({ delivered: 0, failed: 0, skipped: 0, failures: [] });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('one failing notification does not hold back the others', async () => {
    const a = sampleNotification({ id: 'detection|a|mfa-removed' });
    const b = sampleNotification({ id: 'detection|b|mfa-removed' });
    const store = new MemoryClaims([a, b]);
    const flaky: NotificationSink = {
      name: 'slack',
      async send(n) {
        if (n.id === a.id) throw new Error('Slack webhook answered HTTP 500');
      },
    };
    const result = await deliverPending(store, [flaky]);
    expect(result.delivered).toBe(1);
    expect(result.failed).toBe(1);
    expect([...store.rows.keys()]).toEqual([a.id]);
  });

  it('a notification every current sink already has is marked done rather than left pending forever', async () => {
    const n = sampleNotification();
    const store = new MemoryClaims([n]);
    store.rows.get(n.id)!.sentTo.push('outbox'); // taken by the outbox in a run that also had an sns sink
    const outbox = recordingSink('outbox');
    expect(await deliverPending(store, [outbox])).toEqual({ delivered: 1, failed: 0, skipped: 0, failures: [] });
    expect(outbox.taken).toEqual([]);
    expect(store.rows.size).toBe(0);
  });

  it('with no sinks nothing is touched', async () => {
    const store = new MemoryClaims([sampleNotification()]);
    expect(await deliverPending(store, [])).toEqual({ delivered: 0, failed: 0, skipped: 0, failures: [] });
    expect(store.rows.size).toBe(1);
  });

  it('sends only what it could claim: a notification another sender holds is theirs', async () => {
    const a = sampleNotification({ id: 'detection|a|mfa-removed' });
    const b = sampleNotification({ id: 'detection|b|mfa-removed' });
    const store = new MemoryClaims([a, b]);
    const other = (await store.claimNotification(a.id))!;
    const outbox = recordingSink('outbox');
    expect(await deliverPending(store, [outbox])).toMatchObject({ delivered: 1, skipped: 1 });
    expect(outbox.taken).toEqual([b.id]);
    // The other sender dies; once its claim expires, the next run sends it, once.
    expect(other.expiresAt).toBeGreaterThan(store.now);
    store.now = other.expiresAt + 1;
    expect(await deliverPending(store, [outbox])).toMatchObject({ delivered: 1, skipped: 0 });
    expect(outbox.taken).toEqual([b.id, a.id]);
  });

  it('stops sending a notification whose claim was taken over, and leaves it to the new holder', async () => {
    const n = sampleNotification();
    const store = new MemoryClaims([n]);
    const first = recordingSink('outbox');
    // The first sink is slow: meanwhile the claim expires and another sender takes it over.
    const slow: NotificationSink = {
      name: 'sns',
      async send(x) {
        first.taken.push(x.id);
        store.now += 200_000;
        await store.claimNotification(n.id);
      },
    };
    const result = await deliverPending(store, [slow, recordingSink('slack')]);
    expect(result.failed).toBe(1);
    expect(result.failures[0].error).toMatch(/taken over by another sender/);
    expect(store.rows.get(n.id)?.sentTo).toEqual([]);
  });

  it('never stores or reports a Slack webhook path or token from an error', async () => {
    const n = sampleNotification();
    const store = new MemoryClaims([n]);
    const leaky: NotificationSink = {
      name: 'slack',
      async send() {
        throw new Error('POST https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx failed (token xoxb-1234-5678-abcdef)');
      },
    };
    const result = await deliverPending(store, [leaky]);
    const said = `${result.failures[0].error} ${store.rows.get(n.id)?.lastError}`;
    expect(said).not.toMatch(/T0123ABCD|abcdefghijklmnop|xoxb-1234/);
    expect(said).toContain('hooks.slack.com/services/[redacted]');
  });
});
