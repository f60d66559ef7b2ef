import { describe, expect, it } from 'vitest';
import { adminGranted } from '../../shared/detections/admin-granted.js';
import { awsPolicyArn, groupArn, iamCall, matchOf, policyArn, policyJson, roleArn, userArn } from './records.js';

const ADMIN_STATEMENT = { Effect: 'Allow', Action: '*', Resource: '*' };

describe('admin-granted', () => {
  it('fires when AdministratorAccess or IAMFullAccess is attached to a user, group or role', () => {
    expect(matchOf(adminGranted, iamCall('AttachUserPolicy', { requestParameters: { userName: 'quinn', policyArn: awsPolicyArn('AdministratorAccess') } }))).toEqual({
      resource: userArn('quinn'),
      message: 'AdministratorAccess was attached to user quinn',
    });
    expect(matchOf(adminGranted, iamCall('AttachGroupPolicy', { requestParameters: { groupName: 'ops', policyArn: awsPolicyArn('IAMFullAccess') } }))?.resource).toBe(groupArn('ops'));
    expect(matchOf(adminGranted, iamCall('AttachRolePolicy', { requestParameters: { roleName: 'ci', policyArn: awsPolicyArn('AdministratorAccess') } }))?.resource).toBe(roleArn('ci'));
  });

  it('fires for the AWS managed policy in another partition', () => {
    const record = iamCall('AttachUserPolicy', { awsRegion: 'us-gov-west-1', requestParameters: { userName: 'quinn', policyArn: 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess' } });
    expect(matchOf(adminGranted, record)).not.toBeNull();
  });

  it('fires when an inline policy allowing * or iam:* on * is put', () => {
    const put = iamCall('PutUserPolicy', { requestParameters: { userName: 'quinn', policyName: 'break-glass', policyDocument: policyJson([ADMIN_STATEMENT]) } });
    expect(matchOf(adminGranted, put)).toEqual({ resource: userArn('quinn'), message: 'Inline policy break-glass granting administrator access was put on user quinn' });
    const iamStar = iamCall('PutRolePolicy', {
      requestParameters: { roleName: 'ci', policyName: 'iam-admin', policyDocument: policyJson([{ Effect: 'Allow', Action: ['iam:*'], Resource: ['*'] }]) },
    });
    expect(matchOf(adminGranted, iamStar)?.resource).toBe(roleArn('ci'));
  });

  it('judges the document as IAM would: every spelling of all of IAM on every resource', () => {
    const spellings = [
      [{ Effect: 'Allow', Action: 'iam:*?', Resource: '*' }],
      [{ Effect: 'Allow', Action: 'iam:**', Resource: '*' }],
      [{ Effect: 'Allow', Action: 'i?m:*', Resource: '*' }],
      [{ Effect: 'Allow', Action: '*:**', Resource: '*' }],
      [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }, { Effect: 'Allow', NotAction: ['iam:Get*', 'iam:List*'], Resource: 'arn:aws:iam::111122223333:*' }],
      [{ Effect: 'Allow', Action: 'iam:*', NotResource: 'arn:aws:s3:::secrets/*' }],
    ];
    for (const statements of spellings) {
      const record = iamCall('PutUserPolicy', { requestParameters: { userName: 'quinn', policyName: 'p', policyDocument: policyJson(statements) } });
      expect(matchOf(adminGranted, record)?.resource, JSON.stringify(statements)).toBe(userArn('quinn'));
    }
  });

  it('reads a self-service statement for the user it is put on: ${aws:username} is that user only', () => {
    const selfOnly = [{ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::*:user/${aws:username}' }];
    const record = iamCall('PutUserPolicy', { requestParameters: { userName: 'quinn', policyName: 'self', policyDocument: policyJson(selfOnly) } });
    expect(matchOf(adminGranted, record)).toBeNull();
  });

  it('near miss: an administrator document cut by a Deny of some IAM action', () => {
    const denied = [ADMIN_STATEMENT, { Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }];
    expect(matchOf(adminGranted, iamCall('PutRolePolicy', { requestParameters: { roleName: 'ci', policyName: 'p', policyDocument: policyJson(denied) } }))).toBeNull();
  });

  it('fires when a new default policy version allows * on *', () => {
    const record = iamCall('CreatePolicyVersion', {
      requestParameters: { policyArn: policyArn('OpsAccess'), policyDocument: policyJson([ADMIN_STATEMENT]), setAsDefault: true },
      responseElements: { policyVersion: { versionId: 'v3', isDefaultVersion: true, createDate: 'Nov 10, 2026, 10:00:00 AM' } },
    });
    expect(matchOf(adminGranted, record)?.resource).toBe(policyArn('OpsAccess'));
  });

  it('near miss: attaching a harmless managed policy, or a customer policy that only shares the name', () => {
    expect(matchOf(adminGranted, iamCall('AttachUserPolicy', { requestParameters: { userName: 'quinn', policyArn: awsPolicyArn('ReadOnlyAccess') } }))).toBeNull();
    expect(matchOf(adminGranted, iamCall('AttachUserPolicy', { requestParameters: { userName: 'quinn', policyArn: policyArn('AdministratorAccess') } }))).toBeNull();
  });

  it('near miss: inline policies that are broad but not administrator', () => {
    const cases = [
      [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
      [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::build-artifacts/*' }],
      [{ Effect: 'Deny', Action: '*', Resource: '*' }],
    ];
    for (const statements of cases) {
      const record = iamCall('PutUserPolicy', { requestParameters: { userName: 'quinn', policyName: 'p', policyDocument: policyJson(statements) } });
      expect(matchOf(adminGranted, record)).toBeNull();
    }
  });

  it('near miss: an admin version not set as default, a failed attach, and an unreadable document', () => {
    const notDefault = iamCall('CreatePolicyVersion', { requestParameters: { policyArn: policyArn('OpsAccess'), policyDocument: policyJson([ADMIN_STATEMENT]), setAsDefault: false } });
    expect(matchOf(adminGranted, notDefault)).toBeNull();
    const denied = iamCall('AttachUserPolicy', { requestParameters: { userName: 'quinn', policyArn: awsPolicyArn('AdministratorAccess') }, errorCode: 'AccessDenied' });
    expect(matchOf(adminGranted, denied)).toBeNull();
    const garbled = iamCall('PutUserPolicy', { requestParameters: { userName: 'quinn', policyName: 'p', policyDocument: '{"Statement": [' } });
    expect(matchOf(adminGranted, garbled)).toBeNull();
  });
});
