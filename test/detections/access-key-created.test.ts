import { describe, expect, it } from 'vitest';
import { accessKeyCreated } from '../../shared/detections/access-key-created.js';
import { iamCall, iamUser, iamUserConsole, matchOf, root, userArn } from './records.js';

const newKey = (userName: string) => ({
  accessKey: { userName, accessKeyId: 'AKIAEXAMPLENEWKEY002', status: 'Active', createDate: 'Nov 10, 2026, 10:00:00 AM' },
});

describe('access-key-created', () => {
  it('fires when a key is created for a named IAM user', () => {
    const record = iamCall('CreateAccessKey', { userIdentity: iamUser('admin'), requestParameters: { userName: 'build-agent' }, responseElements: newKey('build-agent') });
    expect(matchOf(accessKeyCreated, record)).toEqual({
      resource: userArn('build-agent'),
      message: 'Access key AKIAEXAMPLENEWKEY002 was created for IAM user build-agent',
    });
  });

  it('fires when an IAM user creates a key for itself (no userName)', () => {
    const record = iamCall('CreateAccessKey', { userIdentity: iamUserConsole('alice'), responseElements: newKey('alice') });
    expect(matchOf(accessKeyCreated, record)?.resource).toBe(userArn('alice'));
  });

  it('fires when root creates a key for a named IAM user', () => {
    const record = iamCall('CreateAccessKey', { userIdentity: root(), requestParameters: { userName: 'build-agent' } });
    expect(matchOf(accessKeyCreated, record)?.resource).toBe(userArn('build-agent'));
  });

  it('near miss: root creating its own key is root-access-key-created, not this rule', () => {
    expect(matchOf(accessKeyCreated, iamCall('CreateAccessKey', { userIdentity: root() }))).toBeNull();
  });

  it('near miss: a failed creation, and a key status change', () => {
    expect(matchOf(accessKeyCreated, iamCall('CreateAccessKey', { requestParameters: { userName: 'build-agent' }, errorCode: 'LimitExceeded' }))).toBeNull();
    expect(
      matchOf(accessKeyCreated, iamCall('UpdateAccessKey', { requestParameters: { userName: 'build-agent', accessKeyId: 'AKIAEXAMPLENEWKEY002', status: 'Active' } })),
    ).toBeNull();
  });
});
