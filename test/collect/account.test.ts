import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { collectAccount, type CollectProgress } from '../../shared/collect/account.js';
import { countingClients } from '../../shared/collect/counting.js';
import { readSnapshotFolder, writeSnapshotFolder } from '../../shared/snapshot/folder.js';
import { normalizeSnapshot } from '../../shared/snapshot/normalize.js';
import type { RawSnapshot } from '../../shared/snapshot/types.js';
import {
  ACCOUNT,
  attach,
  allow,
  consoleUserRow,
  groupDetail,
  managedPolicy,
  policyArn,
  policyDoc,
  rawAccount,
  roleDetail,
  userDetail,
  userRow,
  activeKey,
  goodTrail,
} from '../helpers/account.js';
import { accessDenied, awsError, fakeAws, throttled, type FakeAws } from './fake-aws.js';

const instant = async () => {};
let fake: FakeAws | undefined;
afterEach(() => {
  fake?.restore();
  fake = undefined;
});

/** An account with something in every input, policies in both document forms. */
function richAccount(): RawSnapshot {
  return rawAccount({
    rows: [consoleUserRow('alice'), userRow('build-agent', activeKey(1, 30, 2))],
    users: [
      userDetail('alice', { GroupList: ['Staff'] }),
      userDetail('build-agent', { GroupList: [], UserPolicyList: [{ PolicyName: 'push', PolicyDocument: policyDoc(allow('ecr:*')) }] }),
    ],
    groups: [groupDetail('Staff', { AttachedManagedPolicies: [attach(policyArn('OpsAccess'))] })],
    roles: [roleDetail('support', { AttachedManagedPolicies: [attach('arn:aws:iam::aws:policy/AWSSupportAccess')] })],
    policies: [managedPolicy('OpsAccess', policyDoc(allow('s3:GetObject', 'arn:aws:s3:::reports/*')))],
    virtualMfaDevices: [
      { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, User: { UserName: 'alice', Arn: `arn:aws:iam::${ACCOUNT}:user/alice`, CreateDate: '2025-01-01T00:00:00+00:00' }, EnableDate: '2025-01-02T00:00:00+00:00' },
      { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`, EnableDate: '2024-01-02T00:00:00+00:00' },
      { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/spare` },
    ],
  });
}

/** 2,500 users in 5 groups: three pages of authorization details at 1,000 items a page. */
function largeAccount(users: number): RawSnapshot {
  const names = Array.from({ length: users }, (_, i) => `user-${String(i).padStart(4, '0')}`);
  const groups = ['Staff', 'Dev', 'Ops', 'Data', 'Audit'];
  return rawAccount({
    rows: names.map((n) => consoleUserRow(n)),
    users: names.map((n, i) => userDetail(n, { GroupList: [groups[i % groups.length]] })),
    groups: groups.map((g) => groupDetail(g)),
  });
}

describe('collectAccount', () => {
  it('collects every input in the AWS CLI formats: what the account holds, dates as ISO strings, documents decoded', async () => {
    const account = richAccount();
    fake = fakeAws(account, { detailsPageSize: 2, mfaPageSize: 2 });
    const raw = await collectAccount(fake.clients, { sleep: instant });
    expect(raw).toEqual(account);
    // The SDK gave Date objects and URL-encoded documents; the snapshot holds neither.
    expect(raw.authorizationDetails!.UserDetailList[0].CreateDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(raw.authorizationDetails!.Policies[0].PolicyVersionList![0].Document).toEqual(policyDoc(allow('s3:GetObject', 'arn:aws:s3:::reports/*')));
    expect(raw.virtualMfaDevices!.VirtualMFADevices[0].EnableDate).toBe('2025-01-02T00:00:00+00:00');
  });

  it('merges every page of authorization details and virtual MFA devices', async () => {
    const account = richAccount();
    fake = fakeAws(account, { detailsPageSize: 2, mfaPageSize: 2 });
    const raw = await collectAccount(fake.clients, { sleep: instant });
    const detailCalls = fake.iam.commandCalls(GetAccountAuthorizationDetailsCommand);
    // 2 users + 1 group + 1 role + 2 policies (OpsAccess, and the support role's AWS managed AWSSupportAccess) at 2 a page.
    expect(detailCalls.map((c) => c.args[0].input.Marker)).toEqual([undefined, '2', '4']);
    expect(detailCalls[0].args[0].input).toMatchObject({ MaxItems: 1000, Filter: ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'] });
    expect(raw.authorizationDetails!.UserDetailList.map((u) => u.UserName)).toEqual(['alice', 'build-agent']);
    expect(raw.authorizationDetails!.GroupDetailList.map((g) => g.GroupName)).toEqual(['Staff']);
    expect(raw.authorizationDetails!.RoleDetailList.map((r) => r.RoleName)).toEqual(['support']);
    expect(raw.authorizationDetails!.Policies.map((p) => p.PolicyName)).toEqual(['OpsAccess', 'AWSSupportAccess']);
    expect(fake.iam.commandCalls(ListVirtualMFADevicesCommand)).toHaveLength(2);
    expect(raw.virtualMfaDevices!.VirtualMFADevices.map((d) => d.SerialNumber.split('/').pop())).toEqual(['alice', 'root-account-mfa-device', 'spare']);
  });

  it('retries throttled calls with backoff and then succeeds', async () => {
    const account = richAccount();
    fake = fakeAws(account);
    fake.iam.on(GetAccountAuthorizationDetailsCommand).rejectsOnce(throttled()).rejectsOnce(awsError('ThrottlingException')).callsFake(() => ({
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
      IsTruncated: false,
    }));
    fake.cloudTrail.on(DescribeTrailsCommand).rejectsOnce(throttled()).resolves({ trailList: [] });
    const sleep = vi.fn(async (_ms: number) => {});
    const raw = await collectAccount(fake.clients, { sleep, retry: { random: () => 0.5, baseDelayMs: 200 } });
    expect(raw.gaps).toEqual([]);
    expect(fake.iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(3);
    expect(raw.trails).toEqual({ trailList: [] });
    // Exponential with jitter: half of 200·2^attempt here, for the details' two retries and the trails' one.
    expect(sleep.mock.calls.map(([ms]) => ms).sort((a, b) => a - b)).toEqual([100, 100, 200]);
  });

  it('gives up on an input still throttled after the last attempt, as a gap', async () => {
    fake = fakeAws(richAccount());
    fake.iam.on(GetAccountPasswordPolicyCommand).rejects(throttled());
    const raw = await collectAccount(fake.clients, { sleep: instant, retry: { maxAttempts: 3 } });
    expect(fake.iam.commandCalls(GetAccountPasswordPolicyCommand)).toHaveLength(3);
    expect(raw.passwordPolicy).toBeUndefined();
    expect(raw.gaps).toEqual([{ input: 'passwordPolicy', reason: 'Throttling: Rate exceeded' }]);
  });

  it('polls while the credential report is being generated (STARTED, then ReportInProgress), then fetches it', async () => {
    const account = richAccount();
    fake = fakeAws(account);
    fake.iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolvesOnce({ State: 'INPROGRESS' }).resolves({ State: 'COMPLETE' });
    fake.iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportNotReadyException({ message: 'Report is in progress', $metadata: {} }))
      .rejectsOnce(awsError('ReportInProgress', 'Report is in progress', 404))
      .resolves({ Content: new TextEncoder().encode(account.credentialReport), ReportFormat: 'text/csv' });
    const sleep = vi.fn(async (_ms: number) => {});
    const raw = await collectAccount(fake.clients, { sleep });
    expect(fake.iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(fake.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(3);
    expect(raw.credentialReport).toBe(account.credentialReport);
    expect(raw.gaps).toEqual([]);
    expect(sleep).toHaveBeenCalledTimes(4);
  });

  it('a report that never finishes becomes a gap after the configured polls, not a hang', async () => {
    fake = fakeAws(richAccount());
    fake.iam.on(GenerateCredentialReportCommand).resolves({ State: 'STARTED' });
    const raw = await collectAccount(fake.clients, { sleep: instant, reportPolling: { maxPolls: 5 } });
    expect(fake.iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(5);
    expect(raw.credentialReport).toBeUndefined();
    expect(raw.gaps).toEqual([{ input: 'credentialReport', reason: 'the credential report was still STARTED after 5 polls' }]);
  });

  it('access denied on one input becomes a gap naming why; the rest is collected', async () => {
    const account = richAccount();
    fake = fakeAws(account);
    fake.iam.on(GetAccountAuthorizationDetailsCommand).rejects(accessDenied('iam:GetAccountAuthorizationDetails'));
    fake.cloudTrail.on(GetTrailStatusCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: cloudtrail:GetTrailStatus', 403));
    const progress: CollectProgress[] = [];
    const raw = await collectAccount(fake.clients, { sleep: instant, onProgress: (p) => progress.push(p) });
    expect(raw.authorizationDetails).toBeUndefined();
    expect(raw.trails).toBeUndefined();
    expect(raw.gaps).toEqual([
      {
        input: 'authorizationDetails',
        reason: `AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: iam:GetAccountAuthorizationDetails`,
      },
      { input: 'trails', reason: `GetTrailStatus ${goodTrail.TrailARN}: AccessDeniedException: not authorized to perform: cloudtrail:GetTrailStatus` },
    ]);
    const { authorizationDetails: _d, trails: _t, gaps: _g, ...rest } = account;
    expect(raw).toMatchObject(rest);
    // One report per input, as each finishes.
    expect(progress.map((p) => p.input).sort()).toEqual(
      [
        'accessAnalyzers',
        'accountAliases',
        'accountSummary',
        'authorizationDetails',
        'credentialReport',
        'passwordPolicy',
        'securityContact',
        'serverCertificates',
        'trails',
        'virtualMfaDevices',
      ],
    );
    expect(progress.filter((p) => p.outcome === 'gap').map((p) => p.input).sort()).toEqual(['authorizationDetails', 'trails']);
  });

  it('an account without a password policy says so ({"PasswordPolicy": null}), which is not a gap', async () => {
    fake = fakeAws(rawAccount({ passwordPolicy: null }));
    const raw = await collectAccount(fake.clients, { sleep: instant });
    expect(raw.passwordPolicy).toEqual({ PasswordPolicy: null });
    expect(raw.gaps).toEqual([]);
  });

  it('an empty account is collected as empty, never as missing', async () => {
    const empty: RawSnapshot = {
      credentialReport: rawAccount({ rows: [] }).credentialReport,
      authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
      passwordPolicy: { PasswordPolicy: null },
      accountSummary: { SummaryMap: { Users: 0 } },
      virtualMfaDevices: { VirtualMFADevices: [] },
      accountAliases: { AccountAliases: [] },
      trails: { trailList: [] },
      serverCertificates: { ServerCertificateMetadataList: [] },
      accessAnalyzers: { analyzers: [] },
      securityContact: { AlternateContact: null },
      gaps: [],
    };
    fake = fakeAws(empty);
    const raw = await collectAccount(fake.clients, { sleep: instant });
    expect(raw).toEqual(empty);
    const { snapshot, errors } = normalizeSnapshot(raw);
    expect(errors).toEqual([]);
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.accountId).toBe(ACCOUNT);
  });

  it('asks a shadow trail for its status and selectors in its home region, by ARN', async () => {
    const shadow = { ...goodTrail, Name: 'eu-org', HomeRegion: 'eu-west-1', TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/eu-org` };
    fake = fakeAws(rawAccount({ trails: [goodTrail, shadow] }));
    const regions: string[] = [];
    const clients = { ...fake.clients, iam: fake.clients.iam, cloudTrail: fake.clients.cloudTrail };
    clients.cloudTrailIn = (region: string) => {
      regions.push(region);
      return fake!.clients.cloudTrailIn(region);
    };
    const raw = await collectAccount(clients, { sleep: instant });
    expect(regions).toEqual(['eu-west-1']);
    expect(raw.trails!.trailList.map((t) => [t.Name, t.IsLogging])).toEqual([
      ['org', true],
      ['eu-org', true],
    ]);
    expect(fake.cloudTrail.commandCalls(GetTrailStatusCommand).map((c) => c.args[0].input.Name)).toEqual([goodTrail.TrailARN, shadow.TrailARN]);
  });

  it('round-trips through a snapshot folder and normalizes without errors', async () => {
    const account = richAccount();
    fake = fakeAws(account);
    const raw = await collectAccount(fake.clients, { sleep: instant });
    const dir = await mkdtemp(join(tmpdir(), 'iam-sentinel-collect-'));
    try {
      await writeSnapshotFolder(dir, raw);
      const read = await readSnapshotFolder(dir);
      expect(read.errors).toEqual([]);
      expect(read.raw).toEqual(raw);
      expect(read.snapshot.gaps).toEqual([]);
      expect(read.snapshot.accountId).toBe(ACCOUNT);
      expect(read.snapshot.authorizationDetails!.userByName.get('build-agent')!.inlinePolicies[0].document.statements[0].action).toEqual(['ecr:*']);
      expect(read.snapshot.trails![0]).toMatchObject({ isLogging: true, recordsAllManagementEvents: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('costs calls per page, never per user: 2,500 users take 3 pages of authorization details and nothing more', async () => {
    const count = async (users: number) => {
      fake = fakeAws(largeAccount(users));
      const counting = countingClients(fake.clients);
      const raw = await collectAccount(counting.clients, { sleep: instant });
      expect(raw.gaps).toEqual([]);
      expect(raw.authorizationDetails!.UserDetailList).toHaveLength(users);
      fake.restore();
      fake = undefined;
      return counting.counts();
    };
    const large = await count(2500);
    expect(large).toEqual({
      GenerateCredentialReport: 1,
      GetCredentialReport: 1,
      GetAccountAuthorizationDetails: 3,
      GetAccountPasswordPolicy: 1,
      GetAccountSummary: 1,
      ListVirtualMFADevices: 1,
      ListAccountAliases: 1,
      DescribeTrails: 1,
      GetTrailStatus: 1,
      GetEventSelectors: 1,
      ListServerCertificates: 1,
      ListAnalyzers: 1,
      GetAlternateContact: 1,
    });
    // Ten times fewer users, the same calls but for two pages fewer.
    const small = await count(250);
    expect(small).toEqual({ ...large, GetAccountAuthorizationDetails: 1 });
  });

  it('uses the existing credential report when generating one is denied, and says so with its age', async () => {
    const account = richAccount();
    fake = fakeAws(account);
    fake.iam.on(GenerateCredentialReportCommand).rejects(accessDenied('iam:GenerateCredentialReport'));
    fake.iam.on(GetCredentialReportCommand).resolves({
      Content: new TextEncoder().encode(account.credentialReport),
      ReportFormat: 'text/csv',
      GeneratedTime: new Date('2026-11-01T06:00:00Z'),
    });
    const progress: CollectProgress[] = [];
    const raw = await collectAccount(fake.clients, { sleep: instant, clock: () => new Date('2026-11-01T09:30:00Z'), onProgress: (p) => progress.push(p) });
    expect(raw.gaps).toEqual([]);
    expect(raw.credentialReport).toBe(account.credentialReport);
    const note = `GenerateCredentialReport was denied (AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: iam:GenerateCredentialReport): used the account's existing credential report, generated 2026-11-01T06:00:00.000Z, 3 hours before this collection`;
    expect(raw.notes).toEqual([{ input: 'credentialReport', message: note }]);
    expect(progress.find((p) => p.input === 'credentialReport')).toEqual({ input: 'credentialReport', outcome: 'collected', note });
  });

  it('is a gap naming both calls when generating is denied and no existing report can be read', async () => {
    fake = fakeAws(richAccount(), { lastReport: null });
    fake.iam.on(GenerateCredentialReportCommand).rejects(accessDenied('iam:GenerateCredentialReport'));
    const raw = await collectAccount(fake.clients, { sleep: instant });
    expect(raw.credentialReport).toBeUndefined();
    expect(raw.gaps).toEqual([
      {
        input: 'credentialReport',
        reason: `GenerateCredentialReport: AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: iam:GenerateCredentialReport; and no existing report could be used instead (GetCredentialReport: CredentialReportNotPresentException: no report)`,
      },
    ]);
  });

  it('does not fall back on a failure that is not a denial (throttled to the end)', async () => {
    fake = fakeAws(richAccount());
    fake.iam.on(GenerateCredentialReportCommand).rejects(throttled());
    const raw = await collectAccount(fake.clients, { sleep: instant, retry: { maxAttempts: 2 } });
    expect(raw.gaps).toEqual([{ input: 'credentialReport', reason: 'Throttling: Rate exceeded' }]);
    expect(fake.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
  });

  it('never keeps a virtual MFA device seed or QR code, binary or text', async () => {
    fake = fakeAws(richAccount());
    fake.iam.on(ListVirtualMFADevicesCommand).resolves({
      VirtualMFADevices: [
        { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/a`, Base32StringSeed: new TextEncoder().encode('SEEDSEED'), QRCodePNG: new Uint8Array([1, 2]) },
        { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/b`, ...({ Base32StringSeed: 'U0VFRA==', QRCodePNG: 'iVBO' } as object) },
      ],
      IsTruncated: false,
    });
    const raw = await collectAccount(fake.clients, { sleep: instant });
    expect(raw.virtualMfaDevices).toEqual({ VirtualMFADevices: [{ SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/a` }, { SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/b` }] });
  });

  it('reads live answers as a folder is read: a missing PolicyName derived alike, a bad document named alike', async () => {
    const account = richAccount();
    const { PolicyName: _name, ...nameless } = account.authorizationDetails!.Policies[0];
    account.authorizationDetails!.Policies = [nameless, managedPolicy('Broken', policyDoc({ Effect: 'Maybe', Action: '*', Resource: '*' }))];
    fake = fakeAws(account);
    const raw = await collectAccount(fake.clients, { sleep: instant });
    const live = normalizeSnapshot(raw);
    expect(live.snapshot.gaps.map((g) => g.input)).toEqual(['authorizationDetails']);
    expect(live.errors.map((e) => e.message)).toEqual([
      'authorization-details.json: Policies[1].PolicyVersionList[0].Document.Statement[0].Effect: expected Effect "Allow" or "Deny"',
    ]);
    const dir = await mkdtemp(join(tmpdir(), 'iam-sentinel-collect-'));
    try {
      await writeSnapshotFolder(dir, raw);
      const folder = await readSnapshotFolder(dir);
      expect(folder.snapshot.gaps).toEqual(live.snapshot.gaps);
      expect(folder.errors.map((e) => e.message)).toEqual(live.errors.map((e) => e.message.replace('authorization-details.json', join(dir, 'authorization-details.json'))));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Without the broken policy, the nameless one is read by its ARN's name.
    account.authorizationDetails!.Policies = [nameless];
    fake.restore();
    fake = fakeAws(account);
    const whole = normalizeSnapshot(await collectAccount(fake.clients, { sleep: instant }));
    expect(whole.errors).toEqual([]);
    expect(whole.snapshot.authorizationDetails!.policies.map((p) => p.name)).toEqual(['OpsAccess']);
  });
});
