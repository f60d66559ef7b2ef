/**
 * Delivery of pending notifications: each goes to every sink that has not
 * taken it yet, and each sink's success is recorded as it happens. A sink
 * that fails leaves the notification pending for the next run; the sinks
 * that already took it are not sent it again.
 */
import type { FindingStore } from '../store/types.js';
import type { NotificationSink } from './types.js';

export type DeliveryStore = Pick<FindingStore, 'pendingNotifications' | 'markDelivered' | 'markFailed'>;

export interface DeliveryFailure {
  readonly notificationId: string;
  readonly sink: string;
  readonly error: string;
}

export interface DeliveryResult {
  /** Notifications every sink now has. */
  readonly delivered: number;
  /** Notifications still owed to at least one sink. */
  readonly failed: number;
  readonly failures: readonly DeliveryFailure[];
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export interface DeliveryOptions {
  /** Only this account's notifications; omitted: every pending notification in the store. */
  readonly account?: string;
}

export async function deliverPending(
  store: DeliveryStore,
  sinks: readonly NotificationSink[],
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  if (sinks.length === 0) return { delivered: 0, failed: 0, failures: [] };
  const allSinks = sinks.map((s) => s.name);
  const failures: DeliveryFailure[] = [];
  let delivered = 0;
  let failed = 0;

  for (const pending of await store.pendingNotifications(options.account ? { account: options.account } : undefined)) {
    const { notification } = pending;
    const owed = sinks.filter((s) => !pending.sentTo.includes(s.name));
    if (owed.length === 0) {
      // Every current sink has it; it is pending only for a sink no longer configured. Say so, or it stays pending forever.
      await store.markDelivered(notification.id, sinks[0].name, allSinks);
      delivered++;
      continue;
    }
    let complete = true;
    for (const sink of owed) {
      try {
        await sink.send(notification);
      } catch (error) {
        complete = false;
        const failure = { notificationId: notification.id, sink: sink.name, error: describe(error) };
        failures.push(failure);
        await store.markFailed(notification.id, `${failure.sink}: ${failure.error}`);
        continue;
      }
      await store.markDelivered(notification.id, sink.name, allSinks);
    }
    if (complete) delivered++;
    else failed++;
  }
  return { delivered, failed, failures };
}
