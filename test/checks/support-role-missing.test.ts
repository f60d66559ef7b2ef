import { describe, expect, it } from 'vitest';
import { supportRoleMissing } from '../../shared/checks/support-role-missing.js';
import { ROOT_ARN, attach, awsPolicyArn, failures, groupDetail, managedPolicy, policyArn, policyDoc, allow, roleDetail, userDetail } from '../helpers/account.js';

describe('support-role-missing', () => {
  it('fails when no principal has AWSSupportAccess, on the account root', () => {
    expect(failures(supportRoleMissing, { roles: [roleDetail('app')] })).toEqual([
      { resource: ROOT_ARN, message: 'No user, group or role in account 111122223333 has AWSSupportAccess attached', details: { policy: 'AWSSupportAccess' } },
    ]);
  });

  it('passes with a support role (the clean account)', () => {
    expect(failures(supportRoleMissing)).toEqual([]);
  });

  it('passes when a user or a group holds it, and in other partitions', () => {
    const support = [attach(awsPolicyArn('AWSSupportAccess'))];
    expect(failures(supportRoleMissing, { roles: [], users: [userDetail('alice', { AttachedManagedPolicies: support })] })).toEqual([]);
    expect(failures(supportRoleMissing, { roles: [], groups: [groupDetail('Support', { AttachedManagedPolicies: support })] })).toEqual([]);
    const govCloud = [{ PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws-us-gov:iam::aws:policy/AWSSupportAccess' }];
    expect(failures(supportRoleMissing, { roles: [roleDetail('support', { AttachedManagedPolicies: govCloud })] })).toEqual([]);
  });

  it('near miss: a customer managed policy named AWSSupportAccess is not the AWS one', () => {
    const roles = [roleDetail('support', { AttachedManagedPolicies: [attach(policyArn('AWSSupportAccess'))] })];
    const policies = [managedPolicy('AWSSupportAccess', policyDoc(allow('support:*')))];
    expect(failures(supportRoleMissing, { roles, policies }).map((f) => f.resource)).toEqual([ROOT_ARN]);
  });
});
