import { describe, expect, it } from 'vitest';
import { privilegeEscalation } from '../../shared/checks/privilege-escalation.js';
import { checksFor } from '../../shared/collect/reevaluate.js';
import { allow, attach, awsPolicyArn, failures, groupArn, groupDetail, managedPolicy, policyArn, policyDoc, roleArn, roleDetail, run, userArn, userDetail } from '../helpers/account.js';
import { inline, supportRole, trustStatement } from '../helpers/policies.js';

const own = (...statements: Record<string, unknown>[]) => [inline('p', policyDoc(...statements))];

describe('privilege-escalation', () => {
  it('fails with the shortest path as {method, target} steps, explained in plain words', () => {
    const users = [userDetail('ci', { AttachedManagedPolicies: [attach(policyArn('ci-deploy'))] })];
    const policies = [managedPolicy('ci-deploy', policyDoc(allow('iam:CreatePolicyVersion', policyArn('ci-deploy'))))];
    expect(failures(privilegeEscalation, { users, policies })).toEqual([
      {
        resource: userArn('ci'),
        message: 'ci can create a new default version of policy ci-deploy, which is attached to it (iam:CreatePolicyVersion): one step from administrator rights',
        details: { path: [{ method: 'policy-version', target: policyArn('ci-deploy') }], administrator: userArn('ci'), permissionsUsed: [['iam:CreatePolicyVersion']] },
      },
    ]);
  });

  it('explains a chain step by step, ending at the principal that holds the rights', () => {
    const users = [userDetail('cora', { UserPolicyList: own(allow('sts:AssumeRole', roleArn('etl'))) })];
    const roles = [
      supportRole(),
      roleDetail('etl', { AssumeRolePolicyDocument: policyDoc(trustStatement({ AWS: userArn('cora') })), RolePolicyList: own(allow('iam:PassRole', roleArn('batch')), allow(['ecs:RegisterTaskDefinition', 'ecs:RunTask'])) }),
      roleDetail('batch', { AssumeRolePolicyDocument: policyDoc(trustStatement({ Service: 'ecs-tasks.amazonaws.com' })), AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] }),
    ];
    const cora = failures(privilegeEscalation, { users, roles }).find((f) => f.resource === userArn('cora'))!;
    expect(cora.details!.path).toEqual([
      { method: 'assume-role', target: roleArn('etl') },
      { method: 'pass-role', target: roleArn('batch') },
    ]);
    expect(cora.message).toBe(
      'cora can obtain administrator rights in 2 steps: cora can assume role etl (sts:AssumeRole); then etl can pass role batch to an ECS task it runs (iam:PassRole, ecs:RegisterTaskDefinition, ecs:RunTask), and role batch has administrator rights',
    );
  });

  it('names a group step by its group, and says when a path is conditional (severity one lower)', () => {
    const groups = [groupDetail('Staff', { GroupPolicyList: [inline('self-admin', policyDoc(allow('iam:PutGroupPolicy', groupArn('Staff'), { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })))] })];
    const e = run([privilegeEscalation], { users: [userDetail('u')], groups });
    expect(e.findings.map((f) => [f.resource, f.severity, f.details.conditional, f.message])).toEqual([
      [userArn('u'), 'medium', true, 'u can put an inline policy allowing everything on its group Staff (iam:PutGroupPolicy): one step from administrator rights'],
    ]);
  });

  it('passes for principals that are already administrators, or have no way up', () => {
    const users = [userDetail('boss', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] }), userDetail('reader', { UserPolicyList: own(allow(['iam:Get*', 'iam:List*'])) })];
    expect(failures(privilegeEscalation, { users })).toEqual([]);
  });

  it('near misses: PassRole to a role no launch action can use, credentials of a non-administrator, a trust that names someone else', () => {
    const users = [
      userDetail('dev', { UserPolicyList: own(allow('iam:PassRole', '*')) }),
      userDetail('helpdesk', { UserPolicyList: own(allow('iam:CreateLoginProfile', userArn('intern'))) }),
      userDetail('intern'),
      userDetail('cora', { UserPolicyList: own(allow('sts:AssumeRole', '*')) }),
    ];
    const roles = [
      supportRole(),
      roleDetail('admin', { AssumeRolePolicyDocument: policyDoc(trustStatement({ AWS: userArn('dave') })), AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] }),
    ];
    expect(failures(privilegeEscalation, { users, roles })).toEqual([]);
  });

  it('is decided by a full audit only: paths run through other principals', () => {
    expect(checksFor('user').map((c) => c.id)).not.toContain('privilege-escalation');
    expect(checksFor('role').map((c) => c.id)).not.toContain('privilege-escalation');
  });

  it('carries its catalog metadata', () => {
    expect(privilegeEscalation).toMatchObject({ id: 'privilege-escalation', severity: 'high', inputs: ['authorizationDetails'] });
    expect(privilegeEscalation.references.map((r) => r.id)).toEqual(['Rhino Security Labs AWS privilege-escalation methods', 'pathfinding.cloud', 'PMapper']);
  });
});
