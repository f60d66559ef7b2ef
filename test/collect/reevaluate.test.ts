import { afterEach, describe, expect, it } from 'vitest';
import { collectAccount } from '../../shared/collect/account.js';
import { checksFor, reevaluateEntity } from '../../shared/collect/reevaluate.js';
import { CHECKS } from '../../shared/checks/index.js';
import { makeConfig } from '../../shared/config/schema.js';
import { evaluate } from '../../shared/engine/evaluate.js';
import type { EntityRef } from '../../shared/model.js';
import { normalizeSnapshot } from '../../shared/snapshot/normalize.js';
import type { RawSnapshot } from '../../shared/snapshot/types.js';
import {
  ACCOUNT,
  NOW,
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
import { fakeAws, type FakeAws } from './fake-aws.js';

const instant = async () => {};
const config = makeConfig({});
let fake: FakeAws | undefined;
afterEach(() => {
  fake?.restore();
  fake = undefined;
});

const user = (name: string): EntityRef => ({ kind: 'user', name, arn: userArn(name) });

/** A varied account: each user fails (or passes) different user checks. */
function account(): RawSnapshot {
  return rawAccount({
    rows: [
      consoleUserRow('alice'),
      consoleUserRow('quinn', { mfa_active: 'false', password_last_changed: daysAgo(120), ...activeKey(1, 150, 2) }),
      consoleUserRow('root-like', { mfa_active: 'false' }),
      userRow('build-agent', { ...activeKey(1, 30, null), ...activeKey(2, 100, 60) }),
      consoleUserRow('stale', { password_last_used: daysAgo(80) }),
    ],
    users: [
      userDetail('alice'),
      userDetail('quinn'),
      userDetail('root-like', { GroupList: ['Admins'] }),
      userDetail('build-agent', { GroupList: [], UserPolicyList: [{ PolicyName: 'push', PolicyDocument: policyDoc(allow('ecr:*')) }] }),
      userDetail('stale', { AttachedManagedPolicies: [attach(policyArn('Everything'))] }),
    ],
    groups: [groupDetail('Staff'), groupDetail('Admins', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] })],
    policies: [managedPolicy('Everything', policyDoc(allow('*')))],
  });
}

describe('checksFor', () => {
  it('never picks an account-wide check, and a group also decides its members', () => {
    for (const kind of ['user', 'group', 'role', 'policy'] as const) {
      expect(checksFor(kind).filter((c) => c.resourceKinds.includes('account'))).toEqual([]);
    }
    expect(checksFor('user').map((c) => c.id)).toContain('user-console-no-mfa');
    expect(checksFor('user').map((c) => c.id)).not.toContain('root-mfa');
    expect(checksFor('group').map((c) => c.id)).toEqual(expect.arrayContaining(['inline-policy', 'privileged-user-no-mfa']));
    expect(checksFor('role').map((c) => c.id)).toEqual(expect.arrayContaining(['role-trust-any-principal', 'unused-role']));
    expect(checksFor('policy').map((c) => c.id)).toEqual(expect.arrayContaining(['admin-policy', 'service-wildcard']));
  });
});

describe('reevaluateEntity', () => {
  it('a user who just lost MFA: user-console-no-mfa opens, though the last full report still shows MFA', async () => {
    const before = rawAccount({ rows: [consoleUserRow('alice')], users: [userDetail('alice')] });
    const now = rawAccount({ rows: [consoleUserRow('alice', { mfa_active: 'false' })], users: [userDetail('alice')] });
    fake = fakeAws(now, { lastReport: before.credentialReport });
    const { evaluation: result } = await reevaluateEntity(fake.clients.iam, user('alice'), config, NOW, CHECKS, { sleep: instant });
    expect(result.findings.map((f) => [f.checkId, f.resource])).toEqual([['user-console-no-mfa', userArn('alice')]]);
    expect(result.account).toBe(ACCOUNT);
    expect(result.scope).toEqual({ resources: [userArn('alice')] });
    expect(result.evaluatedChecks).toContain('user-console-no-mfa');
    expect(result.evaluatedChecks).not.toContain('root-mfa');
    expect(result.evaluatedChecks).not.toContain('collection-gap');
  });

  it('a user who has MFA passes: no finding, and the check is among those evaluated', async () => {
    fake = fakeAws(rawAccount({ rows: [consoleUserRow('alice')], users: [userDetail('alice')] }));
    const { evaluation: result } = await reevaluateEntity(fake.clients.iam, user('alice'), config, NOW, CHECKS, { sleep: instant });
    expect(result.findings).toEqual([]);
    expect(result.evaluatedChecks).toEqual(checksFor('user').map((c) => c.id));
    expect(result.skippedChecks).toEqual([]);
  });

  it('finds for each user exactly what a full audit finds for it', async () => {
    const live = account();
    fake = fakeAws(live);
    const full = normalizeSnapshot(await collectAccount(fake.clients, { sleep: instant })).snapshot;
    const audit = evaluate(full, CHECKS, config, NOW);
    const userChecks = new Set(checksFor('user').map((c) => c.id));
    for (const u of live.authorizationDetails!.UserDetailList) {
      const expected = audit.findings.filter((f) => f.resource === u.Arn && userChecks.has(f.checkId));
      const { evaluation: result } = await reevaluateEntity(fake.clients.iam, user(u.UserName), config, NOW, CHECKS, { sleep: instant });
      expect(result.findings, u.UserName).toEqual(expected);
    }
    // The account has something to find: the comparison is not vacuous.
    expect(audit.findings.filter((f) => userChecks.has(f.checkId)).length).toBeGreaterThan(8);
  });

  it('a group that grants administrator rights: the group is admin-principal, its member without MFA privileged-user-no-mfa', async () => {
    fake = fakeAws(account());
    const ref: EntityRef = { kind: 'group', name: 'Admins', arn: groupArn('Admins') };
    const { evaluation: result } = await reevaluateEntity(fake.clients.iam, ref, config, NOW, CHECKS, { sleep: instant });
    expect(result.scope).toEqual({ resources: [groupArn('Admins'), userArn('root-like')] });
    expect(result.findings.map((f) => [f.checkId, f.resource])).toEqual([
      ['privileged-user-no-mfa', userArn('root-like')],
      ['admin-principal', groupArn('Admins')],
    ]);
  });

  it('a customer managed policy allowing everything: admin-policy on the policy, and its holder\'s findings as a full audit finds them', async () => {
    const live = account();
    fake = fakeAws(live);
    const ref: EntityRef = { kind: 'policy', name: 'Everything', arn: policyArn('Everything') };
    const { evaluation: result, fullAudit } = await reevaluateEntity(fake.clients.iam, ref, config, NOW, CHECKS, { sleep: instant });
    expect(fullAudit).toBeUndefined();
    // The policy is attached to user stale: its findings are decided too, exactly as the full audit decides them.
    expect(result.scope).toEqual({ resources: [policyArn('Everything'), userArn('stale')] });
    const full = normalizeSnapshot(await collectAccount(fake.clients, { sleep: instant })).snapshot;
    const audit = evaluate(full, CHECKS, config, NOW);
    const inScope = new Set(result.scope!.resources);
    const decided = new Set(result.evaluatedChecks);
    expect(result.findings).toEqual(audit.findings.filter((f) => inScope.has(f.resource) && decided.has(f.checkId)));
    expect(result.findings.map((f) => [f.checkId, f.resource])).toContainEqual(['admin-policy', policyArn('Everything')]);
    expect(result.findings.some((f) => f.resource === userArn('stale'))).toBe(true);
  });

  it('a deleted user: nothing fails, its checks were evaluated, so its open findings can resolve', async () => {
    fake = fakeAws(account());
    const { evaluation: result } = await reevaluateEntity(fake.clients.iam, user('departed'), config, NOW, CHECKS, { sleep: instant });
    expect(result.findings).toEqual([]);
    expect(result.account).toBe(ACCOUNT);
    expect(result.scope).toEqual({ resources: [userArn('departed')] });
    expect(result.evaluatedChecks).toEqual(checksFor('user').map((c) => c.id));
  });
});

describe('reevaluateEntity: permissions boundaries', () => {
  it('reads a role\'s boundary document, so its rights are judged (capped) rather than left unknown', async () => {
    const boundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('cap') };
    fake = fakeAws(
      rawAccount({
        roles: [roleDetail('bounded', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))], PermissionsBoundary: boundary })],
        policies: [managedPolicy('cap', policyDoc(allow('s3:*')), { AttachmentCount: 0, PermissionsBoundaryUsageCount: 1 })],
      }),
    );
    const ref: EntityRef = { kind: 'role', name: 'bounded', arn: roleArn('bounded') };
    const { evaluation } = await reevaluateEntity(fake.clients.iam, ref, config, NOW, CHECKS, { sleep: instant });
    expect(evaluation.unjudged).toBeUndefined();
    expect(evaluation.findings.filter((f) => f.checkId === 'admin-principal')).toEqual([]);
  });
});
