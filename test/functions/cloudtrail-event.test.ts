import type { Context, EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METRIC } from '../../shared/lambda/observability.js';
import type { EventsReport } from '../../shared/lambda/outcomes.js';
import { readEvents } from '../../shared/detections/read-events.js';
import { readOutbox } from '../../shared/notify/outbox.js';
import { envelopeOf } from '../../scripts/demo/envelopes.js';
import { captureOutput, endRun, demoEnvelope, emfMetrics, lambdaContext, localRun, logLines, SERVICE, type LocalRun } from './harness.js';

const ACCOUNT = '123456789012';
const CAROL = 'arn:aws:iam::123456789012:user/carol.diaz';
/** examples/demo-events: oscar.lind deactivates carol.diaz's MFA device. */
const MFA_REMOVED = '2026-11-12T0935Z-deactivatemfadevice.json';
const MFA_REMOVED_EVENT_ID = '79a5f0c8-430b-4214-830b-f57bcb7abb29';

type Handler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<EventsReport>;

let run: LocalRun;
let printed: string[];
let handler: Handler;
const context = lambdaContext(`${SERVICE}-cloudtrail-event`);

beforeAll(async () => {
  run = await localRun('fn-event');
  printed = captureOutput();
  ({ handler } = (await import('../../functions/cloudtrail-event.js')) as unknown as { handler: Handler });
});

afterAll(async () => {
  await endRun(run);
});

describe('cloudtrail-event handler (EventBridge envelope, DynamoDB Local, outbox)', () => {
  it('stores the detection, re-evaluates the user the event changed and delivers both', async () => {
    const report = await handler(await demoEnvelope(MFA_REMOVED), context);

    expect(report).toMatchObject({ events: 1, detections: 1, newDetections: 1, reevaluated: [CAROL] });
    const detections = await run.table.store.queryDetections({ account: ACCOUNT });
    expect(detections.map((d) => [d.ruleId, d.eventId, d.resource])).toEqual([['mfa-removed', MFA_REMOVED_EVENT_ID, CAROL]]);

    // The targeted re-evaluation read carol from the snapshot folder: a console password and no MFA left.
    const carol = await run.table.store.queryFindings({ resource: CAROL, status: 'open', account: ACCOUNT });
    expect(carol.map((f) => f.checkId)).toContain('user-console-no-mfa');
    expect((await run.table.store.listRuns({ account: ACCOUNT })).map((r) => r.kind)).toContain('targeted');

    const outbox = await readOutbox(run.dataDir);
    expect(outbox.filter((n) => n.ruleId === 'mfa-removed')).toHaveLength(1);
    expect(outbox.filter((n) => n.checkId === 'user-console-no-mfa')).toHaveLength(1);
  });

  it('the same event delivered again (EventBridge retries, at-least-once) is stored and alerted once', async () => {
    const outboxBefore = await readOutbox(run.dataDir);

    const report = await handler(await demoEnvelope(MFA_REMOVED), context);

    expect(report).toMatchObject({ events: 1, detections: 1, newDetections: 0, opened: 0, notificationsDelivered: 0 });
    expect(await run.table.store.queryDetections({ account: ACCOUNT })).toHaveLength(1);
    expect(await readOutbox(run.dataDir)).toEqual(outboxBefore);
    expect(emfMetrics(printed).values[METRIC.detections]).toBe(1);
  });

  it('a burst of events at three containers at once: each notification goes out once (every invocation sends only what it claims)', async () => {
    const before = await readOutbox(run.dataDir);
    const containers = [];
    for (let i = 0; i < 3; i++) {
      vi.resetModules();
      containers.push(((await import('../../functions/cloudtrail-event.js')) as unknown as { handler: Handler }).handler);
    }
    // November's IAM changes from the S3 log files (not the envelopes the other tests send), as EventBridge would deliver them.
    const { records } = await readEvents(['examples/demo-events/cloudtrail']);
    const events = records.filter((r) => r.eventSource === 'iam.amazonaws.com').slice(0, 6).map((r) => envelopeOf(r));
    // Each container gets every event (EventBridge redelivering, or three events touching the same user).
    await Promise.all(containers.flatMap((h) => events.map((e) => h(e, context))));
    const sent = (await readOutbox(run.dataDir)).slice(before.length);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((n) => n.id)).size).toBe(sent.length);
    expect(new Set([...before, ...sent].map((n) => n.id)).size).toBe(before.length + sent.length);
    expect(await run.table.store.pendingNotifications()).toEqual([]);
  });

  it('a sign-in envelope goes through the same way', async () => {
    const report = await handler(await demoEnvelope('2026-11-18T0758Z-consolelogin.json'), context);
    expect(report.events).toBe(1);
    expect(report.newDetections).toBe(report.detections);
  });

  it('a malformed event fails the invocation (logged, counted, rethrown for the retries and the dead-letter queue)', async () => {
    const event = { ...(await demoEnvelope(MFA_REMOVED)), detail: { eventName: 'DeactivateMFADevice' } };

    await expect(handler(event, context)).rejects.toThrow(/malformed event: EventBridge event: record 0 \(detail\.userIdentity\)/);

    const failure = logLines(printed).find((l) => l.message === 'Invocation failed');
    expect(failure).toMatchObject({ level: 'ERROR', function_name: context.functionName });
    expect(failure?.error).toMatchObject({ name: 'IncompleteRunError' });
    const { values } = emfMetrics(printed);
    expect(values[METRIC.errors]).toBe(1);
    expect(values[METRIC.malformedEvents]).toBe(1);
  });
});
