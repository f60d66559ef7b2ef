/**
 * The issue's example, end to end through the deployed handler on a live
 * (faked) account: CreatePolicyVersion giving group Ops' policy `*` turns a
 * console user without MFA in Ops into privileged-user-no-mfa at once, not
 * at the next audit; a change reaching more principals than a re-evaluation
 * reads asks the audit function for a full audit instead.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context, EventBridgeEvent, ScheduledEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventsReport } from '../../shared/lambda/outcomes.js';
import type { FullAuditRequest } from '../../shared/lambda/full-audit.js';
import type { RawSnapshot } from '../../shared/snapshot/types.js';
import { fakeAws, type FakeAws } from '../collect/fake-aws.js';
import { envelope, iamCall, iamUser, policyJson } from '../detections/records.js';
import {
  ACCOUNT,
  allow,
  attach,
  consoleUserRow,
  groupDetail,
  managedPolicy,
  policyArn,
  policyDoc,
  rawAccount,
  userArn,
  userDetail,
} from '../helpers/account.js';
import { captureOutput, endRun, lambdaContext, localRun, scheduledEvent, SERVICE, type LocalRun } from './harness.js';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;
const AUDIT_FUNCTION = `${SERVICE}-scheduled-audit`;

/** Ops holds OpsPolicy; dana signs in to the console without MFA; `members` more users fill group Crowd, which holds CrowdPolicy. */
function account(opsDocument: Record<string, unknown>, crowd = 0): RawSnapshot {
  const crowdNames = Array.from({ length: crowd }, (_, i) => `crowd-${i}`);
  const ops = managedPolicy('OpsPolicy', opsDocument, {
    DefaultVersionId: 'v2',
    PolicyVersionList: [{ Document: opsDocument, VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2026-11-01T01:00:00Z' }],
  });
  return rawAccount({
    rows: [consoleUserRow('dana', { mfa_active: 'false' }), consoleUserRow('eli'), ...crowdNames.map((n) => consoleUserRow(n))],
    users: [userDetail('dana', { GroupList: ['Ops'] }), userDetail('eli'), ...crowdNames.map((n) => userDetail(n, { GroupList: ['Crowd'] }))],
    groups: [groupDetail('Ops', { AttachedManagedPolicies: [attach(policyArn('OpsPolicy'))] }), groupDetail('Crowd', { AttachedManagedPolicies: [attach(policyArn('CrowdPolicy'))] })],
    policies: [ops, managedPolicy('CrowdPolicy', policyDoc(allow('s3:GetObject', 'arn:aws:s3:::crowd/*')))],
  });
}

const narrow = policyDoc(allow('s3:GetObject', 'arn:aws:s3:::ops-reports/*'));
const everything = policyDoc(allow('*'));

let run: LocalRun;
let fake: FakeAws | undefined;
const lambda = mockClient(LambdaClient);
let onEvent: Handler<EventBridgeEvent<string, unknown>, EventsReport>;
let audit: Handler<ScheduledEvent, unknown>;

beforeAll(async () => {
  // A live account (no snapshot folder), the audit function to invoke, no wait before bursts fire.
  run = await localRun('fn-reach', { IAM_SENTINEL_SNAPSHOT_DIR: '', IAM_SENTINEL_AUDIT_FUNCTION: AUDIT_FUNCTION, IAM_SENTINEL_BURST_SETTLE_MS: '0' });
  captureOutput();
  ({ handler: onEvent } = (await import('../../functions/cloudtrail-event.js')) as unknown as { handler: typeof onEvent });
  ({ handler: audit } = (await import('../../functions/scheduled-audit.js')) as unknown as { handler: typeof audit });
});
afterEach(() => {
  fake?.restore();
  fake = undefined;
  lambda.reset();
});
afterAll(async () => {
  lambda.restore();
  await endRun(run);
});

describe('cloudtrail-event: a change reaches every principal whose rights it alters', () => {
  it('CreatePolicyVersion giving Ops\' policy * makes dana (console, no MFA, in Ops) privileged-user-no-mfa within the same invocation', async () => {
    fake = fakeAws(account(narrow));
    await audit(scheduledEvent('2026-11-01T00:00:00Z'), lambdaContext(AUDIT_FUNCTION));
    const before = await run.table.store.queryFindings({ resource: userArn('dana'), status: 'open', account: ACCOUNT });
    expect(before.map((f) => f.checkId)).toEqual(['user-console-no-mfa']);

    fake.restore();
    fake = fakeAws(account(everything));
    const record = iamCall('CreatePolicyVersion', {
      userIdentity: iamUser('ops-lead'),
      eventTime: '2026-11-01T01:00:00Z',
      requestParameters: { policyArn: policyArn('OpsPolicy'), policyDocument: policyJson([allow('*')]), setAsDefault: true },
      responseElements: { policyVersion: { versionId: 'v2', isDefaultVersion: true, createDate: 'Nov 1, 2026, 1:00:00 AM' } },
    });
    const report = await onEvent(envelope(record) as unknown as EventBridgeEvent<string, unknown>, lambdaContext(`${SERVICE}-cloudtrail-event`));

    expect(report).toMatchObject({ detections: 1, newDetections: 1, reevaluated: [policyArn('OpsPolicy')] });
    expect(report.fullAudit).toBeUndefined();
    const after = await run.table.store.queryFindings({ resource: userArn('dana'), account: ACCOUNT, status: 'all' });
    expect(after.map((f) => [f.checkId, f.status]).sort()).toEqual([
      ['privileged-user-no-mfa', 'open'],
      ['user-console-no-mfa', 'resolved'],
    ]);
    expect((await run.table.store.queryFindings({ checkId: 'admin-policy', status: 'open', account: ACCOUNT })).map((f) => f.resource)).toEqual([policyArn('OpsPolicy')]);
    // eli holds nothing of OpsPolicy: not read, not decided.
    expect(fake.iam.commandCalls((await import('@aws-sdk/client-iam')).GetUserCommand).map((c) => c.args[0].input.UserName)).toEqual(['dana']);
    expect(lambda.commandCalls(InvokeCommand)).toEqual([]);
  });

  it('a change reaching more principals than a re-evaluation reads decides the policy and asks the audit function for a full audit', async () => {
    fake = fakeAws(account(narrow, 30));
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const record = iamCall('SetDefaultPolicyVersion', {
      eventTime: '2026-11-01T02:00:00Z',
      requestParameters: { policyArn: policyArn('CrowdPolicy'), versionId: 'v1' },
    });
    const report = await onEvent(envelope(record) as unknown as EventBridgeEvent<string, unknown>, lambdaContext(`${SERVICE}-cloudtrail-event`));

    expect(report.fullAudit).toEqual({ requested: true, reasons: ['policy CrowdPolicy reaches 31 principals, more than the 25 re-evaluated per event'] });
    expect(report.detections).toBe(1); // policy-default-version-set
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call.args[0].input).toMatchObject({ FunctionName: AUDIT_FUNCTION, InvocationType: 'Event' });
    const payload = JSON.parse(new TextDecoder().decode(call.args[0].input.Payload as Uint8Array)) as FullAuditRequest;
    expect(payload).toEqual({ source: 'iam-sentinel', 'detail-type': 'Full audit requested', time: new Date(record.eventTime).toISOString(), detail: { reasons: report.fullAudit!.reasons } });
    expect(fake.iam.commandCalls((await import('@aws-sdk/client-iam')).GetUserCommand)).toEqual([]);
  });

  it('a full audit that cannot be requested fails the invocation, so Lambda retries it', async () => {
    fake = fakeAws(account(narrow, 30));
    lambda.on(InvokeCommand).rejects(new Error('Rate exceeded'));
    const record = iamCall('SetDefaultPolicyVersion', { eventTime: '2026-11-01T03:00:00Z', requestParameters: { policyArn: policyArn('CrowdPolicy'), versionId: 'v1' } });
    await expect(onEvent(envelope(record) as unknown as EventBridgeEvent<string, unknown>, lambdaContext(`${SERVICE}-cloudtrail-event`))).rejects.toThrow(
      /full audit owed \(policy CrowdPolicy reaches 31 principals.*\) could not be requested \(Error: Rate exceeded\)/,
    );
  });
});
