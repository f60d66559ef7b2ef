/**
 * The sinks by name, built in one place for the CLI (--notify) and the
 * Lambda handlers (IAM_SENTINEL_NOTIFY), so both mean the same by "outbox"
 * or "sns" and check the same prerequisites.
 */
import { consoleSink, type ConsoleStyle } from './console.js';
import { outboxSink } from './outbox.js';
import { slackSink } from './slack.js';
import { snsSink } from './sns.js';
import type { NotificationSink } from './types.js';

export const SINK_NAMES = ['sns', 'console', 'outbox', 'slack'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export interface SinkSettings {
  /** sns: the topic. */
  readonly topicArn?: string;
  /** outbox: the folder holding outbox.jsonl. */
  readonly dataDir?: string;
  /** slack: the incoming-webhook URL (from SSM or SLACK_WEBHOOK_URL; never logged). */
  readonly slackWebhookUrl?: string;
  /** console: where blocks are written (stderr by default). */
  readonly consoleStream?: NodeJS.WritableStream;
  /** console: whole blocks (default) or one subject line each. */
  readonly consoleStyle?: ConsoleStyle;
}

/** Thrown when a sink lacks its setting; `setting` names what to provide. */
export class SinkSettingError extends Error {
  constructor(
    readonly sink: SinkName,
    readonly setting: string,
  ) {
    super(`the ${sink} sink needs ${setting}`);
    this.name = 'SinkSettingError';
  }
}

export function createSink(name: SinkName, settings: SinkSettings, missing: Record<'topicArn' | 'dataDir' | 'slackWebhookUrl', string>): NotificationSink {
  const need = <K extends keyof typeof missing>(key: K): string => {
    const value = settings[key];
    if (!value) throw new SinkSettingError(name, missing[key]);
    return value;
  };
  switch (name) {
    case 'sns':
      return snsSink({ topicArn: need('topicArn') });
    case 'console':
      return consoleSink(settings.consoleStream, settings.consoleStyle);
    case 'outbox':
      return outboxSink(need('dataDir'));
    case 'slack':
      return slackSink({ webhookUrl: need('slackWebhookUrl') });
  }
}
