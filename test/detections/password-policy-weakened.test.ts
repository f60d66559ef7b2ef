import { describe, expect, it } from 'vitest';
import { passwordPolicyWeakened } from '../../shared/detections/password-policy-weakened.js';
import { ROOT_ARN, iamCall, matchOf } from './records.js';

const STRONG = {
  minimumPasswordLength: 14,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  maxPasswordAge: 90,
  passwordReusePrevention: 24,
};

const update = (requestParameters: Record<string, unknown>) => iamCall('UpdateAccountPasswordPolicy', { requestParameters });

describe('password-policy-weakened', () => {
  it('fires when the password policy is deleted', () => {
    expect(matchOf(passwordPolicyWeakened, iamCall('DeleteAccountPasswordPolicy'))).toEqual({
      resource: ROOT_ARN,
      message: 'The account password policy was deleted: IAM users may now choose any password',
    });
  });

  it('fires when an update sets a value below a requirement', () => {
    const found = matchOf(passwordPolicyWeakened, update({ ...STRONG, minimumPasswordLength: 8 }));
    expect(found?.resource).toBe(ROOT_ARN);
    expect(found?.message).toBe('The account password policy was updated below the requirements: minLength 8 (expected at least 14)');
  });

  it('fires when an update leaves parameters out: they take the AWS defaults', () => {
    const { passwordReusePrevention: _reuse, maxPasswordAge: _age, ...rest } = STRONG;
    const message = matchOf(passwordPolicyWeakened, update(rest))?.message ?? '';
    expect(message).toContain('reusePrevention off');
    expect(message).toContain('maxAgeDays never expire');
    expect(message).not.toContain('minLength');
    // An empty update is AWS's default policy: length 8, nothing required.
    expect(matchOf(passwordPolicyWeakened, update({}))?.message).toContain('minLength 8');
  });

  it('near miss: an update that meets every requirement', () => {
    expect(matchOf(passwordPolicyWeakened, update(STRONG))).toBeNull();
    expect(matchOf(passwordPolicyWeakened, update({ ...STRONG, minimumPasswordLength: 20, maxPasswordAge: 60 }))).toBeNull();
  });

  it('near miss: a weaker update that still meets relaxed configured requirements', () => {
    const config = { passwordPolicy: { minLength: 8, reusePrevention: 0, maxAgeDays: 365, require: [] } };
    expect(matchOf(passwordPolicyWeakened, update({ minimumPasswordLength: 8, maxPasswordAge: 365 }), config)).toBeNull();
  });

  it('near miss: failed calls', () => {
    expect(matchOf(passwordPolicyWeakened, iamCall('DeleteAccountPasswordPolicy', { errorCode: 'NoSuchEntity' }))).toBeNull();
    expect(matchOf(passwordPolicyWeakened, iamCall('UpdateAccountPasswordPolicy', { requestParameters: { minimumPasswordLength: 6 }, errorCode: 'AccessDenied' }))).toBeNull();
  });
});
