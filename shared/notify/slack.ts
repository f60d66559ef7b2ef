/**
 * Slack: a notification as Block Kit (header, severity, fields, why, fix,
 * console buttons), and a poster for incoming webhooks. A webhook URL is a
 * credential: it never appears in an error message, so nothing that logs an
 * error can leak it.
 */
import type { Severity } from '../model.js';
import type { Notification, NotificationSink } from './types.js';
import { scrubSecrets } from './secrets.js';
import { viewOf, type NotificationView } from './view.js';

// Block Kit limits (api.slack.com/reference/block-kit/blocks).
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;
const FIELDS_MAX = 10;
const BUTTON_TEXT_MAX = 75;
const BUTTONS_MAX = 5;

export type SlackBlock = Readonly<Record<string, unknown>>;

export interface SlackMessage {
  /** Shown in notifications and by clients that cannot render blocks. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_yellow_circle:',
  info: ':information_source:',
};

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Slack's mrkdwn treats &, < and > as control characters. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function mrkdwn(text: string, max = SECTION_MAX): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, max) } };
}

function header(text: string): SlackBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, HEADER_MAX), emoji: true } };
}

function viewBlocks(view: NotificationView, n: Notification): SlackBlock[] {
  const blocks: SlackBlock[] = [
    header(n.subject),
    mrkdwn(`${SEVERITY_EMOJI[view.severity]} *${view.severity.toUpperCase()}* · ${escape(view.summary)}`),
  ];
  const fields = view.facts.slice(0, FIELDS_MAX).map((f) => ({ type: 'mrkdwn', text: clip(`*${escape(f.label)}*\n${escape(f.value)}`, FIELD_MAX) }));
  if (fields.length > 0) blocks.push({ type: 'section', fields });
  if (view.items.length > 0) {
    const more = view.moreItems > 0 ? `\n… and ${view.moreItems} more` : '';
    blocks.push(mrkdwn(`*Changes*\n${view.items.map((i) => `• ${escape(i)}`).join('\n')}${more}`));
  }
  if (view.why) blocks.push(mrkdwn(`*Why it matters*\n${escape(view.why)}`));
  if (view.fix) blocks.push(mrkdwn(`*How to fix*\n${escape(view.fix)}`));
  if (view.links.length > 0) {
    blocks.push({
      type: 'actions',
      elements: view.links.slice(0, BUTTONS_MAX).map((l, i) => ({
        type: 'button',
        text: { type: 'plain_text', text: clip(`Open ${l.text}`, BUTTON_TEXT_MAX), emoji: true },
        url: l.url,
        action_id: `open-console-${i}`,
        ...(i === 0 && (view.severity === 'critical' || view.severity === 'high') ? { style: 'danger' } : {}),
      })),
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escape(`${view.footer} · ${n.id}`), SECTION_MAX) }] });
  return blocks;
}

/** A notification without a view (rebuilt from a bare SNS text message): its subject and body as they are. */
function textBlocks(n: Notification): SlackBlock[] {
  const fence = '```';
  return [
    header(n.subject),
    mrkdwn(`${SEVERITY_EMOJI[n.severity]} *${n.severity.toUpperCase()}* · ${escape(n.kind)}`),
    mrkdwn(`${fence}${clip(escape(n.body), SECTION_MAX - 2 * fence.length)}${fence}`),
  ];
}

export function slackMessage(notification: Notification): SlackMessage {
  const view = viewOf(notification);
  return {
    text: notification.subject,
    blocks: view ? viewBlocks(view, notification) : textBlocks(notification),
  };
}

export class SlackPostError extends Error {
  override name = 'SlackPostError';
  constructor(
    message: string,
    /** HTTP status Slack answered with, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface SlackPostOptions {
  /** Abort when Slack has not answered within this many milliseconds. */
  readonly timeoutMs?: number;
}

/** Says why fetch failed by error code only: fetch's own messages can quote the URL. */
function fetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}

/** Posts to an incoming webhook; throws SlackPostError (never naming the URL) unless Slack answers 2xx. */
export async function postToSlack(webhookUrl: string, message: SlackMessage, options: SlackPostOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let response: Response;
  try {
    response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new SlackPostError(`Slack webhook post failed: ${fetchFailure(error, timeoutMs)}`);
  }
  const answer = await response.text().catch(() => '');
  if (!response.ok) {
    // Slack answers errors with a short code ("invalid_token", "no_service"); quote it, minus anything URL-shaped.
    const reason = scrubSecrets(answer.replaceAll(webhookUrl, '[webhook]').replace(/https?:\/\/\S+/g, '[url]')).slice(0, 200).trim();
    throw new SlackPostError(`Slack webhook answered HTTP ${response.status}${reason ? `: ${reason}` : ''}`, response.status);
  }
}

export interface SlackSinkOptions extends SlackPostOptions {
  readonly webhookUrl: string;
}

export function slackSink({ webhookUrl, ...options }: SlackSinkOptions): NotificationSink {
  return {
    name: 'slack',
    send: (notification) => postToSlack(webhookUrl, slackMessage(notification), options),
  };
}
