import { describe, expect, it } from 'vitest';
import { adminPrincipal } from '../../shared/checks/admin-principal.js';
import { allow, attach, awsPolicyArn, failures, groupArn, groupDetail, managedPolicy, policyArn, policyDoc, roleArn, roleDetail, run, userArn, userDetail } from '../helpers/account.js';
import { inline, serviceLinkedRole, supportRole } from '../helpers/policies.js';

const admins = (extra = {}) => groupDetail('Admins', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))], ...extra });

describe('admin-principal', () => {
  it('fails for a group with administrator rights, listing its members and the granting policy', () => {
    const found = failures(adminPrincipal, { users: [userDetail('ana', { GroupList: ['Staff', 'Admins'] })], groups: [groupDetail('Staff'), admins()] });
    expect(found).toEqual([
      {
        resource: groupArn('Admins'),
        message: 'Group Admins has administrator rights (AdministratorAccess); members: ana',
        details: { principalName: 'Admins', kind: 'group', grants: [{ via: 'group', policy: awsPolicyArn('AdministratorAccess') }], members: ['ana'] },
      },
    ]);
  });

  it('fails for roles and for users through policies of their own, whatever the spelling', () => {
    const policies = [managedPolicy('OpsAdmin', policyDoc({ Effect: 'Allow', NotAction: ['ec2:TerminateInstances'], Resource: '*' }))];
    const found = failures(adminPrincipal, {
      users: [userDetail('u1', { UserPolicyList: [inline('p', policyDoc(allow('iam:*?')))] }), userDetail('u2', { AttachedManagedPolicies: [attach(awsPolicyArn('IAMFullAccess'))] })],
      roles: [supportRole(), roleDetail('ops', { AttachedManagedPolicies: [attach(policyArn('OpsAdmin'))] }), roleDetail('star', { RolePolicyList: [inline('x', policyDoc(allow('?*:*')))] })],
      policies,
    });
    expect(found.map((f) => f.resource)).toEqual([roleArn('ops'), roleArn('star'), userArn('u1'), userArn('u2')]);
    expect(found[2].message).toBe('User u1 has administrator rights (inline policy p)');
  });

  it('reports a user who is administrator only through a group under that group, and a user with its own grant too', () => {
    const users = [userDetail('only-group', { GroupList: ['Staff', 'Admins'] }), userDetail('both', { GroupList: ['Staff', 'Admins'], AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] })];
    const found = failures(adminPrincipal, { users, groups: [groupDetail('Staff'), admins()] });
    expect(found.map((f) => f.resource)).toEqual([groupArn('Admins'), userArn('both')]);
    expect(found[0].details).toMatchObject({ members: ['only-group', 'both'] });
  });

  it('reports under the user when neither its policies nor one group alone, but their union, grant all of IAM', () => {
    const groups = [groupDetail('Staff', { GroupPolicyList: [inline('reads', policyDoc(allow(['iam:Get*', 'iam:List*'])))] })];
    const users = [userDetail('mix', { UserPolicyList: [inline('writes', policyDoc({ Effect: 'Allow', NotAction: ['iam:Get*', 'iam:List*', 's3:*'], Resource: '*' }))] })];
    expect(failures(adminPrincipal, { users, groups }).map((f) => f.resource)).toEqual([userArn('mix')]);
  });

  it('is conditional (severity one lower) when the rights rest on conditional statements only', () => {
    const roles = [supportRole(), roleDetail('cond', { RolePolicyList: [inline('p', policyDoc(allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })))] })];
    const e = run([adminPrincipal], { roles });
    expect(e.findings.map((f) => [f.resource, f.severity, f.details.conditional])).toEqual([[roleArn('cond'), 'medium', true]]);
  });

  it('passes for broad rights that stop short of all of IAM', () => {
    const roles = [supportRole(), roleDetail('power', { RolePolicyList: [inline('p', policyDoc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))] })];
    expect(failures(adminPrincipal, { roles })).toEqual([]);
  });

  it('near misses: a Deny of one IAM action, a boundary that caps it, iam:* on one resource, a service-linked role', () => {
    const policies = [managedPolicy('cap', policyDoc(allow('s3:*')), { AttachmentCount: 0, PermissionsBoundaryUsageCount: 1 })];
    const roles = [
      supportRole(),
      roleDetail('denied', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))], RolePolicyList: [inline('guard', policyDoc({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }))] }),
      roleDetail('bounded', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))], PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('cap') } }),
      roleDetail('one', { RolePolicyList: [inline('p', policyDoc(allow('iam:*', roleArn('one'))))] }),
      serviceLinkedRole('AWSServiceRoleForX', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] }),
    ];
    expect(failures(adminPrincipal, { roles, policies })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(adminPrincipal).toMatchObject({ id: 'admin-principal', severity: 'high', inputs: ['authorizationDetails'] });
    expect(adminPrincipal.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.16', 'CIS v5.0.0 1.15', 'Other Prowler iam_{user,group,role}_administrator_access_policy']);
  });
});
