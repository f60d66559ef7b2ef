import { GetGroupCommand, GetLoginProfileCommand, GetUserCommand, IAMClient, ListEntitiesForPolicyCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import { collectEntity, NOT_COLLECTED_BY_ENTITY_FETCH } from '../../shared/collect/entity.js';
import { countingClients } from '../../shared/collect/counting.js';
import { createClients } from '../../shared/collect/clients.js';
import { parseCredentialReport } from '../../shared/snapshot/credential-report.js';
import { normalizeSnapshot } from '../../shared/snapshot/normalize.js';
import type { EntityRef } from '../../shared/model.js';
import type { RawSnapshot } from '../../shared/snapshot/types.js';
import {
  ACCOUNT,
  activeKey,
  allow,
  attach,
  awsPolicyArn,
  consoleUserRow,
  daysAgo,
  groupArn,
  groupDetail,
  managedPolicy,
  policyArn,
  policyDoc,
  rawAccount,
  roleArn,
  roleDetail,
  userArn,
  userDetail,
  userRow,
} from '../helpers/account.js';
import { accessDenied, fakeAws, type FakeAws } from './fake-aws.js';

const instant = async () => {};
let fake: FakeAws | undefined;
afterEach(() => {
  fake?.restore();
  fake = undefined;
});

const ref = (kind: EntityRef['kind'], name: string): EntityRef => ({
  kind,
  name,
  arn: { user: userArn, group: groupArn, role: roleArn, policy: policyArn }[kind](name),
});

const trustOther = policyDoc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777788889999:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x' } } });

/** alice: console user in Staff (OpsAccess), with a key and an inline policy; bob: workload user in Staff and Admins. */
function account(): RawSnapshot {
  return rawAccount({
    rows: [
      consoleUserRow('alice', { ...activeKey(1, 20, 3), ...activeKey(2, 200, null), access_key_2_active: 'false' }),
      userRow('bob', { ...activeKey(1, 10, 1), arn: `arn:aws:iam::${ACCOUNT}:user/ci/bob` }),
      userRow('carol'),
    ],
    users: [
      userDetail('alice', { GroupList: ['Staff'], UserPolicyList: [{ PolicyName: 'own', PolicyDocument: policyDoc(allow('sqs:*')) }] }),
      userDetail('bob', { GroupList: ['Staff', 'Admins'], Path: '/ci/', Arn: `arn:aws:iam::${ACCOUNT}:user/ci/bob` }),
      userDetail('carol', { GroupList: ['Admins'] }),
    ],
    groups: [
      groupDetail('Staff', { AttachedManagedPolicies: [attach(policyArn('OpsAccess'))] }),
      groupDetail('Admins', {
        AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))],
        GroupPolicyList: [{ PolicyName: 'extra', PolicyDocument: policyDoc(allow('iam:*')) }],
      }),
    ],
    roles: [
      roleDetail('auditor', {
        AssumeRolePolicyDocument: trustOther,
        AttachedManagedPolicies: [attach(policyArn('OpsAccess')), attach(awsPolicyArn('SecurityAudit'))],
        RolePolicyList: [{ PolicyName: 'logs', PolicyDocument: policyDoc(allow('logs:*')) }],
        RoleLastUsed: { LastUsedDate: daysAgo(5), Region: 'eu-west-1' },
      }),
    ],
    policies: [managedPolicy('OpsAccess', policyDoc(allow('s3:GetObject', 'arn:aws:s3:::reports/*')), { AttachmentCount: 2 })],
    // As these cases were written: the fake account lists no AWS managed policy.
    awsManagedDocuments: false,
  });
}

const normalized = (raw: RawSnapshot) => {
  const { snapshot, errors } = normalizeSnapshot(raw);
  expect(errors).toEqual([]);
  return snapshot;
};

describe('collectEntity: user', () => {
  it('reads the user, its groups and every policy involved, and a one-row credential report of the same facts', async () => {
    const live = account();
    fake = fakeAws(live);
    const { raw, scope } = await collectEntity(fake.clients.iam, ref('user', 'alice'), { sleep: instant });
    expect(scope).toEqual([userArn('alice')]);

    const full = live.authorizationDetails!;
    expect(raw.authorizationDetails).toEqual({
      UserDetailList: [full.UserDetailList[0]],
      GroupDetailList: [full.GroupDetailList[0]],
      RoleDetailList: [],
      Policies: [{ ...full.Policies[0], PolicyVersionList: [{ ...full.Policies[0].PolicyVersionList![0] }] }],
    });

    // The row per-entity calls rebuild is the full report's row for alice.
    const fullRow = parseCredentialReport(live.credentialReport!).byArn.get(userArn('alice'))!;
    const report = parseCredentialReport(raw.credentialReport!);
    expect(report.rows).toHaveLength(1);
    expect({ ...report.rows[0], line: 0 }).toEqual({ ...fullRow, line: 0 });

    expect(raw.gaps.map((g) => g.input)).toEqual([
      'passwordPolicy',
      'accountSummary',
      'virtualMfaDevices',
      'accountAliases',
      'trails',
      'serverCertificates',
      'accessAnalyzers',
      'securityContact',
    ]);
    expect(raw.gaps.every((g) => g.reason === NOT_COLLECTED_BY_ENTITY_FETCH)).toBe(true);
    normalized(raw);
  });

  it('costs calls per entity, not per account', async () => {
    fake = fakeAws(account());
    const counting = countingClients(fake.clients);
    await collectEntity(counting.clients.iam, ref('user', 'alice'), { sleep: instant });
    expect(counting.counts()).toEqual({
      GetUser: 1,
      GetLoginProfile: 1,
      ListMFADevices: 1,
      ListAccessKeys: 1,
      GetAccessKeyLastUsed: 2,
      GetCredentialReport: 1,
      ListGroupsForUser: 1,
      ListAttachedUserPolicies: 1,
      ListUserPolicies: 1,
      GetUserPolicy: 1,
      ListAttachedGroupPolicies: 1,
      ListGroupPolicies: 1,
      GetPolicy: 1,
      GetPolicyVersion: 1,
    });
  });

  it('a user without a login profile has no password; one without MFA devices has no MFA', async () => {
    fake = fakeAws(account());
    const { raw } = await collectEntity(fake.clients.iam, ref('user', 'bob'), { sleep: instant });
    const [row] = parseCredentialReport(raw.credentialReport!).rows;
    expect(row).toMatchObject({ arn: `arn:aws:iam::${ACCOUNT}:user/ci/bob`, passwordEnabled: false, passwordLastUsed: null, passwordLastChanged: null, mfaActive: false });
    expect(row.accessKeys[0]).toMatchObject({ active: true, lastUsedService: 's3' });
  });

  it('keeps access key slots as the last full report numbered them, and a password changed since its creation', async () => {
    const live = account();
    // The last report numbered alice's keys the other way round and saw a password change 5 days ago.
    const lastReport = rawAccount({
      rows: [consoleUserRow('alice', { ...activeKey(2, 20, 3), ...activeKey(1, 200, null), access_key_1_active: 'false', password_last_changed: daysAgo(5) })],
    }).credentialReport!;
    fake = fakeAws(live, { lastReport });
    const { raw } = await collectEntity(fake.clients.iam, ref('user', 'alice'), { sleep: instant });
    const [row] = parseCredentialReport(raw.credentialReport!).rows;
    expect(row.accessKeys.map((k) => [k.slot, k.active, k.lastRotated])).toEqual([
      [1, false, Date.parse(daysAgo(200))],
      [2, true, Date.parse(daysAgo(20))],
    ]);
    expect(row.passwordLastChanged).toBe(Date.parse(daysAgo(5)));
  });

  it('without a last report, keys take slots oldest first and the password dates from its login profile', async () => {
    fake = fakeAws(account(), { lastReport: null });
    const { raw } = await collectEntity(fake.clients.iam, ref('user', 'alice'), { sleep: instant });
    const [row] = parseCredentialReport(raw.credentialReport!).rows;
    expect(row.accessKeys.map((k) => k.lastRotated)).toEqual([Date.parse(daysAgo(200)), Date.parse(daysAgo(20))]);
    expect(row.passwordLastChanged).toBe(Date.parse(daysAgo(10)));
  });

  it('a deleted user: no user in the details, no row in the report, and the scope still names it', async () => {
    fake = fakeAws(account());
    const { raw, scope } = await collectEntity(fake.clients.iam, ref('user', 'mallory'), { sleep: instant });
    expect(scope).toEqual([userArn('mallory')]);
    expect(raw.authorizationDetails).toEqual({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] });
    expect(parseCredentialReport(raw.credentialReport!).rows).toEqual([]);
    expect(raw.gaps.map((g) => g.input)).not.toContain('credentialReport');
    expect(raw.gaps.map((g) => g.input)).not.toContain('authorizationDetails');
  });

  it('access denied on a credential call leaves the credential report out as a gap; the permissions are still read', async () => {
    fake = fakeAws(account());
    fake.iam.on(GetLoginProfileCommand).rejects(accessDenied('iam:GetLoginProfile'));
    const { raw, scope } = await collectEntity(fake.clients.iam, ref('user', 'alice'), { sleep: instant });
    expect(scope).toEqual([userArn('alice')]);
    expect(raw.credentialReport).toBeUndefined();
    expect(raw.gaps[0]).toEqual({ input: 'credentialReport', reason: expect.stringMatching(/^AccessDenied: .*iam:GetLoginProfile$/) });
    expect(raw.authorizationDetails!.UserDetailList.map((u) => u.UserName)).toEqual(['alice']);
  });

  it('access denied on GetUser: both inputs are gaps, nothing is guessed', async () => {
    fake = fakeAws(account());
    fake.iam.on(GetUserCommand).rejects(accessDenied('iam:GetUser'));
    const { raw } = await collectEntity(fake.clients.iam, ref('user', 'alice'), { sleep: instant });
    expect(raw.credentialReport).toBeUndefined();
    expect(raw.authorizationDetails).toBeUndefined();
    expect(raw.gaps.slice(0, 2).map((g) => [g.input, g.reason.startsWith('GetUser alice: AccessDenied')])).toEqual([
      ['credentialReport', true],
      ['authorizationDetails', true],
    ]);
  });
});

describe('collectEntity: group', () => {
  it('reads the group, its policies and its members as users; the scope names the group and each member', async () => {
    fake = fakeAws(account());
    const { raw, scope } = await collectEntity(fake.clients.iam, ref('group', 'Admins'), { sleep: instant });
    expect(scope).toEqual([groupArn('Admins'), `arn:aws:iam::${ACCOUNT}:user/ci/bob`, userArn('carol')]);
    const details = raw.authorizationDetails!;
    expect(details.UserDetailList.map((u) => u.UserName)).toEqual(['bob', 'carol']);
    // bob's other group comes along: his rights are the sum of both.
    expect(details.GroupDetailList.map((g) => g.GroupName).sort()).toEqual(['Admins', 'Staff']);
    expect(details.GroupDetailList.find((g) => g.GroupName === 'Admins')!.GroupPolicyList).toEqual([{ PolicyName: 'extra', PolicyDocument: policyDoc(allow('iam:*')) }]);
    // AdministratorAccess is AWS managed and not in this fake account's policy list: GetPolicy says NoSuchEntity and it is left out.
    expect(details.Policies.map((p) => p.PolicyName)).toEqual(['OpsAccess']);
    expect(parseCredentialReport(raw.credentialReport!).rows.map((r) => r.user)).toEqual(['bob', 'carol']);
    normalized(raw);
  });

  it('reads each shared group and policy once, however many members share it', async () => {
    fake = fakeAws(account());
    const counting = countingClients(fake.clients);
    await collectEntity(counting.clients.iam, ref('group', 'Admins'), { sleep: instant });
    expect(counting.counts()).toMatchObject({ GetGroup: 1, ListGroupPolicies: 2, GetGroupPolicy: 1, GetPolicy: 2, GetPolicyVersion: 1, GetCredentialReport: 1, GetUser: 2 });
  });

  it('past maxPrincipals (the group and its members) it reads the group alone and owes a full audit', async () => {
    fake = fakeAws(account());
    const { raw, scope, fullAudit } = await collectEntity(fake.clients.iam, ref('group', 'Admins'), { sleep: instant, maxPrincipals: 2 });
    expect(scope).toEqual([groupArn('Admins')]);
    expect(raw.authorizationDetails!.UserDetailList).toEqual([]);
    expect(raw.authorizationDetails!.GroupDetailList.map((g) => g.GroupName)).toEqual(['Admins']);
    expect(fullAudit).toBe('group Admins reaches 3 principals, more than the 2 re-evaluated per event');
    expect(fake.iam.commandCalls(GetUserCommand)).toEqual([]);
    // At the bound, all are read.
    expect((await collectEntity(fake.clients.iam, ref('group', 'Admins'), { sleep: instant, maxPrincipals: 3 })).fullAudit).toBeUndefined();
  });

  it('a member that cannot be read is left out of data and scope and owes a full audit; the group is still decided', async () => {
    fake = fakeAws(account());
    fake.iam.on(GetUserCommand, { UserName: 'carol' }).rejects(accessDenied('iam:GetUser'));
    const { raw, scope, fullAudit } = await collectEntity(fake.clients.iam, ref('group', 'Admins'), { sleep: instant });
    expect(scope).toEqual([groupArn('Admins'), `arn:aws:iam::${ACCOUNT}:user/ci/bob`]);
    expect(raw.gaps.map((g) => g.input)).not.toContain('authorizationDetails');
    expect(fullAudit).toMatch(/^group Admins: 1 principal could not be read, first user carol \(GetUser carol: AccessDenied/);
  });

  it('pages through a large membership', async () => {
    fake = fakeAws(account());
    fake.iam
      .on(GetGroupCommand)
      .resolvesOnce({ Group: { GroupName: 'Admins', GroupId: 'AGPAX', Path: '/', Arn: groupArn('Admins'), CreateDate: new Date('2025-01-01T00:00:00Z') }, Users: [{ UserName: 'bob', UserId: 'x', Path: '/ci/', Arn: `arn:aws:iam::${ACCOUNT}:user/ci/bob`, CreateDate: new Date() }], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ Group: { GroupName: 'Admins', GroupId: 'AGPAX', Path: '/', Arn: groupArn('Admins'), CreateDate: new Date('2025-01-01T00:00:00Z') }, Users: [{ UserName: 'carol', UserId: 'y', Path: '/', Arn: userArn('carol'), CreateDate: new Date() }], IsTruncated: false });
    const { scope } = await collectEntity(fake.clients.iam, ref('group', 'Admins'), { sleep: instant });
    expect(scope).toEqual([groupArn('Admins'), `arn:aws:iam::${ACCOUNT}:user/ci/bob`, userArn('carol')]);
    expect(fake.iam.commandCalls(GetGroupCommand).map((c) => c.args[0].input.Marker)).toEqual([undefined, 'm1']);
  });

  it('a deleted group: empty details, an empty report, the scope still naming it', async () => {
    fake = fakeAws(account());
    const { raw, scope } = await collectEntity(fake.clients.iam, ref('group', 'Gone'), { sleep: instant });
    expect(scope).toEqual([groupArn('Gone')]);
    expect(raw.authorizationDetails).toEqual({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] });
    expect(parseCredentialReport(raw.credentialReport!).rows).toEqual([]);
  });
});

describe('collectEntity: role', () => {
  it('reads the trust policy, last use, path and policies; no credential report is involved', async () => {
    const live = account();
    fake = fakeAws(live);
    const { raw, scope } = await collectEntity(fake.clients.iam, ref('role', 'auditor'), { sleep: instant });
    expect(scope).toEqual([roleArn('auditor')]);
    const { InstanceProfileList: _p, ...expected } = live.authorizationDetails!.RoleDetailList.find((r) => r.RoleName === 'auditor')!;
    expect(raw.authorizationDetails!.RoleDetailList).toEqual([expected]);
    expect(raw.authorizationDetails!.RoleDetailList[0].AssumeRolePolicyDocument).toEqual(trustOther);
    expect(raw.authorizationDetails!.RoleDetailList[0].RoleLastUsed).toEqual({ LastUsedDate: daysAgo(5), Region: 'eu-west-1' });
    expect(raw.authorizationDetails!.Policies.map((p) => p.Arn)).toEqual([policyArn('OpsAccess')]);
    expect(raw.credentialReport).toBeUndefined();
    expect(raw.gaps.map((g) => g.input)).toContain('credentialReport');
    normalized(raw);
  });

  it('a deleted role: empty details and the scope still naming it', async () => {
    fake = fakeAws(account());
    const { raw, scope } = await collectEntity(fake.clients.iam, ref('role', 'gone'), { sleep: instant });
    expect(scope).toEqual([roleArn('gone')]);
    expect(raw.authorizationDetails).toEqual({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] });
  });
});

describe('collectEntity: policy', () => {
  it('reads the policy, its default version, and every principal holding it: users, groups, their members, roles', async () => {
    const live = account();
    fake = fakeAws(live);
    const { raw, scope, fullAudit } = await collectEntity(fake.clients.iam, ref('policy', 'OpsAccess'), { sleep: instant });
    // OpsAccess is attached to group Staff (alice, bob) and role auditor.
    expect(scope).toEqual([policyArn('OpsAccess'), groupArn('Staff'), userArn('alice'), `arn:aws:iam::${ACCOUNT}:user/ci/bob`, roleArn('auditor')]);
    expect(fullAudit).toBeUndefined();
    expect(raw.authorizationDetails!.Policies).toEqual(live.authorizationDetails!.Policies);
    expect(raw.authorizationDetails!.UserDetailList.map((u) => u.UserName)).toEqual(['alice', 'bob']);
    expect(raw.authorizationDetails!.RoleDetailList.map((r) => r.RoleName)).toEqual(['auditor']);
    expect(parseCredentialReport(raw.credentialReport!).rows.map((r) => r.user)).toEqual(['alice', 'bob']);
    const snapshot = normalized(raw);
    expect(snapshot.authorizationDetails!.policies[0]).toMatchObject({ arn: policyArn('OpsAccess'), attachmentCount: 2, defaultVersionId: 'v1' });
    expect(snapshot.authorizationDetails!.policies[0].document!.statements[0].action).toEqual(['s3:GetObject']);
  });

  it('past maxPrincipals, or when its holders cannot be listed, it reads the policy alone and owes a full audit', async () => {
    fake = fakeAws(account());
    const over = await collectEntity(fake.clients.iam, ref('policy', 'OpsAccess'), { sleep: instant, maxPrincipals: 3 });
    expect(over.scope).toEqual([policyArn('OpsAccess')]);
    expect(over.fullAudit).toBe('policy OpsAccess reaches 4 principals, more than the 3 re-evaluated per event');
    expect(over.raw.authorizationDetails!.UserDetailList).toEqual([]);
    expect(over.raw.gaps.map((g) => g.input)).toContain('credentialReport');

    fake.iam.on(ListEntitiesForPolicyCommand).rejects(accessDenied('iam:ListEntitiesForPolicy'));
    const denied = await collectEntity(fake.clients.iam, ref('policy', 'OpsAccess'), { sleep: instant });
    expect(denied.scope).toEqual([policyArn('OpsAccess')]);
    expect(denied.fullAudit).toMatch(/^the holders of policy OpsAccess could not be listed: ListEntitiesForPolicy .*AccessDenied/);
  });

  it('a deleted policy: empty details and the scope still naming it', async () => {
    fake = fakeAws(account());
    const { raw, scope } = await collectEntity(fake.clients.iam, ref('policy', 'Gone'), { sleep: instant });
    expect(scope).toEqual([policyArn('Gone')]);
    expect(raw.authorizationDetails!.Policies).toEqual([]);
  });
});

describe('clients', () => {
  it('creates no client until one is used, and uses injected ones as given', () => {
    const iam = new IAMClient({ region: 'us-east-1' });
    const clients = createClients({ iam });
    expect(clients.iam).toBe(iam);
    expect(clients.cloudTrailIn('eu-west-1')).toBe(clients.cloudTrailIn('eu-west-1'));
  });
});
