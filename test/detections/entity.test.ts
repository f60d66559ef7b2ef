import { describe, expect, it } from 'vitest';
import { entityOfEvent } from '../../shared/detections/entity.js';
import { ACCOUNT, apiCall, awsPolicyArn, groupArn, iamCall, iamUserConsole, policyArn, policyJson, roleArn, root, userArn } from './records.js';

const user = (name: string, arn = userArn(name)) => ({ kind: 'user', name, arn });
const group = (name: string) => ({ kind: 'group', name, arn: groupArn(name) });
const role = (name: string, arn = roleArn(name)) => ({ kind: 'role', name, arn });
const policy = (name: string, arn = policyArn(name)) => ({ kind: 'policy', name, arn });

describe('entityOfEvent', () => {
  it('names the user, group or role a change is about', () => {
    expect(entityOfEvent(iamCall('AttachUserPolicy', { requestParameters: { userName: 'quinn', policyArn: awsPolicyArn('ReadOnlyAccess') } }))).toEqual(user('quinn'));
    expect(entityOfEvent(iamCall('AttachGroupPolicy', { requestParameters: { groupName: 'ops', policyArn: policyArn('OpsAccess') } }))).toEqual(group('ops'));
    expect(entityOfEvent(iamCall('PutRolePolicy', { requestParameters: { roleName: 'ci', policyName: 'p', policyDocument: policyJson([]) } }))).toEqual(role('ci'));
    expect(entityOfEvent(iamCall('DeactivateMFADevice', { requestParameters: { userName: 'quinn', serialNumber: 'arn:aws:iam::111122223333:mfa/quinn' } }))).toEqual(user('quinn'));
    expect(entityOfEvent(iamCall('UpdateAssumeRolePolicy', { requestParameters: { roleName: 'deploy', policyDocument: policyJson([]) } }))).toEqual(role('deploy'));
  });

  it('AddUserToGroup and RemoveUserFromGroup name the user, whose rights change', () => {
    expect(entityOfEvent(iamCall('AddUserToGroup', { requestParameters: { groupName: 'admins', userName: 'quinn' } }))).toEqual(user('quinn'));
    expect(entityOfEvent(iamCall('RemoveUserFromGroup', { requestParameters: { groupName: 'admins', userName: 'quinn' } }))).toEqual(user('quinn'));
  });

  it('names policies by ARN: new versions, deletions, creations', () => {
    expect(entityOfEvent(iamCall('CreatePolicyVersion', { requestParameters: { policyArn: policyArn('OpsAccess'), policyDocument: policyJson([]), setAsDefault: true } }))).toEqual(
      policy('OpsAccess'),
    );
    expect(entityOfEvent(iamCall('DeletePolicy', { requestParameters: { policyArn: policyArn('Old') } }))).toEqual(policy('Old'));
    // Set*: rolling a policy back to another version changes what its holders may do.
    expect(entityOfEvent(iamCall('SetDefaultPolicyVersion', { requestParameters: { policyArn: policyArn('OpsAccess'), versionId: 'v1' } }))).toEqual(policy('OpsAccess'));
    expect(entityOfEvent(iamCall('DeletePolicyVersion', { requestParameters: { policyArn: policyArn('OpsAccess'), versionId: 'v1' } }))).toEqual(policy('OpsAccess'));
    expect(entityOfEvent(iamCall('SetDefaultPolicyVersion', { requestParameters: { policyArn: policyArn('OpsAccess'), versionId: 'v9' }, errorCode: 'NoSuchEntity' }))).toBeNull();
    const created = iamCall('CreatePolicy', {
      requestParameters: { policyName: 'Deploy', path: '/ci/', policyDocument: policyJson([]) },
      responseElements: { policy: { policyName: 'Deploy', arn: `arn:aws:iam::${ACCOUNT}:policy/ci/Deploy`, path: '/ci/', defaultVersionId: 'v1' } },
    });
    expect(entityOfEvent(created)).toEqual(policy('Deploy', `arn:aws:iam::${ACCOUNT}:policy/ci/Deploy`));
  });

  it('uses the created entity\'s ARN (with its path), and the new name after a rename', () => {
    const created = iamCall('CreateRole', {
      requestParameters: { roleName: 'deploy', path: '/ci/', assumeRolePolicyDocument: policyJson([]) },
      responseElements: { role: { roleName: 'deploy', path: '/ci/', arn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy` } },
    });
    expect(entityOfEvent(created)).toEqual(role('deploy', `arn:aws:iam::${ACCOUNT}:role/ci/deploy`));
    expect(entityOfEvent(iamCall('CreateUser', { requestParameters: { userName: 'dana', path: '/staff/' } }))).toEqual(user('dana', `arn:aws:iam::${ACCOUNT}:user/staff/dana`));
    expect(entityOfEvent(iamCall('UpdateUser', { requestParameters: { userName: 'dana', newUserName: 'dana.k' } }))).toEqual(user('dana.k'));
  });

  it('a service-linked role is named by the response', () => {
    const record = iamCall('CreateServiceLinkedRole', {
      requestParameters: { aWSServiceName: 'elasticbeanstalk.amazonaws.com' },
      responseElements: { role: { roleName: 'AWSServiceRoleForElasticBeanstalk', path: '/aws-service-role/elasticbeanstalk.amazonaws.com/', arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk` } },
    });
    expect(entityOfEvent(record)?.name).toBe('AWSServiceRoleForElasticBeanstalk');
  });

  it('ChangePassword, and CreateAccessKey with no userName, name the calling IAM user', () => {
    const caller = iamUserConsole('quinn');
    expect(entityOfEvent(iamCall('ChangePassword', { userIdentity: caller, requestParameters: { oldPassword: 'HIDDEN', newPassword: 'HIDDEN' } }))).toEqual(user('quinn'));
    expect(entityOfEvent(iamCall('CreateAccessKey', { userIdentity: caller }))).toEqual(user('quinn'));
  });

  it('root-only account settings, and root acting on itself, name nothing', () => {
    expect(entityOfEvent(iamCall('UpdateAccountPasswordPolicy', { requestParameters: { minimumPasswordLength: 14 } }))).toBeNull();
    expect(entityOfEvent(iamCall('CreateAccountAlias', { requestParameters: { accountAlias: 'prod' } }))).toBeNull();
    expect(entityOfEvent(iamCall('CreateAccessKey', { userIdentity: root() }))).toBeNull();
  });

  it('near miss: reads, tags, failed calls and other services name nothing', () => {
    expect(entityOfEvent(iamCall('GetUser', { requestParameters: { userName: 'quinn' }, readOnly: true }))).toBeNull();
    expect(entityOfEvent(iamCall('TagUser', { requestParameters: { userName: 'quinn', tags: [{ key: 'team', value: 'ops' }] } }))).toBeNull();
    expect(entityOfEvent(iamCall('UntagRole', { requestParameters: { roleName: 'ci', tagKeys: ['team'] } }))).toBeNull();
    expect(entityOfEvent(iamCall('DeleteUser', { requestParameters: { userName: 'quinn' }, errorCode: 'DeleteConflict' }))).toBeNull();
    expect(entityOfEvent(apiCall('s3.amazonaws.com', 'DeleteBucket', { requestParameters: { bucketName: 'b' } }))).toBeNull();
  });
});
