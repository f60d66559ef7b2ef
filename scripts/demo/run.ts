/**
 * `npm start`: the deployed system, on this machine. DynamoDB Local stands
 * in for DynamoDB, a folder for the account, the console and an outbox file
 * (and Slack, when SLACK_WEBHOOK_URL is set) for SNS; the Lambda handlers
 * themselves run, on the events EventBridge would hand them:
 *
 * 1. November's CloudTrail events arrive at the cloudtrail-event function,
 *    one EventBridge delivery each (one of them twice): detections, and a
 *    targeted re-evaluation of each entity an event changed;
 * 2. the scheduled audit of 2026-11-20 runs on the demo account;
 * 3. the team cleans up (the account folder now holds the remediated copy)
 *    and the audit of 2026-12-18 resolves what they fixed.
 *
 * With --live, step 2 runs on the account of the current AWS credentials
 * (read-only), now, and the demo account's steps are left out.
 * Running it again replays the same deliveries and schedules: the store
 * already knows them, so nothing new is written or sent.
 */
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Context, EventBridgeEvent, ScheduledEvent } from 'aws-lambda';
import { readEvents } from '../../shared/detections/read-events.js';
import type { AuditReport, EventsReport } from '../../shared/lambda/outcomes.js';
import { SEVERITIES, type Severity } from '../../shared/model.js';
import { readOutbox } from '../../shared/notify/outbox.js';
import { createStore } from '../../shared/store/index.js';
import type { FindingStore } from '../../shared/store/types.js';
import { buildReport } from '../../cli/report/html.js';
import { log, type Io } from '../../cli/io.js';
import { paint, paintSeverity, styleFor } from '../../cli/format/text.js';
import { withStep } from '../../cli/progress.js';
import { deliveries } from './envelopes.js';

export const DEMO_ACCOUNT_ID = '123456789012';
const TABLE = 'iam-sentinel';
const FIRST_AUDIT = '2026-11-20T12:00:00Z';
const SECOND_AUDIT = '2026-12-18T12:00:00Z';

export interface DemoOptions {
  readonly dataDir: string;
  /** Audit the account of the current AWS credentials instead of the demo account. */
  readonly live: boolean;
  readonly io: Io;
  /** Where the examples live (the repository root by default). */
  readonly root?: string;
}

export interface DemoSummary {
  readonly account: string;
  readonly openBySeverity: Record<Severity, number>;
  readonly opened: number;
  readonly reopened: number;
  readonly resolved: number;
  readonly detections: number;
  readonly newDetections: number;
  readonly alertsSent: number;
  readonly report: string;
}

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

function lambdaContext(functionName: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${DEMO_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function scheduledEvent(time: string, account: string): ScheduledEvent {
  return {
    version: '0',
    id: `scheduled-${time}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time,
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:${account}:rule/iam-sentinel-local-audit-schedule`],
    detail: {},
  };
}

/** Points the account folder at a copy of `from`: the account "changes" between audits, as a real one would. */
async function setAccount(accountDir: string, from: string): Promise<void> {
  await rm(accountDir, { recursive: true, force: true });
  await mkdir(accountDir, { recursive: true });
  for (const file of await readdir(from)) if (file.endsWith('.json') || file.endsWith('.csv')) await cp(join(from, file), join(accountDir, file));
}

export async function runDemo(o: DemoOptions): Promise<DemoSummary> {
  const { io } = o;
  const root = o.root ?? process.cwd();
  const style = styleFor(io.stdout as NodeJS.WriteStream);
  const say = (text = '') => io.stdout.write(text + '\n');
  const dataDir = resolve(o.dataDir);
  const accountDir = join(dataDir, 'demo-account');
  const outboxBefore = (await readOutbox(dataDir)).length;

  say(paint(style, 'iam-sentinel local demo', 'bold') + ': the deployed system on this machine, no AWS account needed' + (o.live ? ' (--live: your account, read-only)' : ''));
  say(paint(style, 'DynamoDB Local for the table, a folder for the account, console + outbox (+ Slack) for SNS; the real Lambda handlers.', 'dim'));
  say();

  const store = await withStep(io, `Starting DynamoDB Local (data in ${o.dataDir})`, () => createStore({ kind: 'local', dataDir, tableName: TABLE }), () => 'ready');
  say();
  try {
    const sinks = ['console', 'outbox', ...(io.env.SLACK_WEBHOOK_URL ? ['slack'] : [])];
    Object.assign(process.env, {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      IAM_SENTINEL_TABLE: TABLE,
      IAM_SENTINEL_DYNAMODB_ENDPOINT: store.endpoint,
      IAM_SENTINEL_NOTIFY: sinks.join(','),
      IAM_SENTINEL_CONSOLE: 'brief',
      // Deliveries arrive one after another here: no concurrent invocation to wait for before a burst fires.
      IAM_SENTINEL_BURST_SETTLE_MS: '0',
      IAM_SENTINEL_DATA_DIR: dataDir,
      IAM_SENTINEL_CONFIG: join(root, 'examples/iam-sentinel.config.json'),
      POWERTOOLS_SERVICE_NAME: 'iam-sentinel',
      // The demo replays November and December 2026 whatever today is: event times are taken as they are (with --live, it is now anyway).
      IAM_SENTINEL_REPLAY: o.live ? 'false' : 'true',
      // Handler logs are JSON for CloudWatch; here only their errors matter, and metrics have nowhere to go.
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    if (o.live) delete process.env.IAM_SENTINEL_SNAPSHOT_DIR;
    else process.env.IAM_SENTINEL_SNAPSHOT_DIR = accountDir;

    const audit = (await import('../../functions/scheduled-audit.js')).handler as unknown as Handler<ScheduledEvent, AuditReport>;
    const onEvent = (await import('../../functions/cloudtrail-event.js')).handler as unknown as Handler<EventBridgeEvent<string, unknown>, EventsReport>;
    const totals = { opened: 0, reopened: 0, resolved: 0, detections: 0, newDetections: 0 };
    const add = (r: { opened: number; reopened: number; resolved: number }) => {
      totals.opened += r.opened;
      totals.reopened += r.reopened;
      totals.resolved += r.resolved;
    };
    let account = DEMO_ACCOUNT_ID;
    let reportTime = new Date(SECOND_AUDIT);

    if (o.live) {
      const now = new Date().toISOString();
      say(paint(style, `Scheduled audit of your account, now (scheduled-audit function, live, read-only)`, 'bold'));
      const r = await withStep(io, 'Collecting and auditing the live account', () => audit(scheduledEvent(now, 'live'), lambdaContext('iam-sentinel-local-scheduled-audit', 'live-audit')), (r) => `${r.findings} findings`);
      add(r);
      account = r.account;
      reportTime = new Date(now);
      say(`  ${r.findings} findings: ${r.opened} opened, ${r.reopened} reopened, ${r.resolved} resolved${r.collectionGaps.length ? `; not collected: ${r.collectionGaps.join(', ')}` : ''}`);
    } else {
      await setAccount(accountDir, join(root, 'examples/demo-account'));
      const { records, errors } = await readEvents([join(root, 'examples/demo-events')]);
      if (errors.length) throw errors[0];
      const events = deliveries(records);
      say(paint(style, `1. November's CloudTrail events arrive (cloudtrail-event function, ${events.length} EventBridge deliveries)`, 'bold'));
      const reevaluated = new Set<string>();
      for (const [i, envelope] of events.entries()) {
        const r = await onEvent(envelope, lambdaContext('iam-sentinel-local-cloudtrail-event', `event-${i}`));
        totals.detections += r.detections;
        totals.newDetections += r.newDetections;
        for (const arn of r.reevaluated) reevaluated.add(arn);
        add(r);
      }
      say(`  ${totals.newDetections} detections stored (${totals.detections} across the deliveries: the event delivered twice is stored and alerted once), ${reevaluated.size} users, groups, roles and policies re-evaluated`);
      say();

      for (const [step, time, from, what] of [
        ['2.', FIRST_AUDIT, 'examples/demo-account', 'the demo account'],
        ['3.', SECOND_AUDIT, 'examples/demo-account-remediated', 'the account after a clean-up sprint'],
      ] as const) {
        await setAccount(accountDir, join(root, from));
        say(paint(style, `${step} Scheduled audit of ${time.slice(0, 10)} on ${what} (scheduled-audit function)`, 'bold'));
        const r = await audit(scheduledEvent(time, DEMO_ACCOUNT_ID), lambdaContext('iam-sentinel-local-scheduled-audit', `audit-${time}`));
        add(r);
        say(`  ${r.findings} findings: ${r.opened} opened, ${r.reopened} reopened, ${r.resolved} resolved`);
        say();
      }
    }

    const open = await store.queryFindings({ status: 'open', account });
    const openBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length])) as Record<Severity, number>;
    const report = join(dataDir, 'report.html');
    await writeFile(report, await buildReport(store as FindingStore, { now: reportTime, account }));
    const alertsSent = (await readOutbox(dataDir)).length - outboxBefore;
    const summary: DemoSummary = { account, openBySeverity, ...totals, alertsSent, report };
    printSummary(io, summary, o, style);
    return summary;
  } finally {
    await store.close();
  }
}

function printSummary(io: Io, s: DemoSummary, o: DemoOptions, style: ReturnType<typeof styleFor>): void {
  const say = (text = '') => io.stdout.write(text + '\n');
  const open = SEVERITIES.map((sev) => paintSeverity(style, sev, `${s.openBySeverity[sev]} ${sev}`)).join(', ');
  const total = Object.values(s.openBySeverity).reduce((a, b) => a + b, 0);
  say(paint(style, 'Summary', 'bold'));
  say(`  open now     ${total}: ${open}`);
  say(`  this run     ${s.opened} opened, ${s.reopened} reopened, ${s.resolved} resolved, ${s.newDetections} new detections, ${s.alertsSent} alerts sent`);
  if (!o.live && s.opened + s.resolved + s.newDetections + s.alertsSent === 0) {
    say(paint(style, '               (nothing new: the store already knew every delivery and audit, as the deployed system would)', 'dim'));
  }
  say(`  outbox       ${join(o.dataDir, 'outbox.jsonl')}`);
  say(`  HTML report  ${relative(process.cwd(), s.report) || s.report}  (open it in a browser)`);
  say();
  say(paint(style, 'Explore the store', 'bold'));
  const dataDirFlag = o.dataDir === '.iam-sentinel' ? '' : ` --data-dir ${o.dataDir}`;
  say(`  npx iam-sentinel findings${dataDirFlag}`);
  say(`  npx iam-sentinel findings --status resolved${dataDirFlag}`);
  if (!o.live) say(`  npx iam-sentinel history --resource arn:aws:iam::${DEMO_ACCOUNT_ID}:user/carol.diaz${dataDirFlag}`);
  say(`  npx iam-sentinel history --since 2026-12-01${dataDirFlag}`);
  say(`  npx iam-sentinel report --html report.html${dataDirFlag}`);
  log(io, '');
}
