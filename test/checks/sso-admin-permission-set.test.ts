import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { ssoAdminPermissionSet } from '../../shared/checks/sso-admin-permission-set.js';
import { allow, failures, managedPolicy, policyDoc, run } from '../helpers/account.js';
import { ACCOUNT, MEMBER, assignment, identityCenter, permissionSet, permissionSetArn } from '../helpers/identity-center.js';

const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('sso-admin-permission-set', () => {
  it('fails for a set with AdministratorAccess, on the set, listing its assignments', () => {
    const ic = identityCenter(
      [permissionSet('Admin', { managedPolicies: [admin] }), permissionSet('ReadOnly', { managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })],
      [assignment('Admin', MEMBER, 'GROUP', 'Platform'), assignment('Admin', ACCOUNT, 'USER', 'alice'), assignment('ReadOnly', MEMBER, 'GROUP', 'Everyone')],
    );
    expect(failures(ssoAdminPermissionSet, { identityCenter: ic })).toEqual([
      {
        resource: permissionSetArn('Admin'),
        message: 'Permission set Admin grants administrator rights (AdministratorAccess) and is assigned 2 times in 2 accounts',
        details: {
          permissionSet: 'Admin',
          grants: [admin],
          assignments: [
            { accountId: MEMBER, principalType: 'GROUP', principalId: 'id-Platform', principalName: 'Platform' },
            { accountId: ACCOUNT, principalType: 'USER', principalId: 'id-alice', principalName: 'alice' },
          ],
        },
      },
    ]);
  });

  it('reads IAMFullAccess, and inline policies by what they allow, however they are spelled', () => {
    const ic = identityCenter([
      permissionSet('Iam', { managedPolicies: ['arn:aws:iam::aws:policy/IAMFullAccess'] }),
      permissionSet('InlineStar', { inlinePolicy: policyDoc(allow('*')) }),
      permissionSet('InlineIam', { inlinePolicy: encodeURIComponent(JSON.stringify(policyDoc(allow('IAM:*')))) }),
    ]);
    expect(failures(ssoAdminPermissionSet, { identityCenter: ic }).map((f) => [f.resource, (f.details as { grants: string[] }).grants])).toEqual([
      [permissionSetArn('Iam'), ['arn:aws:iam::aws:policy/IAMFullAccess']],
      [permissionSetArn('InlineStar'), ['inline']],
      [permissionSetArn('InlineIam'), ['inline']],
    ]);
  });

  it('reads a customer managed policy from the account holding the file; one it does not have is listed, not judged', () => {
    const policies = [managedPolicy('Everything', policyDoc(allow('*')), { Path: '/team/' })];
    const ic = identityCenter([
      permissionSet('Custom', { customerManagedPolicies: [{ name: 'Everything', path: '/team/' }] }),
      permissionSet('Elsewhere', { managedPolicies: [admin], customerManagedPolicies: [{ name: 'Missing', path: '/' }] }),
      permissionSet('WrongPath', { customerManagedPolicies: [{ name: 'Everything', path: '/' }] }),
    ]);
    const found = failures(ssoAdminPermissionSet, { identityCenter: ic, policies });
    expect(found.map((f) => f.resource)).toEqual([permissionSetArn('Custom'), permissionSetArn('Elsewhere')]);
    expect(found[0].details).toMatchObject({ grants: ['customer-managed:/team/Everything'] });
    expect(found[1].details).toMatchObject({ unresolvedCustomerManagedPolicies: ['/Missing'] });
  });

  it('a permissions boundary caps the set: a read-only boundary takes administrator rights away', () => {
    const ic = identityCenter([
      permissionSet('Bounded', { managedPolicies: [admin], permissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }),
      permissionSet('BoundedByAdmin', { managedPolicies: [admin], permissionsBoundary: { ManagedPolicyArn: admin } }),
      permissionSet('BoundaryUnknown', { managedPolicies: [admin], permissionsBoundary: { CustomerManagedPolicyReference: { Name: 'Gone', Path: '/' } } }),
    ]);
    const found = failures(ssoAdminPermissionSet, { identityCenter: ic });
    expect(found.map((f) => f.resource)).toEqual([permissionSetArn('BoundedByAdmin'), permissionSetArn('BoundaryUnknown')]);
    expect(found[1].details).toMatchObject({ boundaryNotRead: true });
  });

  it('near misses: PowerUserAccess, iam:Get*, and admin actions on one resource are not administrator rights', () => {
    const ic = identityCenter([
      permissionSet('PowerUser', { managedPolicies: ['arn:aws:iam::aws:policy/PowerUserAccess'] }),
      permissionSet('IamRead', { inlinePolicy: policyDoc(allow('iam:Get*')) }),
      permissionSet('OneBucket', { inlinePolicy: policyDoc(allow('*', 'arn:aws:s3:::logs')) }),
      permissionSet('Admin-lookalike', { managedPolicies: ['arn:aws:iam::111122223333:policy/AdministratorAccess'] }),
    ]);
    expect(failures(ssoAdminPermissionSet, { identityCenter: ic })).toEqual([]);
  });

  it('does not apply without identity-center.json (no gap, nothing decided); a gap skips it', () => {
    const without = run(CHECKS);
    expect(without.evaluatedChecks).not.toContain('sso-admin-permission-set');
    expect(without.skippedChecks.map((c) => c.checkId)).not.toContain('sso-admin-permission-set');
    expect(without.findings.filter((f) => f.checkId === 'collection-gap')).toEqual([]);
    const gap = run(CHECKS, { identityCenter: identityCenter([]), omit: ['identityCenter'] });
    expect(gap.skippedChecks).toContainEqual({ checkId: 'sso-admin-permission-set', missing: ['identityCenter'] });
    expect(gap.findings.filter((f) => f.checkId === 'collection-gap').map((f) => f.qualifier)).toEqual(['identityCenter']);
  });
});
