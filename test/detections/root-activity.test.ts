import { describe, expect, it } from 'vitest';
import { rootActivity } from '../../shared/detections/root-activity.js';
import { ROOT_ARN, apiCall, assumedRole, consoleLogin, iamCall, iamUser, matchOf, root, rootInvokedBy, rootWithKey } from './records.js';

describe('root-activity', () => {
  it('fires on a root console sign-in', () => {
    expect(matchOf(rootActivity, consoleLogin(root(), { mfaUsed: 'Yes' }))).toEqual({
      resource: ROOT_ARN,
      message: 'The root user signed in to the console from 203.0.113.55',
    });
  });

  it('fires on any root API call, read-only ones included', () => {
    expect(matchOf(rootActivity, iamCall('CreateUser', { userIdentity: root(), requestParameters: { userName: 'temp' } }))?.message).toBe(
      'The root user called iam:CreateUser from 198.51.100.7',
    );
    expect(matchOf(rootActivity, apiCall('s3.amazonaws.com', 'ListBuckets', { userIdentity: rootWithKey(), readOnly: true }))?.resource).toBe(ROOT_ARN);
  });

  it('near miss: a failed root sign-in or a denied root call', () => {
    expect(matchOf(rootActivity, consoleLogin(root(), { success: false }))).toBeNull();
    expect(matchOf(rootActivity, iamCall('CreateUser', { userIdentity: root(), errorCode: 'AccessDenied' }))).toBeNull();
  });

  it('near miss: an AWS service acting for root (invokedBy), and AwsServiceEvent records', () => {
    expect(matchOf(rootActivity, apiCall('kms.amazonaws.com', 'Decrypt', { userIdentity: rootInvokedBy('cloudtrail.amazonaws.com'), readOnly: true }))).toBeNull();
    const serviceEvent = apiCall('signin.amazonaws.com', 'CredentialChallenge', {
      userIdentity: { type: 'Root', principalId: '111122223333', arn: ROOT_ARN, accountId: '111122223333' },
      eventType: 'AwsServiceEvent',
      additionalEventData: { CredentialType: 'PASSWORD' },
      responseElements: { CredentialChallenge: 'Success' },
    });
    expect(matchOf(rootActivity, serviceEvent)).toBeNull();
  });

  it('near miss: IAM users and role sessions are not root', () => {
    expect(matchOf(rootActivity, iamCall('CreateUser', { userIdentity: iamUser('alice') }))).toBeNull();
    expect(matchOf(rootActivity, consoleLogin(assumedRole()))).toBeNull();
  });
});
