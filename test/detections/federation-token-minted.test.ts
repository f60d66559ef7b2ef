import { describe, expect, it } from 'vitest';
import { federationTokenMinted } from '../../shared/detections/federation-token-minted.js';
import { apiCall, assumedRole, iamUser, matchOf, rootWithKey, userArn } from './records.js';

const sts = (eventName: string, userIdentity = iamUser('build-agent'), errorCode?: string) =>
  apiCall('sts.amazonaws.com', eventName, {
    userIdentity,
    readOnly: true,
    errorCode,
    requestParameters: { name: 'nightly', durationSeconds: 3600 },
    responseElements: errorCode ? null : { federatedUser: { federatedUserId: '111122223333:nightly', arn: 'arn:aws:sts::111122223333:federated-user/nightly' } },
  });

describe('federation-token-minted', () => {
  it('fires when an IAM user mints a federation token', () => {
    expect(matchOf(federationTokenMinted, sts('GetFederationToken'))).toEqual({
      resource: userArn('build-agent'),
      message: 'IAM user build-agent minted federation token arn:aws:sts::111122223333:federated-user/nightly valid for 1 h',
    });
  });

  it('near miss: GetSessionToken, a failed call, root (root-activity\'s) and a role', () => {
    expect(matchOf(federationTokenMinted, sts('GetSessionToken'))).toBeNull();
    expect(matchOf(federationTokenMinted, sts('GetFederationToken', iamUser('build-agent'), 'AccessDenied'))).toBeNull();
    expect(matchOf(federationTokenMinted, sts('GetFederationToken', rootWithKey()))).toBeNull();
    expect(matchOf(federationTokenMinted, sts('GetFederationToken', assumedRole()))).toBeNull();
  });
});
