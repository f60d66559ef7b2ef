import { describe, expect, it } from 'vitest';
import { backdoorCredentials } from '../../shared/detections/backdoor-credentials.js';
import { DetectionRun } from '../../shared/detections/detect.js';
import { defaultConfig } from '../../shared/config/schema.js';
import { assumedRole, federatedUser, iamCall, iamUser, iamUserConsole, matchOf, root, userArn } from './records.js';
import type { CloudTrailUserIdentity } from '../../shared/detections/record.js';

const forUser = (eventName: string, userName: string | undefined, userIdentity: CloudTrailUserIdentity, errorCode?: string) =>
  iamCall(eventName, { userIdentity, requestParameters: userName ? { userName, ...(eventName === 'CreateAccessKey' ? {} : { passwordResetRequired: true }) } : null, errorCode });

describe('backdoor-credentials', () => {
  it('fires when one IAM user makes a key or a console password for another', () => {
    expect(matchOf(backdoorCredentials, forUser('CreateLoginProfile', 'quinn', iamUser('ops-lead')))).toEqual({
      resource: userArn('quinn'),
      message: `${userArn('ops-lead')} created a console password for IAM user quinn`,
    });
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', 'build-agent', iamUserConsole('ops-lead')))?.message).toBe(
      `${userArn('ops-lead')} created an access key for IAM user build-agent`,
    );
    expect(matchOf(backdoorCredentials, forUser('UpdateLoginProfile', 'quinn', iamUser('ops-lead')))?.message).toContain('a new console password');
  });

  it('fires for root making a key for an IAM user, and for a role session', () => {
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', 'ci-deploy', root()))?.message).toBe('The root user created an access key for IAM user ci-deploy');
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', 'ci-deploy', assumedRole()))?.resource).toBe(userArn('ci-deploy'));
  });

  it('near miss: the caller is the target user (named in any case, or not named at all), paths ignored', () => {
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', 'alice', iamUser('alice')))).toBeNull();
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', 'Alice', iamUser('alice')))).toBeNull();
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', undefined, iamUser('alice')))).toBeNull();
    const withPath = { ...iamUser('alice'), arn: 'arn:aws:iam::111122223333:user/engineering/alice' };
    expect(matchOf(backdoorCredentials, forUser('UpdateLoginProfile', 'alice', withPath))).toBeNull();
    // A federated session of the user acts with that user's rights.
    const session = federatedUser('bob');
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', 'sso-broker', session))).toBeNull();
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', 'alice', session))).not.toBeNull();
  });

  it('near miss: a failed call, and root making its own key', () => {
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', 'quinn', iamUser('ops-lead'), 'LimitExceeded'))).toBeNull();
    expect(matchOf(backdoorCredentials, forUser('CreateAccessKey', undefined, root()))).toBeNull();
    expect(matchOf(backdoorCredentials, forUser('DeleteLoginProfile', 'quinn', iamUser('ops-lead')))).toBeNull();
  });

  it('fires beside access-key-created and login-profile-changed', () => {
    const run = new DetectionRun(defaultConfig);
    run.add(forUser('CreateAccessKey', 'quinn', iamUser('ops-lead')));
    run.add(forUser('CreateLoginProfile', 'quinn', iamUser('ops-lead')));
    expect(run.result().detections.map((d) => d.ruleId).sort()).toEqual(['access-key-created', 'backdoor-credentials', 'backdoor-credentials', 'login-profile-changed']);
  });
});
