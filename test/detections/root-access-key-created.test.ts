import { describe, expect, it } from 'vitest';
import { rootAccessKeyCreated } from '../../shared/detections/root-access-key-created.js';
import { ROOT_ARN, iamCall, iamUserConsole, matchOf, root } from './records.js';

const newKey = (userName: string) => ({
  accessKey: { userName, accessKeyId: 'AKIAEXAMPLENEWKEY001', status: 'Active', createDate: 'Nov 10, 2026, 10:00:00 AM' },
});

describe('root-access-key-created', () => {
  it('fires when root creates an access key for itself (no userName in the request)', () => {
    const record = iamCall('CreateAccessKey', { userIdentity: root(), requestParameters: null, responseElements: newKey('111122223333') });
    expect(matchOf(rootAccessKeyCreated, record)).toEqual({
      resource: ROOT_ARN,
      message: 'The root user created an access key for itself (AKIAEXAMPLENEWKEY001)',
    });
    expect(matchOf(rootAccessKeyCreated, iamCall('CreateAccessKey', { userIdentity: root(), requestParameters: {} }))).not.toBeNull();
  });

  it('near miss: root creating a key for a named IAM user', () => {
    const record = iamCall('CreateAccessKey', { userIdentity: root(), requestParameters: { userName: 'build-agent' }, responseElements: newKey('build-agent') });
    expect(matchOf(rootAccessKeyCreated, record)).toBeNull();
  });

  it('near miss: a failed call, and an IAM user creating its own key', () => {
    expect(matchOf(rootAccessKeyCreated, iamCall('CreateAccessKey', { userIdentity: root(), errorCode: 'LimitExceeded' }))).toBeNull();
    expect(matchOf(rootAccessKeyCreated, iamCall('CreateAccessKey', { userIdentity: iamUserConsole('alice'), responseElements: newKey('alice') }))).toBeNull();
  });
});
