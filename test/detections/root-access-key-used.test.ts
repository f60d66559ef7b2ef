import { describe, expect, it } from 'vitest';
import { rootAccessKeyUsed } from '../../shared/detections/root-access-key-used.js';
import { ROOT_ARN, apiCall, iamCall, iamUser, matchOf, root, rootWithKey } from './records.js';

describe('root-access-key-used', () => {
  it('fires on a root call signed with a long-term (AKIA) key', () => {
    const record = apiCall('s3.amazonaws.com', 'ListBuckets', { userIdentity: rootWithKey('AKIAEXAMPLEROOTKEY01'), readOnly: true });
    expect(matchOf(rootAccessKeyUsed, record)).toEqual({
      resource: ROOT_ARN,
      message: 'Root access key AKIAEXAMPLEROOTKEY01 was used to call s3:ListBuckets from 198.51.100.7',
    });
  });

  it('near miss: root in a console session uses temporary (ASIA) credentials', () => {
    expect(matchOf(rootAccessKeyUsed, iamCall('CreateUser', { userIdentity: root() }))).toBeNull();
  });

  it('near miss: an IAM user long-term key, and a failed root-key call', () => {
    expect(matchOf(rootAccessKeyUsed, iamCall('ListUsers', { userIdentity: iamUser('alice', 'AKIAEXAMPLEALICE0001') }))).toBeNull();
    expect(matchOf(rootAccessKeyUsed, iamCall('CreateUser', { userIdentity: rootWithKey(), errorCode: 'AccessDenied' }))).toBeNull();
  });
});
