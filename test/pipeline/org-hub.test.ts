/**
 * The hub's three steps (shared/pipeline/org-hub.ts) against a fake
 * organization, mocked S3 and DynamoDB Local: the run's account list, one
 * account's audit through its role (or "failed" for an account that cannot
 * be read), and the run's report (failures recorded and counted in a row,
 * one digest, once).
 */
import { DescribeOrganizationCommand, ListAccountsCommand, ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeConfig } from '../../shared/config/schema.js';
import { EventInputError } from '../../shared/errors.js';
import { auditMemberAccount, reportOrganizationRun, startOrganizationRun } from '../../shared/pipeline/org-hub.js';
import type { NotificationSink, Notification } from '../../shared/notify/types.js';
import { failureReason, OrganizationRunFiles } from '../../shared/store/organization-runs.js';
import { NOW, rawAccount } from '../helpers/account.js';
import { fakeOrganization, type FakeOrganization } from '../helpers/organization.js';
import { freshStore, type TestStore } from '../store/harness.js';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const s3 = new S3Client({ region: 'us-east-1', credentials });
const s3Mock = mockClient(s3);
const objects = new Map<string, string>();
const files = new OrganizationRunFiles(s3, 'runs-bucket');

beforeEach(() => {
  objects.clear();
  s3Mock.reset();
  s3Mock.on(PutObjectCommand).callsFake((i: { Key: string; Body: string }) => void objects.set(i.Key, String(i.Body)));
  s3Mock.on(GetObjectCommand).callsFake((i: { Key: string }) => {
    const body = objects.get(i.Key);
    if (body === undefined) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    return { Body: { transformToString: async () => body } };
  });
  s3Mock.on(ListObjectsV2Command).callsFake((i: { Prefix: string }) => ({ Contents: [...objects.keys()].filter((k) => k.startsWith(i.Prefix)).map((Key) => ({ Key })) }));
});

describe('startOrganizationRun', () => {
  const organizations = new OrganizationsClient({ region: 'us-east-1', credentials });
  const orgMock = mockClient(organizations);
  beforeEach(() => {
    orgMock.reset();
    orgMock.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abcdef123456', MasterAccountId: '111111111111' } });
    orgMock.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: '111111111111', Name: 'management', State: 'ACTIVE' },
        { Id: '222222222222', Name: 'prod', State: 'ACTIVE' },
        { Id: '333333333333', Name: 'closing', State: 'PENDING_CLOSURE' },
      ],
    });
    orgMock.on(ListParentsCommand).resolves({ Parents: [{ Id: 'r-root', Type: 'ROOT' }] });
  });

  it('writes the ACTIVE accounts for the Map, and says where the results go', async () => {
    const run = await startOrganizationRun({ time: '2026-11-20T12:00:00Z', 'detail-type': 'Scheduled Event' }, { organizations, files }, 'run-1');
    expect(run).toEqual({
      id: 'run-1',
      time: '2026-11-20T12:00:00.000Z',
      organizationId: 'o-abcdef123456',
      managementAccountId: '111111111111',
      bucket: 'runs-bucket',
      accountsKey: 'runs/run-1/accounts.json',
      resultsPrefix: 'runs/run-1/results',
      accounts: 2,
      skipped: 1,
    });
    expect(JSON.parse(objects.get('runs/run-1/accounts.json')!).map((a: { id: string }) => a.id)).toEqual(['111111111111', '222222222222']);
  });

  it('a new spoke stack audits its account alone; a stack id that is no stack ARN is bad input', async () => {
    const stackId = 'arn:aws:cloudformation:us-east-1:222222222222:stack/StackSet-iam-sentinel-spoke-1234/abcd';
    const run = await startOrganizationRun({ time: '2026-11-20T12:00:00Z', stackId }, { organizations, files }, 'run-2');
    expect(run.accounts).toBe(1);
    expect(JSON.parse(objects.get('runs/run-2/accounts.json')!).map((a: { id: string }) => a.id)).toEqual(['222222222222']);
    await expect(startOrganizationRun({ stackId: 'nope' }, { organizations, files })).rejects.toThrow(EventInputError);
  });
});

describe('auditMemberAccount and reportOrganizationRun', () => {
  let org: FakeOrganization;
  let table: TestStore;
  const sent: Notification[] = [];
  const sink: NotificationSink = { name: 'test', send: async (n) => void sent.push(n) };
  const config = makeConfig({ notify: { minSeverity: 'critical' } });
  const item = (id: string, name: string) => ({ account: { id, name, status: 'ACTIVE', ouId: 'ou-1', ouName: 'Workloads' }, time: NOW.toISOString(), organizationId: 'o-abcdef123456', managementAccountId: '111111111111' });

  beforeEach(async () => {
    sent.length = 0;
    table = await freshStore('org-hub');
    org = fakeOrganization([
      { id: '111111111111', name: 'management', raw: rawAccount() },
      { id: '222222222222', name: 'prod', raw: rawAccount({ aliases: [] }) },
      { id: '333333333333', name: 'orphan' },
    ]);
  });
  afterEach(async () => {
    org.restore();
    await table.store.close();
  });

  const hub = () => ({
    config,
    store: table.store,
    sinks: [sink],
    access: org.access,
    organizationInputs: async () => ({ raw: { organizationsFeatures: { EnabledFeatures: [] } }, gaps: [] }),
  });

  it('audits one account through its role, under its own id, recording its name and OU', async () => {
    const audit = await auditMemberAccount(item('222222222222', 'prod'), hub());
    expect(audit.status).toBe('scanned');
    if (audit.status !== 'scanned') return;
    expect(audit.result.evaluation.account).toBe('222222222222');
    expect(audit.result.evaluation.findings.map((f) => f.checkId)).toEqual(['account-alias-missing']);
    expect((await table.store.listAccountRecords())[0]).toMatchObject({ account: '222222222222', name: 'prod', ouName: 'Workloads', lastAuditAt: NOW.toISOString() });
  });

  it('runs the organization checks with the management account', async () => {
    const audit = await auditMemberAccount(item('111111111111', 'management'), hub());
    expect(audit.status === 'scanned' && audit.result.evaluation.findings.map((f) => f.checkId)).toContain('root-credentials-unmanaged');
  });

  it('an account without the audit role is "failed" with the reason, and nothing of it is written', async () => {
    const audit = await auditMemberAccount(item('333333333333', 'orphan'), hub());
    expect(audit).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^cannot assume arn:aws:iam::333333333333:role\/iam-sentinel-audit: AccessDenied/) });
    expect(await table.store.listAccountRecords()).toEqual([]);
    expect(await table.store.queryFindings({ account: '333333333333' })).toEqual([]);
  });

  it("the hub's own account is audited with the function's own role, without assuming any", async () => {
    // The hub is the management account here (the fake's caller): no spoke role is assumed there.
    const own = { description: 'own account', collect: async () => { throw Object.assign(new Error('read with the own role'), { name: 'OwnRead' }); } };
    await expect(auditMemberAccount(item('111111111111', 'management'), { ...hub(), own })).rejects.toThrow('read with the own role');
    expect(org.assumed).toEqual([]);
    const other = await auditMemberAccount(item('222222222222', 'prod'), { ...hub(), own });
    expect(other.status).toBe('scanned');
    expect(org.assumed).toEqual(['arn:aws:iam::222222222222:role/iam-sentinel-audit']);
  });

  it('bad input is an EventInputError', async () => {
    await expect(auditMemberAccount({ account: { id: 'x' } }, hub())).rejects.toThrow(EventInputError);
  });

  it('the report records each failed item, counts failures in a row, and sends one digest, once however often it is retried', async () => {
    const run = { id: 'run-9', time: NOW.toISOString(), organizationId: 'o-abcdef123456', managementAccountId: '111111111111', accounts: 3, skipped: 1 };
    const manifest = 'runs/run-9/results/map-run-1/manifest.json';
    objects.set(manifest, JSON.stringify({ ResultFiles: { FAILED: [{ Key: 'runs/run-9/results/map-run-1/FAILED_0.json' }], SUCCEEDED: [{ Key: 'runs/run-9/results/map-run-1/SUCCEEDED_0.json' }], PENDING: [] } }));
    objects.set(
      'runs/run-9/results/map-run-1/FAILED_0.json',
      JSON.stringify([
        { Input: JSON.stringify(item('333333333333', 'orphan')), Error: 'AccountNotAudited', Cause: 'cannot assume arn:aws:iam::333333333333:role/iam-sentinel-audit: AccessDenied: no', Status: 'FAILED' },
        { Input: JSON.stringify(item('444444444444', 'slow')), Error: 'States.Timeout', Cause: null, Status: 'TIMED_OUT' },
      ]),
    );
    objects.set('runs/run-9/results/map-run-1/SUCCEEDED_0.json', JSON.stringify([{ Input: JSON.stringify(item('222222222222', 'prod')), Status: 'SUCCEEDED' }]));

    const report = await reportOrganizationRun({ run, results: { MapRunArn: 'arn', ResultWriterDetails: { Bucket: 'runs-bucket', Key: manifest } } }, { store: table.store, sinks: [sink], files });
    expect(report).toMatchObject({ accounts: 3, audited: 1, failedTwiceOrMore: 0, complete: true });
    expect(report.failed.map((f) => [f.id, f.reason])).toEqual([
      ['333333333333', 'cannot assume arn:aws:iam::333333333333:role/iam-sentinel-audit: AccessDenied: no'],
      ['444444444444', 'States.Timeout'],
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0].subject).toBe('[MEDIUM] IAM audit: 2 of 3 accounts not audited in o-abcdef123456');
    expect(sent[0].body).toContain('333333333333 orphan, Workloads: cannot assume');

    // Retried: nothing new. The next run fails the orphan again: twice in a row, and found by listing when the Map stopped early.
    await reportOrganizationRun({ run, results: { ResultWriterDetails: { Key: manifest } } }, { store: table.store, sinks: [sink], files });
    expect(sent).toHaveLength(1);
    const later = { ...run, id: 'run-10', time: new Date(NOW.getTime() + 43_200_000).toISOString() };
    objects.set('runs/run-10/results/map-run-2/manifest.json', objects.get(manifest)!);
    const second = await reportOrganizationRun({ run: later, mapError: { Error: 'States.ExceedToleratedFailureThreshold' } }, { store: table.store, sinks: [sink], files });
    expect(second).toMatchObject({ failedTwiceOrMore: 2, complete: false });
    expect(sent).toHaveLength(2);
    expect(sent[1].severity).toBe('high');
    expect(sent[1].body).toContain('(2 audits in a row)');
    const orphan = (await table.store.listAccountRecords()).find((r) => r.account === '333333333333');
    expect(orphan).toMatchObject({ consecutiveFailures: 2, failedAudits: 2, name: 'orphan' });
  });

  it('a run where every account was audited sends nothing', async () => {
    const run = { id: 'run-ok', time: NOW.toISOString(), organizationId: 'o-abcdef123456', managementAccountId: '111111111111', accounts: 1, skipped: 0 };
    objects.set('runs/run-ok/results/m/manifest.json', JSON.stringify({ ResultFiles: { FAILED: [], SUCCEEDED: [], PENDING: [] } }));
    const report = await reportOrganizationRun({ run, results: {} }, { store: table.store, sinks: [sink], files });
    expect(report).toMatchObject({ failed: [], complete: true });
    expect(sent).toEqual([]);
  });
});

describe('failureReason', () => {
  it('reads a Lambda error cause, a plain cause, or falls back to the error name', () => {
    expect(failureReason('Lambda.Unknown', JSON.stringify({ errorType: 'StoreConflictError', errorMessage: 'gave up', trace: ['a', 'b'] }))).toBe('StoreConflictError: gave up');
    expect(failureReason('AccountNotAudited', 'cannot assume x:\n  AccessDenied')).toBe('cannot assume x: AccessDenied');
    expect(failureReason('States.Timeout', null)).toBe('States.Timeout');
  });
});
