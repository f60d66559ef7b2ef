import { describe, expect, it } from 'vitest';
import { compromisedKeyQuarantine } from '../../shared/detections/compromised-key-quarantine.js';
import { awsPolicyArn, awsService, iamCall, iamUser, matchOf, policyArn, userArn } from './records.js';

describe('compromised-key-quarantine', () => {
  it('fires when AWS\'s quarantine policy is attached to a user, by AWS itself or by anyone', () => {
    const attach = (who = iamUser('sec-oncall')) =>
      iamCall('AttachUserPolicy', { userIdentity: who, requestParameters: { userName: 'rita', policyArn: awsPolicyArn('AWSCompromisedKeyQuarantineV2') } });
    expect(matchOf(compromisedKeyQuarantine, attach())).toEqual({
      resource: userArn('rita'),
      message: `AWSCompromisedKeyQuarantineV2 was put on ${userArn('rita')}: AWS found its access key exposed`,
    });
    expect(matchOf(compromisedKeyQuarantine, attach(awsService('support.amazonaws.com')))).not.toBeNull();
    const v3 = iamCall('AttachUserPolicy', { requestParameters: { userName: 'rita', policyArn: awsPolicyArn('AWSCompromisedKeyQuarantineV3') } });
    expect(matchOf(compromisedKeyQuarantine, v3)).not.toBeNull();
  });

  it('fires on an inline policy so named', () => {
    const put = iamCall('PutUserPolicy', { requestParameters: { userName: 'rita', policyName: 'AWSCompromisedKeyQuarantine', policyDocument: '{}' } });
    expect(matchOf(compromisedKeyQuarantine, put)?.message).toContain('inline policy AWSCompromisedKeyQuarantine');
  });

  it('near miss: a customer managed policy of that name, another policy, another principal kind, a failed call', () => {
    expect(matchOf(compromisedKeyQuarantine, iamCall('AttachUserPolicy', { requestParameters: { userName: 'rita', policyArn: policyArn('AWSCompromisedKeyQuarantineV2') } }))).toBeNull();
    expect(matchOf(compromisedKeyQuarantine, iamCall('AttachUserPolicy', { requestParameters: { userName: 'rita', policyArn: awsPolicyArn('ReadOnlyAccess') } }))).toBeNull();
    expect(matchOf(compromisedKeyQuarantine, iamCall('AttachRolePolicy', { requestParameters: { roleName: 'ci', policyArn: awsPolicyArn('AWSCompromisedKeyQuarantineV2') } }))).toBeNull();
    expect(
      matchOf(compromisedKeyQuarantine, iamCall('AttachUserPolicy', { requestParameters: { userName: 'rita', policyArn: awsPolicyArn('AWSCompromisedKeyQuarantineV2') }, errorCode: 'NoSuchEntity' })),
    ).toBeNull();
  });
});
