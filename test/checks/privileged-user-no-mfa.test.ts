import { describe, expect, it } from 'vitest';
import { privilegedUserNoMfa } from '../../shared/checks/privileged-user-no-mfa.js';
import { userConsoleNoMfa } from '../../shared/checks/user-console-no-mfa.js';
import {
  allow,
  attach,
  awsPolicyArn,
  consoleUserRow,
  failures,
  groupDetail,
  managedPolicy,
  policyArn,
  policyDoc,
  rootRow,
  run,
  urlEncoded,
  userArn,
  userDetail,
  userRow,
} from '../helpers/account.js';
import { adminGroups, adminUser } from '../helpers/credentials.js';

const noMfa = (name: string) => consoleUserRow(name, { mfa_active: 'false' });

describe('privileged-user-no-mfa', () => {
  it('fails for a console user without MFA who is an administrator through a group', () => {
    const found = failures(privilegedUserNoMfa, { rows: [noMfa('alice')], users: [adminUser('alice')], groups: adminGroups() });
    expect(found).toHaveLength(1);
    expect(found[0].resource).toBe(userArn('alice'));
    expect(found[0].message).toBe('alice has administrator rights (AdministratorAccess via group Admins) and a console password with no MFA device');
    expect(found[0].details).toMatchObject({ grants: [{ via: 'group:Admins', policy: awsPolicyArn('AdministratorAccess') }] });
  });

  it('lists every admin grant: direct IAMFullAccess, inline *:*, customer managed iam:*', () => {
    const user = userDetail('alice', {
      AttachedManagedPolicies: [attach(awsPolicyArn('IAMFullAccess')), attach(policyArn('IamAll'))],
      UserPolicyList: [{ PolicyName: 'break-glass', PolicyDocument: urlEncoded(policyDoc(allow('*'))) }],
    });
    const found = failures(privilegedUserNoMfa, {
      rows: [noMfa('alice')],
      users: [user],
      policies: [managedPolicy('IamAll', policyDoc(allow('iam:*')))],
    });
    expect(found[0].details!.grants).toEqual([
      { via: 'user', policy: awsPolicyArn('IAMFullAccess') },
      { via: 'user', policy: policyArn('IamAll') },
      { via: 'user', policy: 'inline:break-glass' },
    ]);
    expect(found[0].message).toContain('IAMFullAccess attached directly; IamAll attached directly; inline policy break-glass attached directly');
  });

  it('passes for an administrator with MFA', () => {
    expect(failures(privilegedUserNoMfa, { rows: [consoleUserRow('alice')], users: [adminUser('alice')], groups: adminGroups() })).toEqual([]);
  });

  it('near miss: an administrator without a console password (keys only)', () => {
    expect(failures(privilegedUserNoMfa, { rows: [userRow('alice')], users: [adminUser('alice')], groups: adminGroups() })).toEqual([]);
  });

  it('near miss: no MFA but no admin rights (s3:* on *, iam:* on one resource)', () => {
    const group = groupDetail('Staff', {
      GroupPolicyList: [{ PolicyName: 'work', PolicyDocument: policyDoc(allow('s3:*'), allow('iam:*', userArn('alice'))) }],
    });
    expect(failures(privilegedUserNoMfa, { rows: [noMfa('alice')], users: [userDetail('alice')], groups: [group] })).toEqual([]);
  });

  it('never applies to root', () => {
    expect(failures(privilegedUserNoMfa, { rows: [rootRow({ mfa_active: 'false' })] })).toEqual([]);
  });

  it('replaces user-console-no-mfa for the same user: exactly one of the two fires', () => {
    const e = run([userConsoleNoMfa, privilegedUserNoMfa], { rows: [noMfa('alice')], users: [adminUser('alice')], groups: adminGroups() });
    expect(e.findings.map((f) => [f.checkId, f.resource, f.severity])).toEqual([['privileged-user-no-mfa', userArn('alice'), 'critical']]);
  });

  it('is skipped without the authorization details', () => {
    const e = run([privilegedUserNoMfa], { rows: [noMfa('alice')], omit: ['authorizationDetails'] });
    expect(e.skippedChecks).toEqual([{ checkId: 'privileged-user-no-mfa', missing: ['authorizationDetails'] }]);
  });

  it('carries its catalog metadata', () => {
    expect(privilegedUserNoMfa).toMatchObject({ id: 'privileged-user-no-mfa', severity: 'critical', resourceKinds: ['user'], inputs: ['credentialReport', 'authorizationDetails'] });
    expect(privilegedUserNoMfa.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['IAMBestPractices MFA for privileged users']);
    expect(privilegedUserNoMfa.remediation.length).toBeGreaterThan(20);
  });
});
