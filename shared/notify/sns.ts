/**
 * The SNS sink: one Publish per notification to the alert topic. Email
 * subscribers get the subject and plain-text body; Lambda subscribers
 * (functions/notify-slack) get the whole Notification as JSON; message
 * attributes let any subscriber filter by severity, kind, check or rule,
 * and drop a copy by its notification id.
 *
 * Deduplication: a FIFO topic (its name ends in ".fifo") gets a
 * MessageDeduplicationId derived from the notification id, so SNS itself
 * drops a second publish of one notification within its five-minute
 * window (a sender that died between publishing and recording it), and a
 * MessageGroupId per account. A standard topic (the deployed one: FIFO
 * topics cannot deliver to email) has no such id: exactly-once rests on the
 * claims (notify/deliver.ts), with the one window that file describes.
 */
import { createHash } from 'node:crypto';
import { PublishCommand, SNSClient, type MessageAttributeValue } from '@aws-sdk/client-sns';
import type { Notification, NotificationSink } from './types.js';

/**
 * Clients live as long as the module (a Lambda container), one per region:
 * a topic must be published to in its own region, whatever the caller's
 * default region is.
 */
const clients = new Map<string, SNSClient>();

function clientFor(topicArn: string): SNSClient {
  const region = topicArn.split(':')[3] ?? '';
  let client = clients.get(region);
  if (!client) {
    client = new SNSClient({ retryMode: 'adaptive', maxAttempts: 5, ...(region ? { region } : {}) });
    clients.set(region, client);
  }
  return client;
}

export interface SnsSinkOptions {
  readonly topicArn: string;
}

function stringAttribute(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}

export function messageAttributes(n: Notification): Record<string, MessageAttributeValue> {
  return {
    severity: stringAttribute(n.severity),
    kind: stringAttribute(n.kind),
    ...(n.checkId ? { checkId: stringAttribute(n.checkId) } : {}),
    ...(n.ruleId ? { ruleId: stringAttribute(n.ruleId) } : {}),
    notificationId: stringAttribute(n.id),
  };
}

export function isFifoTopic(topicArn: string): boolean {
  return topicArn.endsWith('.fifo');
}

/** SNS takes at most 128 characters here; a notification id (ARNs inside) can be longer, so it is hashed. */
export function deduplicationId(n: Pick<Notification, 'id'>): string {
  return createHash('sha256').update(n.id).digest('hex');
}

/** The per-protocol message: `default` and `email` the text, `lambda` the structured notification. */
export function snsMessage(n: Notification): string {
  return JSON.stringify({ default: n.body, email: n.body, lambda: JSON.stringify(n) });
}

export function publishCommand(n: Notification, topicArn: string): PublishCommand {
  return new PublishCommand({
    TopicArn: topicArn,
    Subject: n.subject,
    Message: snsMessage(n),
    MessageStructure: 'json',
    MessageAttributes: messageAttributes(n),
    ...(isFifoTopic(topicArn) ? { MessageDeduplicationId: deduplicationId(n), MessageGroupId: n.account || 'iam-sentinel' } : {}),
  });
}

export function snsSink({ topicArn }: SnsSinkOptions): NotificationSink {
  return {
    name: 'sns',
    async send(notification) {
      await clientFor(topicArn).send(publishCommand(notification, topicArn));
    },
  };
}
