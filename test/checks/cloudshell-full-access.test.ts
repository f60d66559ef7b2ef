import { describe, expect, it } from 'vitest';
import { cloudshellFullAccess } from '../../shared/checks/cloudshell-full-access.js';
import { allow, attach, awsPolicyArn, failures, groupArn, groupDetail, managedPolicy, policyArn, policyDoc, roleArn, roleDetail, userArn, userDetail } from '../helpers/account.js';
import { supportRole } from '../helpers/policies.js';

const cloudShell = attach(awsPolicyArn('AWSCloudShellFullAccess'));

describe('cloudshell-full-access', () => {
  it('fails for each user, group and role with AWSCloudShellFullAccess attached', () => {
    const found = failures(cloudshellFullAccess, {
      users: [userDetail('u', { AttachedManagedPolicies: [cloudShell] })],
      groups: [groupDetail('Staff', { AttachedManagedPolicies: [cloudShell] })],
      roles: [supportRole(), roleDetail('r', { AttachedManagedPolicies: [cloudShell] })],
    });
    expect(found.map((f) => f.resource)).toEqual([userArn('u'), groupArn('Staff'), roleArn('r')]);
    expect(found[1]).toEqual({
      resource: groupArn('Staff'),
      message: 'Group Staff has AWSCloudShellFullAccess attached',
      details: { principalName: 'Staff', kind: 'group', policyArn: awsPolicyArn('AWSCloudShellFullAccess') },
    });
  });

  it('recognizes the policy in another partition', () => {
    const groups = [groupDetail('Staff', { AttachedManagedPolicies: [{ PolicyName: 'AWSCloudShellFullAccess', PolicyArn: 'arn:aws-us-gov:iam::aws:policy/AWSCloudShellFullAccess' }] })];
    expect(failures(cloudshellFullAccess, { groups, awsManagedDocuments: false })).toHaveLength(1);
  });

  it('near misses: a customer policy of the same name, an inline cloudshell:*, nothing attached', () => {
    const policies = [managedPolicy('AWSCloudShellFullAccess', policyDoc(allow('cloudshell:*')))];
    const users = [userDetail('u', { AttachedManagedPolicies: [attach(policyArn('AWSCloudShellFullAccess'))], UserPolicyList: [{ PolicyName: 'shell', PolicyDocument: policyDoc(allow('cloudshell:*')) }] })];
    expect(failures(cloudshellFullAccess, { policies, users })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(cloudshellFullAccess).toMatchObject({ id: 'cloudshell-full-access', severity: 'medium' });
    expect(cloudshellFullAccess.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.22', 'CIS v5.0.0 1.21', 'SecurityHub IAM.27']);
  });
});
