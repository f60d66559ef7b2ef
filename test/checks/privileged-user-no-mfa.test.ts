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

  it('judges administrator rights by what the policies grant: an inline iam:** makes one, so does a NotAction excluding no IAM action', () => {
    const users = [
      userDetail('alice', { UserPolicyList: [{ PolicyName: 'evasive', PolicyDocument: policyDoc(allow('iam:**')) }] }),
      userDetail('bob', { UserPolicyList: [{ PolicyName: 'almost-all', PolicyDocument: policyDoc({ Effect: 'Allow', NotAction: ['ec2:TerminateInstances'], Resource: '*' }) }] }),
    ];
    const found = failures(privilegedUserNoMfa, { rows: [noMfa('alice'), noMfa('bob')], users });
    expect(found.map((f) => f.resource)).toEqual([userArn('alice'), userArn('bob')]);
  });

  it('is conditional (severity high) when the rights rest only on conditional statements', () => {
    const users = [userDetail('alice', { UserPolicyList: [{ PolicyName: 'p', PolicyDocument: policyDoc(allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })) }] })];
    expect(run([privilegedUserNoMfa], { rows: [noMfa('alice')], users }).findings.map((f) => [f.severity, f.details.conditional])).toEqual([['high', true]]);
  });

  it('near miss: an unconditional Deny of one IAM action takes the administrator rights away', () => {
    const users = [adminUser('alice', { UserPolicyList: [{ PolicyName: 'guard', PolicyDocument: policyDoc({ Effect: 'Deny', Action: 'iam:DeleteRole', Resource: '*' }) }] })];
    expect(failures(privilegedUserNoMfa, { rows: [noMfa('alice')], users, groups: adminGroups() })).toEqual([]);
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
