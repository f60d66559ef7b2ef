/**
 * The content of a notification, laid out once and rendered twice: as the
 * plain-text email body (format.ts) and as Slack Block Kit (slack.ts). It
 * travels inside `Notification.data.view`, so it crosses SNS as JSON and is
 * read back with a schema: a Lambda never trusts a message's shape.
 */
import * as z from '../schema.js';
import { SEVERITIES } from '../model.js';
import type { Notification } from './types.js';

export const linkSchema = z.object({ text: z.string(), url: z.string() });
export type Link = z.infer<typeof linkSchema>;

export const factSchema = z.object({ label: z.string(), value: z.string() });
export type Fact = z.infer<typeof factSchema>;

export const notificationViewSchema = z.object({
  /** What happened, in a few words (the check or rule title). */
  headline: z.string(),
  /** The one-line message of the finding or detection. */
  summary: z.string(),
  severity: z.enum(SEVERITIES),
  /** Where, when and who, in the order a reader needs them. */
  facts: z.array(factSchema),
  /** Why it matters: the best practice the check or rule enforces. */
  why: z.nullable(z.string()),
  /** How to fix it, with the AWS CLI command where one fits. */
  fix: z.nullable(z.string()),
  /** AWS console pages to act from. */
  links: z.array(linkSchema),
  /** Digest lines, one per change listed. */
  items: z.array(z.string()),
  /** Changes not listed in `items` (a digest keeps its size bounded). */
  moreItems: z.int().check(z.nonnegative()),
  /** Ids a reader quotes when asking about it. */
  footer: z.string(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

/** The view a notification carries, or null when it has none (e.g. one rebuilt from a bare SNS text message). */
export function viewOf(notification: Pick<Notification, 'data'>): NotificationView | null {
  const parsed = notificationViewSchema.safeParse(notification.data.view);
  return parsed.success ? parsed.data : null;
}
