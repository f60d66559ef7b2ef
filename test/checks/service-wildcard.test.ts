import { describe, expect, it } from 'vitest';
import { serviceWildcard } from '../../shared/checks/service-wildcard.js';
import { adminPolicy } from '../../shared/checks/admin-policy.js';
import { readSnapshotFolder } from '../../shared/snapshot/folder.js';
import { allow, failures, managedPolicy, policyArn, policyDoc, roleArn, roleDetail, urlEncoded, userArn, userDetail } from '../helpers/account.js';
import { inline, serviceLinkedRole, supportRole } from '../helpers/policies.js';

describe('service-wildcard', () => {
  it('fails for the handbook\'s build-agent, whose inline policy push allows ecr:*', async () => {
    const { snapshot } = await readSnapshotFolder('test/fixtures/handbook-snapshot');
    const found = failures(serviceWildcard, snapshot);
    expect(found).toEqual([
      {
        resource: userArn('build-agent'),
        qualifier: 'inline:push',
        message: 'Inline policy push of user build-agent allows whole services: ecr:* (statement 0)',
        details: { policyName: 'push', holder: { kind: 'user', name: 'build-agent' }, statements: [{ index: 0, sid: null, actions: ['ecr:*'], resources: ['*'] }] },
      },
    ]);
  });

  it('fails once per policy, listing each statement and its wildcards, whatever their case', () => {
    const policies = [managedPolicy('Storage', urlEncoded(policyDoc(allow(['S3:*', 'ec2:Describe*']), { Sid: 'Kms', ...allow('kms:*', 'arn:aws:kms:*:111122223333:key/*') })))];
    const found = failures(serviceWildcard, { policies });
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe('Customer managed policy Storage allows whole services: S3:*, kms:* (statements 0, 1)');
    expect(found[0].details?.statements).toEqual([
      { index: 0, sid: null, actions: ['S3:*'], resources: ['*'] },
      { index: 1, sid: 'Kms', actions: ['kms:*'], resources: ['arn:aws:kms:*:111122223333:key/*'] },
    ]);
  });

  it('judges whole services by the actions a pattern means, not its spelling: iam:*?, i?m:*, iam:**', () => {
    const policies = [managedPolicy('Evasive', policyDoc(allow(['iam:*?', 's3:GetObject']), allow('i?m:*'), allow('IAM:**', 'arn:aws:iam::*:role/x')))];
    const [found] = failures(serviceWildcard, { policies });
    expect(found.message).toBe('Customer managed policy Evasive allows whole services: iam:*?, i?m:*, IAM:** (statements 0, 1, 2)');
    expect(found.details?.statements).toEqual([
      { index: 0, sid: null, actions: ['iam:*?'], resources: ['*'] },
      { index: 1, sid: null, actions: ['i?m:*'], resources: ['*'] },
      { index: 2, sid: null, actions: ['IAM:**'], resources: ['arn:aws:iam::*:role/x'] },
    ]);
  });

  it('counts Action * on specific resources as every service on them', () => {
    const roles = [supportRole(), roleDetail('app', { RolePolicyList: [inline('bucket', policyDoc(allow('*', 'arn:aws:s3:::data/*')))] })];
    const found = failures(serviceWildcard, { roles });
    expect(found.map((f) => [f.resource, f.qualifier, f.details?.statements])).toEqual([
      [roleArn('app'), 'inline:bucket', [{ index: 0, sid: null, actions: ['*'], resources: ['arn:aws:s3:::data/*'] }]],
    ]);
  });

  it('leaves a statement that admin-policy reports to admin-policy, and reports the policy\'s other statements', () => {
    const policies = [managedPolicy('Mixed', policyDoc(allow(['*', 'iam:*']), allow('s3:*')))];
    expect(failures(serviceWildcard, { policies }).map((f) => f.details?.statements)).toEqual([[{ index: 1, sid: null, actions: ['s3:*'], resources: ['*'] }]]);
    expect(failures(adminPolicy, { policies }).map((f) => f.resource)).toEqual([policyArn('Mixed')]);
  });

  it('passes for named actions', () => {
    const users = [userDetail('alice', { UserPolicyList: [inline('read', policyDoc(allow(['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::b/*')))] })];
    expect(failures(serviceWildcard, { users })).toEqual([]);
  });

  it('near misses: partial wildcards, Deny, NotAction, unattached policies, service-linked roles', () => {
    const policies = [
      managedPolicy('Reads', policyDoc(allow(['s3:Get*', 'ec2:Describe*']))),
      managedPolicy('Named', policyDoc(allow(['sts:AssumeRole', 'sts:GetCallerIdentity']))),
      managedPolicy('DenyS3', policyDoc({ Effect: 'Deny', Action: 's3:*', Resource: '*' })),
      managedPolicy('NotS3', policyDoc({ Effect: 'Allow', NotAction: 's3:*', Resource: 'arn:aws:s3:::b' })),
      managedPolicy('Unattached', policyDoc(allow('s3:*')), { AttachmentCount: 0 }),
    ];
    const roles = [supportRole(), serviceLinkedRole('AWSServiceRoleForX', { RolePolicyList: [inline('all', policyDoc(allow('s3:*')))] })];
    expect(failures(serviceWildcard, { policies, roles })).toEqual([]);
  });
});
