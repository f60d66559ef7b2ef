import { describe, expect, it } from 'vitest';
import { policyDefaultVersionSet } from '../../shared/detections/policy-default-version-set.js';
import { assumedRole, iamCall, matchOf, policyArn } from './records.js';

const setDefault = (versionId: string, errorCode?: string) =>
  iamCall('SetDefaultPolicyVersion', { userIdentity: assumedRole(), requestParameters: { policyArn: policyArn('BillingRead'), versionId }, errorCode });

describe('policy-default-version-set', () => {
  it('fires when a policy is rolled to another version, whatever the version', () => {
    expect(matchOf(policyDefaultVersionSet, setDefault('v1'))).toEqual({
      resource: policyArn('BillingRead'),
      message: `Policy ${policyArn('BillingRead')} now uses version v1 by default`,
    });
    expect(matchOf(policyDefaultVersionSet, setDefault('v5'))).not.toBeNull();
  });

  it('near miss: a failed call (no such version)', () => {
    expect(matchOf(policyDefaultVersionSet, setDefault('v9', 'NoSuchEntityException'))).toBeNull();
  });

  it('near miss: CreatePolicyVersion with setAsDefault is admin-granted\'s to read, not this rule\'s', () => {
    const created = iamCall('CreatePolicyVersion', {
      requestParameters: { policyArn: policyArn('BillingRead'), setAsDefault: true, policyDocument: '{"Version":"2012-10-17","Statement":[]}' },
    });
    expect(matchOf(policyDefaultVersionSet, created)).toBeNull();
  });

  it('near miss: the same name from another service', () => {
    const other = { ...setDefault('v2'), eventSource: 'organizations.amazonaws.com' };
    expect(matchOf(policyDefaultVersionSet, other)).toBeNull();
  });
});
