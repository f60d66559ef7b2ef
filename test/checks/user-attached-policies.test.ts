import { describe, expect, it } from 'vitest';
import { userAttachedPolicies } from '../../shared/checks/user-attached-policies.js';
import { allow, attach, awsPolicyArn, failures, groupDetail, policyArn, policyDoc, urlEncoded, userArn, userDetail } from '../helpers/account.js';
import { inline } from '../helpers/policies.js';

describe('user-attached-policies', () => {
  it('fails for a user with a managed policy attached directly', () => {
    const found = failures(userAttachedPolicies, { users: [userDetail('alice', { AttachedManagedPolicies: [attach(awsPolicyArn('ReadOnlyAccess'))] })] });
    expect(found).toEqual([
      {
        resource: userArn('alice'),
        message: 'User alice has managed policy ReadOnlyAccess of its own instead of permissions through a group',
        details: { attachedPolicies: [awsPolicyArn('ReadOnlyAccess')], inlinePolicies: [] },
      },
    ]);
  });

  it('fails once for a user with inline and managed policies, listing them all', () => {
    const user = userDetail('build-agent', {
      AttachedManagedPolicies: [attach(policyArn('Deploy')), attach(awsPolicyArn('ReadOnlyAccess'))],
      UserPolicyList: [inline('push', urlEncoded(policyDoc(allow('ecr:*')))), inline('pull', policyDoc(allow('ecr:BatchGetImage')))],
    });
    const found = failures(userAttachedPolicies, { users: [user] });
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe(
      'User build-agent has managed policies Deploy, ReadOnlyAccess and inline policies push, pull of its own instead of permissions through a group',
    );
    expect(found[0].details).toEqual({ attachedPolicies: [policyArn('Deploy'), awsPolicyArn('ReadOnlyAccess')], inlinePolicies: ['push', 'pull'] });
  });

  it('passes for users whose permissions come from groups', () => {
    const groups = [groupDetail('Staff', { AttachedManagedPolicies: [attach(awsPolicyArn('ReadOnlyAccess'))], GroupPolicyList: [inline('extra', policyDoc(allow('s3:GetObject')))] })];
    expect(failures(userAttachedPolicies, { users: [userDetail('alice'), userDetail('bob')], groups })).toEqual([]);
  });

  it('near miss: a permissions boundary is not a policy of the user\'s own', () => {
    const user = userDetail('alice', { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('Boundary') } });
    expect(failures(userAttachedPolicies, { users: [user] })).toEqual([]);
  });
});
