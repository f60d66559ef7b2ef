import { describe, expect, it } from 'vitest';
import { inlinePolicy } from '../../shared/checks/inline-policy.js';
import { allow, attach, failures, groupArn, groupDetail, policyArn, policyDoc, roleArn, roleDetail, urlEncoded, userArn, userDetail } from '../helpers/account.js';
import { inline, serviceLinkedRole, supportRole } from '../helpers/policies.js';

const doc = policyDoc(allow('s3:GetObject', 'arn:aws:s3:::reports/*'));

describe('inline-policy', () => {
  it('fails once per inline policy of a user, group or role, qualified by the policy name', () => {
    const found = failures(inlinePolicy, {
      users: [userDetail('build-agent', { UserPolicyList: [inline('push', urlEncoded(doc)), inline('pull', doc)] })],
      groups: [groupDetail('Staff', { GroupPolicyList: [inline('reports', doc)] })],
      roles: [supportRole(), roleDetail('app', { RolePolicyList: [inline('read', doc)] })],
    });
    expect(found.map((f) => [f.resource, f.qualifier, f.message])).toEqual([
      [userArn('build-agent'), 'inline:push', 'User build-agent holds inline policy push'],
      [userArn('build-agent'), 'inline:pull', 'User build-agent holds inline policy pull'],
      [groupArn('Staff'), 'inline:reports', 'Group Staff holds inline policy reports'],
      [roleArn('app'), 'inline:read', 'Role app holds inline policy read'],
    ]);
    expect(found[3].details).toEqual({ policyName: 'read', holder: { kind: 'role', name: 'app' } });
  });

  it('passes when permissions come from managed policies', () => {
    const managed = [attach(policyArn('Reports'))];
    expect(
      failures(inlinePolicy, {
        users: [userDetail('alice', { AttachedManagedPolicies: managed })],
        groups: [groupDetail('Staff', { AttachedManagedPolicies: managed })],
      }),
    ).toEqual([]);
  });

  it('near miss: the inline policy of a service-linked role is AWS\'s, not the account\'s', () => {
    const roles = [supportRole(), serviceLinkedRole('AWSServiceRoleForElasticLoadBalancing', { RolePolicyList: [inline('legacy', doc)] })];
    expect(failures(inlinePolicy, { roles })).toEqual([]);
  });
});
