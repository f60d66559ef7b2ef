import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverPending, type DeliveryStore } from '../../shared/notify/deliver.js';
import { snsSink } from '../../shared/notify/sns.js';
import type { Notification, NotificationSink, PendingNotification } from '../../shared/notify/types.js';
import { sampleNotification } from './fixtures.js';

/** The three store methods delivery uses, kept in memory as the real store keeps them in DynamoDB. */
class MemoryPending implements DeliveryStore {
  readonly rows = new Map<string, { notification: Notification; sentTo: string[]; attempts: number; lastError?: string }>();

  constructor(notifications: Notification[]) {
    for (const n of notifications) this.rows.set(n.id, { notification: n, sentTo: [], attempts: 0 });
  }

  async pendingNotifications(): Promise<PendingNotification[]> {
    return [...this.rows.values()].map((r) => ({ ...r, sentTo: [...r.sentTo] }));
  }

  async markDelivered(id: string, sink: string, allSinks: readonly string[]): Promise<void> {
    const row = this.rows.get(id);
    if (!row) return;
    if (!row.sentTo.includes(sink)) row.sentTo.push(sink);
    if (allSinks.every((s) => row.sentTo.includes(s))) this.rows.delete(id);
  }

  async markFailed(id: string, error: string): Promise<void> {
    const row = this.rows.get(id);
    if (!row) return;
    row.attempts++;
    row.lastError = error;
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
    const store = new MemoryPending([n]);
    const outbox = recordingSink('outbox');
    const sinks = [outbox, snsSink({ topicArn: TOPIC })];

    const first = await deliverPending(store, sinks);
    expect(first).toEqual({ delivered: 0, failed: 1, failures: [{ notificationId: n.id, sink: 'sns', error: 'Error: Service unavailable' }] });
    expect(outbox.taken).toEqual([n.id]);
    expect(store.rows.get(n.id)).toMatchObject({ sentTo: ['outbox'], attempts: 1, lastError: 'sns: Error: Service unavailable' });

    const second = await deliverPending(store, sinks);
    expect(second).toEqual({ delivered: 1, failed: 0, failures: [] });
    expect(outbox.taken).toEqual([n.id]); // not sent twice to a sink that already took it
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(store.rows.size).toBe(0);

    expect(await deliverPending(store, sinks)).toEqual({ delivered: 0, failed: 0, failures: [] });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('one failing notification does not hold back the others', async () => {
    const a = sampleNotification({ id: 'detection|a|mfa-removed' });
    const b = sampleNotification({ id: 'detection|b|mfa-removed' });
    const store = new MemoryPending([a, b]);
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
    const store = new MemoryPending([n]);
    store.rows.get(n.id)!.sentTo.push('outbox'); // taken by the outbox in a run that also had an sns sink
    const outbox = recordingSink('outbox');
    expect(await deliverPending(store, [outbox])).toEqual({ delivered: 1, failed: 0, failures: [] });
    expect(outbox.taken).toEqual([]);
    expect(store.rows.size).toBe(0);
  });

  it('with no sinks nothing is touched', async () => {
    const store = new MemoryPending([sampleNotification()]);
    expect(await deliverPending(store, [])).toEqual({ delivered: 0, failed: 0, failures: [] });
    expect(store.rows.size).toBe(1);
  });
});
