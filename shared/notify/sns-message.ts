/**
 * Reads a notification back from an SNS delivery to a Lambda subscriber.
 * The sns sink publishes the Notification as JSON under the `lambda`
 * protocol key, which is what arrives as `Message`; anything else on the
 * topic (a message published by hand, by another tool) arrives as text and
 * becomes a notification from its subject, text and message attributes.
 */
import * as z from '../schema.js';
import { SEVERITIES } from '../model.js';
import type { Notification, NotificationKind } from './types.js';

const KINDS = ['finding', 'detection', 'digest'] as const satisfies readonly NotificationKind[];

export const notificationSchema = z.object({
  id: z.string().check(z.minLength(1)),
  kind: z.enum(KINDS),
  severity: z.enum(SEVERITIES),
  checkId: z.optional(z.string()),
  ruleId: z.optional(z.string()),
  account: z.string(),
  accountAlias: z.nullable(z.string()),
  subject: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

/** The fields of an SNS message as a Lambda subscriber receives it (aws-lambda's SNSMessage). */
export interface SnsDelivery {
  readonly MessageId: string;
  readonly TopicArn: string;
  readonly Timestamp: string;
  readonly Message: string;
  readonly Subject?: string | null;
  readonly MessageAttributes?: Readonly<Record<string, { readonly Type: string; readonly Value: string }>>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function fromText(sns: SnsDelivery): Notification {
  const attribute = (name: string) => sns.MessageAttributes?.[name]?.Value;
  const severity = z.enum(SEVERITIES).safeParse(attribute('severity'));
  const checkId = attribute('checkId');
  const ruleId = attribute('ruleId');
  const kind = z.enum(KINDS).safeParse(attribute('kind'));
  const firstLine = sns.Message.split('\n', 1)[0]?.trim() ?? '';
  return {
    id: `sns|${sns.MessageId}`,
    kind: kind.success ? kind.data : ruleId ? 'detection' : checkId ? 'finding' : 'digest',
    severity: severity.success ? severity.data : 'info',
    ...(checkId ? { checkId } : {}),
    ...(ruleId ? { ruleId } : {}),
    account: sns.TopicArn.split(':')[4] ?? '',
    accountAlias: null,
    subject: sns.Subject || firstLine.slice(0, 99) || 'iam-sentinel notification',
    body: sns.Message,
    data: {},
    createdAt: sns.Timestamp,
  };
}

export function notificationFromSns(sns: SnsDelivery): Notification {
  const parsed = notificationSchema.safeParse(parseJson(sns.Message));
  return parsed.success ? parsed.data : fromText(sns);
}
