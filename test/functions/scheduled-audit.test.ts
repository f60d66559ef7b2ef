import type { Context, ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METRIC, METRICS_NAMESPACE } from '../../shared/lambda/observability.js';
import type { AuditReport } from '../../shared/lambda/outcomes.js';
import { readOutbox } from '../../shared/notify/outbox.js';
import { captureOutput, endRun, emfMetrics, lambdaContext, localRun, logLines, scheduledEvent, SERVICE, type LocalRun } from './harness.js';

const ACCOUNT = '123456789012';
const AT = '2026-11-20T12:00:00Z';

let run: LocalRun;
let printed: string[];
let handler: (event: ScheduledEvent, context: Context) => Promise<AuditReport>;
const context = lambdaContext(`${SERVICE}-scheduled-audit`);

beforeAll(async () => {
  run = await localRun('fn-audit');
  printed = captureOutput();
  ({ handler } = (await import('../../functions/scheduled-audit.js')) as unknown as { handler: typeof handler });
});

afterAll(async () => {
  await endRun(run);
});

describe('scheduled-audit handler (demo account snapshot, DynamoDB Local, outbox)', () => {
  it('audits as of the scheduled time, stores every finding and delivers the notifications owed', async () => {
    const report = await handler(scheduledEvent(AT), context);

    // examples/demo-account/README.md: 73 findings with the demo config.
    expect(report).toMatchObject({ account: ACCOUNT, evaluatedAt: '2026-11-20T12:00:00.000Z', findings: 73, opened: 73, reopened: 0, resolved: 0, collectionGaps: [] });
    const open = await run.table.store.queryFindings({ status: 'open', account: ACCOUNT });
    expect(open).toHaveLength(73);
    expect(open.every((f) => f.firstSeen === '2026-11-20T12:00:00.000Z')).toBe(true);

    const outbox = await readOutbox(run.dataDir);
    expect(outbox.length).toBe(report.notificationsDelivered);
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.map((n) => n.checkId)).toEqual(expect.arrayContaining(['root-access-key', 'root-mfa', 'privileged-user-no-mfa']));
    expect(await run.table.store.pendingNotifications()).toEqual([]);
  });

  it('emits the heartbeat and run metrics under the service dimension the alarms watch, and logs the run', () => {
    const { values, namespaces, services } = emfMetrics(printed);
    expect(namespaces).toEqual(new Set([METRICS_NAMESPACE]));
    expect(services).toEqual(new Set([SERVICE]));
    expect(values[METRIC.auditsCompleted]).toBe(1);
    expect(values[METRIC.findingsOpened]).toBe(73);
    expect(values[METRIC.errors]).toBeUndefined();
    const done = logLines(printed).find((l) => l.message === 'Audit completed');
    expect(done).toMatchObject({ level: 'INFO', service: SERVICE, function_name: context.functionName, function_request_id: context.awsRequestId });
  });

  it('a retried delivery of the same schedule event writes no history and sends nothing again', async () => {
    const historyBefore = await run.table.store.queryHistory({ account: ACCOUNT });
    const outboxBefore = await readOutbox(run.dataDir);

    const report = await handler(scheduledEvent(AT), context);

    expect(report).toMatchObject({ findings: 73, opened: 0, reopened: 0, resolved: 0, notificationsDelivered: 0 });
    expect(await run.table.store.queryHistory({ account: ACCOUNT })).toEqual(historyBefore);
    expect(await readOutbox(run.dataDir)).toEqual(outboxBefore);
    expect(emfMetrics(printed).values[METRIC.auditsCompleted]).toBe(2);
  });

  it('a later audit resolves what was fixed meanwhile (the remediated snapshot)', async () => {
    vi.stubEnv('IAM_SENTINEL_SNAPSHOT_DIR', 'examples/demo-account-remediated');
    // The folder is read per audit, but the handler's source was chosen at its first invocation: a new container reads the new folder.
    vi.resetModules();
    const fresh = (await import('../../functions/scheduled-audit.js')) as unknown as { handler: typeof handler };

    const report = await fresh.handler(scheduledEvent('2026-12-18T12:00:00Z'), context);

    // examples/README.md: 26 resolved, 4 opened.
    expect(report).toMatchObject({ resolved: 26, opened: 4 });
  });

  it('a schedule event dated implausibly far ahead (9999-12-31) is evaluated at the clock, and says so: it cannot freeze the history', async () => {
    const before = Date.now();
    vi.stubEnv('IAM_SENTINEL_REPLAY', 'false');
    vi.resetModules();
    const fresh = (await import('../../functions/scheduled-audit.js')) as unknown as { handler: typeof handler };
    const report = await fresh.handler(scheduledEvent('9999-12-31T00:00:00Z'), context);
    const at = Date.parse(report.evaluatedAt);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
    const warning = logLines(printed).find((l) => l.message === 'Event time is implausible; evaluating at the clock instead');
    expect(warning).toMatchObject({ level: 'WARN', eventTime: '9999-12-31T00:00:00Z', reason: 'more than a day past the clock' });
    // No finding is dated in 9999: a later audit can still resolve them.
    expect((await run.table.store.queryFindings({ account: ACCOUNT })).some((f) => f.lastSeen.startsWith('9999'))).toBe(false);
  });
});
