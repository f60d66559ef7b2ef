import { describe, expect, it } from 'vitest';
import { notActionAllow } from '../../shared/checks/not-action-allow.js';
import { adminPolicy } from '../../shared/checks/admin-policy.js';
import { allow, failures, managedPolicy, policyArn, policyDoc, urlEncoded, userArn, userDetail } from '../helpers/account.js';
import { inline, serviceLinkedRole, supportRole } from '../helpers/policies.js';

const notIam = { Sid: 'NotIam', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' };

describe('not-action-allow', () => {
  it('fails for an Allow with NotAction in an attached customer managed policy', () => {
    const policies = [managedPolicy('PowerUser', urlEncoded(policyDoc(allow('s3:GetObject'), notIam)))];
    expect(failures(notActionAllow, { policies })).toEqual([
      {
        resource: policyArn('PowerUser'),
        message: 'Customer managed policy PowerUser allows every action except iam:*, organizations:* (NotAction in statement 1 (Sid NotIam))',
        details: {
          policyName: 'PowerUser',
          policyArn: policyArn('PowerUser'),
          statements: [{ index: 1, sid: 'NotIam', notActions: ['iam:*', 'organizations:*'], resources: ['*'] }],
        },
      },
    ]);
  });

  it('fails for an inline policy, with NotResource shown as such', () => {
    const users = [userDetail('alice', { UserPolicyList: [inline('broad', policyDoc({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secrets/*' }))] })];
    const found = failures(notActionAllow, { users });
    expect(found.map((f) => [f.resource, f.qualifier])).toEqual([[userArn('alice'), 'inline:broad']]);
    expect(found[0].details?.statements).toEqual([{ index: 0, sid: null, notActions: ['iam:*'], notResources: ['arn:aws:s3:::secrets/*'] }]);
  });

  it('is this check\'s alone: admin-policy ignores NotAction statements', () => {
    const policies = [managedPolicy('PowerUser', policyDoc(notIam))];
    expect(failures(adminPolicy, { policies })).toEqual([]);
  });

  it('passes for Action-based statements', () => {
    expect(failures(notActionAllow, { policies: [managedPolicy('Reads', policyDoc(allow('s3:Get*')))] })).toEqual([]);
  });

  it('near misses: Deny with NotAction, unattached policies, service-linked roles', () => {
    const policies = [
      managedPolicy('DenyOthers', policyDoc({ Effect: 'Deny', NotAction: 's3:*', Resource: '*' })),
      managedPolicy('Unattached', policyDoc(notIam), { AttachmentCount: 0 }),
    ];
    const roles = [supportRole(), serviceLinkedRole('AWSServiceRoleForX', { RolePolicyList: [inline('broad', policyDoc(notIam))] })];
    expect(failures(notActionAllow, { policies, roles })).toEqual([]);
  });
});
