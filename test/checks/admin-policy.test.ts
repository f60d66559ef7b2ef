import { describe, expect, it } from 'vitest';
import { adminPolicy } from '../../shared/checks/admin-policy.js';
import {
  allow,
  attach,
  awsPolicyArn,
  failures,
  groupArn,
  groupDetail,
  managedPolicy,
  policyArn,
  policyDoc,
  roleArn,
  roleDetail,
  run,
  urlEncoded,
  userArn,
  userDetail,
} from '../helpers/account.js';
import { inline, serviceLinkedRole, supportRole } from '../helpers/policies.js';

const adminDoc = policyDoc(allow('*'));

describe('admin-policy', () => {
  it('fails for an attached customer managed policy allowing * on *, with the statement in details', () => {
    const policies = [managedPolicy('Everything', policyDoc(allow('s3:GetObject', 'arn:aws:s3:::b/*'), { Sid: 'All', ...allow('*') }))];
    expect(failures(adminPolicy, { policies })).toEqual([
      {
        resource: policyArn('Everything'),
        message: 'Customer managed policy Everything allows every action on every resource (statement 1 (Sid All))',
        details: { policyName: 'Everything', policyArn: policyArn('Everything'), statements: [{ index: 1, sid: 'All', actions: ['*'] }] },
      },
    ]);
  });

  it('reads URL-encoded documents, *:* and a Resource list holding *', () => {
    const policies = [
      managedPolicy('Encoded', urlEncoded(adminDoc)),
      managedPolicy('Colon', policyDoc(allow(['s3:GetObject', '*:*'], ['arn:aws:s3:::b', '*']))),
    ];
    const found = failures(adminPolicy, { policies });
    expect(found.map((f) => f.resource)).toEqual([policyArn('Encoded'), policyArn('Colon')]);
    expect(found[1].details?.statements).toEqual([{ index: 0, sid: null, actions: ['*:*'] }]);
  });

  it('judges every spelling of "every action" alike: *:**, ?*:*, a union of wildcards that covers every action', () => {
    const policies = [
      managedPolicy('StarStar', policyDoc(allow('*:**'))),
      managedPolicy('Question', policyDoc(allow('?*:*'))),
      managedPolicy('Split', policyDoc({ Effect: 'Allow', Action: ['a*', 'b*', 'c*', 'd*', 'e*', 'f*', 'g*', 'h*', 'i*', 'j*', 'k*', 'l*', 'm*', 'n*', 'o*', 'p*', 'q*', 'r*', 's*', 't*', 'u*', 'v*', 'w*', 'x*', 'y*', 'z*'], Resource: 'arn:*:*:*:*:*' })),
    ];
    const found = failures(adminPolicy, { policies });
    expect(found.map((f) => f.resource)).toEqual([policyArn('StarStar'), policyArn('Question'), policyArn('Split')]);
    expect(found[0].details?.statements).toEqual([{ index: 0, sid: null, actions: ['*:**'] }]);
  });

  it('is conditional (severity medium) when the statement carries a condition', () => {
    const policies = [managedPolicy('Cond', policyDoc(allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })))];
    expect(run([adminPolicy], { policies }).findings.map((f) => [f.resource, f.severity, f.details.conditional])).toEqual([[policyArn('Cond'), 'medium', true]]);
  });

  it('fails for inline policies of users, groups and roles, naming the holder and the policy', () => {
    const found = failures(adminPolicy, {
      users: [userDetail('alice', { UserPolicyList: [inline('break-glass', adminDoc)] })],
      groups: [groupDetail('Staff', { GroupPolicyList: [inline('all', urlEncoded(adminDoc))] })],
      roles: [supportRole(), roleDetail('ci', { RolePolicyList: [inline('deploy', adminDoc)] })],
    });
    expect(found.map((f) => [f.resource, f.qualifier])).toEqual([
      [userArn('alice'), 'inline:break-glass'],
      [groupArn('Staff'), 'inline:all'],
      [roleArn('ci'), 'inline:deploy'],
    ]);
    expect(found[0].message).toBe('Inline policy break-glass of user alice allows every action on every resource (statement 0)');
    expect(found[2].details).toEqual({ policyName: 'deploy', holder: { kind: 'role', name: 'ci' }, statements: [{ index: 0, sid: null, actions: ['*'] }] });
  });

  it('counts a policy as attached when a principal lists it, whatever AttachmentCount says', () => {
    const policies = [managedPolicy('Everything', adminDoc, { AttachmentCount: 0 })];
    const groups = [groupDetail('Staff', { AttachedManagedPolicies: [attach(policyArn('Everything'))] })];
    expect(failures(adminPolicy, { policies, groups }).map((f) => f.resource)).toEqual([policyArn('Everything')]);
  });

  it('passes for narrow policies', () => {
    const policies = [managedPolicy('Ops', policyDoc(allow(['ec2:StartInstances', 'ec2:StopInstances'], 'arn:aws:ec2:*:111122223333:instance/*')))];
    expect(failures(adminPolicy, { policies })).toEqual([]);
  });

  it('near misses: unattached, AWS managed, non-default version, Deny, NotAction, * on a specific resource', () => {
    const policies = [
      managedPolicy('Unattached', adminDoc, { AttachmentCount: 0 }),
      managedPolicy('AdministratorAccess', adminDoc, { Arn: awsPolicyArn('AdministratorAccess') }),
      managedPolicy('OldVersion', policyDoc(allow('s3:GetObject')), {
        DefaultVersionId: 'v2',
        PolicyVersionList: [
          { Document: policyDoc(allow('s3:GetObject')), VersionId: 'v2', IsDefaultVersion: true },
          { Document: adminDoc, VersionId: 'v1', IsDefaultVersion: false },
        ],
      }),
      managedPolicy('DenyAll', policyDoc({ Effect: 'Deny', Action: '*', Resource: '*' })),
      managedPolicy('AllButIam', policyDoc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })),
      managedPolicy('OneBucket', policyDoc(allow('*', 'arn:aws:s3:::b'))),
      managedPolicy('Typo', policyDoc(allow('*:*Typo'))),
      managedPolicy('IamOnly', policyDoc(allow('iam:**'))),
    ];
    const users = [userDetail('alice', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] })];
    expect(failures(adminPolicy, { policies, users })).toEqual([]);
  });

  it('near miss: a managed policy used only as a permissions boundary counts as unattached', () => {
    const policies = [managedPolicy('Cap', adminDoc, { AttachmentCount: 0, PermissionsBoundaryUsageCount: 1 })];
    const roles = [supportRole(), roleDetail('bounded', { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('Cap') } })];
    expect(failures(adminPolicy, { policies, roles })).toEqual([]);
  });

  it('near miss: the inline policy of a service-linked role', () => {
    const roles = [supportRole(), serviceLinkedRole('AWSServiceRoleForX', { RolePolicyList: [inline('all', adminDoc)] })];
    expect(failures(adminPolicy, { roles })).toEqual([]);
  });
});
