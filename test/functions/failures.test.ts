import type { Context, ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METRIC } from '../../shared/lambda/observability.js';
import type { AuditReport } from '../../shared/lambda/outcomes.js';
import { startWebhookServer, WEBHOOK_PATH, type WebhookServer } from '../notify/fixtures.js';
import { captureOutput, endRun, emfMetrics, lambdaContext, localRun, logLines, scheduledEvent, SERVICE, type LocalRun } from './harness.js';

const AT = '2026-11-20T12:00:00Z';

let run: LocalRun;
let printed: string[];
let slack: WebhookServer;
let handler: (event: ScheduledEvent, context: Context) => Promise<AuditReport>;
const context = lambdaContext(`${SERVICE}-scheduled-audit`);

beforeAll(async () => {
  slack = await startWebhookServer();
  run = await localRun('fn-failures', { IAM_SENTINEL_NOTIFY: 'outbox,slack', SLACK_WEBHOOK_URL: slack.url });
  printed = captureOutput();
  ({ handler } = (await import('../../functions/scheduled-audit.js')) as unknown as { handler: typeof handler });
});

afterAll(async () => {
  await endRun(run);
  await slack.close();
});

describe('handler failures are never silent', () => {
  it('a missing variable fails the invocation with its name, and the next invocation reads the environment again', async () => {
    vi.stubEnv('IAM_SENTINEL_TABLE', '');
    await expect(handler(scheduledEvent(AT), context)).rejects.toThrow('IAM_SENTINEL_TABLE: must be set (the findings table)');
    expect(logLines(printed).find((l) => l.message === 'Invocation failed')?.error).toMatchObject({ name: 'EnvironmentError' });
    expect(emfMetrics(printed).values[METRIC.errors]).toBe(1);
    vi.stubEnv('IAM_SENTINEL_TABLE', run.table.tableName);
  });

  it('a sink that fails leaves the audit applied but the invocation failed, without the heartbeat and without leaking the webhook', async () => {
    slack.respond = (_req, res) => {
      res.writeHead(500);
      res.end('internal_error');
    };

    await expect(handler(scheduledEvent(AT), context)).rejects.toThrow(/audit of 123456789012 at 2026-11-20T12:00:00.000Z left \d+ problems? for a retry: notification .* not delivered to slack \(SlackPostError: Slack webhook answered HTTP 500: internal_error\)/);

    // The audit itself is stored; the notifications wait for the sink that failed.
    expect(await run.table.store.queryFindings({ status: 'open' })).toHaveLength(73);
    const pending = await run.table.store.pendingNotifications();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((p) => p.sentTo.includes('outbox') && !p.sentTo.includes('slack'))).toBe(true);

    const { values } = emfMetrics(printed);
    expect(values[METRIC.notificationFailures]).toBe(pending.length);
    expect(values[METRIC.auditsCompleted]).toBeUndefined();
    expect(values[METRIC.errors]).toBe(2);
    const output = printed.join('');
    expect(output).not.toContain(WEBHOOK_PATH);
    expect(output).not.toContain(slack.url);
  });

  it('the retry delivers what was left, to the failed sink only, and completes the audit', async () => {
    slack.respond = (_req, res) => {
      res.writeHead(200);
      res.end('ok');
    };
    const pending = (await run.table.store.pendingNotifications()).length;
    slack.requests.length = 0;

    const report = await handler(scheduledEvent(AT), context);

    expect(report).toMatchObject({ opened: 0, notificationsDelivered: pending });
    expect(slack.requests).toHaveLength(pending);
    expect(await run.table.store.pendingNotifications()).toEqual([]);
    expect(emfMetrics(printed).values[METRIC.auditsCompleted]).toBe(1);
  });
});
