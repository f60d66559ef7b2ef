/**
 * The deployed export (securityHub parameter, IAM_SENTINEL_SECURITY_HUB=true):
 * after a CloudTrail event the re-evaluated findings go to Security Hub, after
 * an audit the rest; a retried invocation sends nothing again; a finding
 * Security Hub refuses fails the run so Lambda retries it. Security Hub is
 * aws-sdk-client-mock's; the store is DynamoDB Local.
 */
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context, EventBridgeEvent, ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EnvironmentError, readEnvironment } from '../../shared/lambda/environment.js';
import { METRIC } from '../../shared/lambda/observability.js';
import type { AuditReport, EventsReport } from '../../shared/lambda/outcomes.js';
import { captureOutput, demoEnvelope, emfMetrics, endRun, lambdaContext, localRun, scheduledEvent, SERVICE, type LocalRun } from './harness.js';

const ACCOUNT = '123456789012';
const CAROL = 'arn:aws:iam::123456789012:user/carol.diaz';
const hub = mockClient(SecurityHubClient);
/** Ids Security Hub refuses (one test). */
const refuse = new Set<string>();

let run: LocalRun;
let printed: string[];
let audit: (event: ScheduledEvent, context: Context) => Promise<AuditReport>;
let onEvent: (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<EventsReport>;

const sent = () => hub.commandCalls(BatchImportFindingsCommand).flatMap((c) => (c.args[0].input.Findings ?? []) as AwsSecurityFinding[]);

beforeAll(async () => {
  run = await localRun('fn-shub', { IAM_SENTINEL_SECURITY_HUB: 'true' });
  printed = captureOutput();
  hub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => {
    const failed = input.Findings.filter((f) => refuse.has(f.Id!)).map((f) => ({ Id: f.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'refused' }));
    return { FailedCount: failed.length, SuccessCount: input.Findings.length - failed.length, FailedFindings: failed };
  });
  ({ handler: audit } = (await import('../../functions/scheduled-audit.js')) as unknown as { handler: typeof audit });
  ({ handler: onEvent } = (await import('../../functions/cloudtrail-event.js')) as unknown as { handler: typeof onEvent });
});

afterAll(async () => {
  hub.restore();
  await endRun(run);
});

describe('IAM_SENTINEL_SECURITY_HUB', () => {
  it('is true or false; anything else names the variable', () => {
    const base = { IAM_SENTINEL_TABLE: 't', IAM_SENTINEL_NOTIFY: 'console' };
    expect(readEnvironment({ ...base, IAM_SENTINEL_SECURITY_HUB: 'true' }).securityHub).toBe(true);
    expect(readEnvironment({ ...base, IAM_SENTINEL_SECURITY_HUB: 'false' }).securityHub).toBeUndefined();
    expect(readEnvironment(base).securityHub).toBeUndefined();
    expect(() => readEnvironment({ ...base, IAM_SENTINEL_SECURITY_HUB: 'yes please' })).toThrow(new EnvironmentError('IAM_SENTINEL_SECURITY_HUB', 'must be true or false'));
  });
});

describe('the functions export to Security Hub after each run', () => {
  it('after a CloudTrail event: the findings of the re-evaluated entity, and only those', async () => {
    const report = await onEvent(await demoEnvelope('2026-11-12T0935Z-deactivatemfadevice.json'), lambdaContext(`${SERVICE}-cloudtrail-event`));
    expect(report.reevaluated).toEqual([CAROL]);
    const findings = sent();
    expect(findings.length).toBeGreaterThan(0);
    expect(report.findingsExported).toBe(findings.length);
    expect(new Set(findings.map((f) => f.Resources![0].Id))).toEqual(new Set([CAROL]));
    expect(findings.every((f) => f.ProductArn === `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`)).toBe(true);
  });

  it('after the audit: every finding not yet exported, in batches of at most 100', async () => {
    const before = sent().length;
    const report = await audit(scheduledEvent('2026-11-20T12:00:00Z'), lambdaContext(`${SERVICE}-scheduled-audit`));
    const calls = hub.commandCalls(BatchImportFindingsCommand);
    expect(calls.every((c) => (c.args[0].input.Findings ?? []).length <= 100)).toBe(true);
    expect(report.findingsExported).toBe(sent().length - before);
    expect(new Set(sent().map((f) => f.Id)).size).toBe(report.findings);
    expect(emfMetrics(printed).values[METRIC.findingsExported]).toBe(sent().length);
    expect(emfMetrics(printed).values[METRIC.auditsCompleted]).toBe(1);
  });

  it('a retried invocation of the same schedule event sends nothing again', async () => {
    const calls = hub.commandCalls(BatchImportFindingsCommand).length;
    const report = await audit(scheduledEvent('2026-11-20T12:00:00Z'), lambdaContext(`${SERVICE}-scheduled-audit`));
    expect(report.findingsExported).toBe(0);
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(calls);
  });

  it('a refused finding fails the run (Lambda retries it) and is sent again next time; the heartbeat waits', async () => {
    // The remediated account resolves findings: they are owed to Security Hub, archived.
    vi.stubEnv('IAM_SENTINEL_SNAPSHOT_DIR', 'examples/demo-account-remediated');
    // A new container reads the environment again.
    vi.resetModules();
    const { handler: fresh } = (await import('../../functions/scheduled-audit.js')) as unknown as { handler: typeof audit };
    const calls = hub.commandCalls(BatchImportFindingsCommand).length;
    const completed = emfMetrics(printed).values[METRIC.auditsCompleted];
    refuse.add(`iam-sentinel:${ACCOUNT}:root-mfa:arn:aws:iam::${ACCOUNT}:root`);
    await expect(fresh(scheduledEvent('2026-11-21T12:00:00Z'), lambdaContext(`${SERVICE}-scheduled-audit`))).rejects.toThrow(/Security Hub refused finding iam-sentinel:123456789012:root-mfa/);
    expect(emfMetrics(printed).values[METRIC.auditsCompleted]).toBe(completed);
    const archived = hub.commandCalls(BatchImportFindingsCommand).slice(calls).flatMap((c) => c.args[0].input.Findings ?? []).filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived.length).toBeGreaterThan(0);

    refuse.clear();
    const retried = hub.commandCalls(BatchImportFindingsCommand).length;
    const report = await fresh(scheduledEvent('2026-11-21T12:00:00Z'), lambdaContext(`${SERVICE}-scheduled-audit`));
    expect(report.findingsExported).toBe(1);
    expect(hub.commandCalls(BatchImportFindingsCommand).slice(retried).flatMap((c) => c.args[0].input.Findings ?? []).map((f) => f.Id)).toEqual([
      `iam-sentinel:${ACCOUNT}:root-mfa:arn:aws:iam::${ACCOUNT}:root`,
    ]);
  });
});
