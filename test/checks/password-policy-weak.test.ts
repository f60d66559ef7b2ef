import { describe, expect, it } from 'vitest';
import { passwordPolicyWeak } from '../../shared/checks/password-policy-weak.js';
import { ROOT_ARN, failures, goodPasswordPolicy } from '../helpers/account.js';

const requirements = (found: ReturnType<typeof failures>) =>
  (found[0].details!.failures as { requirement: string }[]).map((f) => f.requirement);

describe('password-policy-weak', () => {
  it('fails once, listing each failing requirement', () => {
    const found = failures(passwordPolicyWeak, {
      passwordPolicy: { ...goodPasswordPolicy, MinimumPasswordLength: 8, RequireSymbols: false, PasswordReusePrevention: undefined },
    });
    expect(found).toHaveLength(1);
    expect(found[0].resource).toBe(ROOT_ARN);
    expect(requirements(found)).toEqual(['minLength', 'reusePrevention', 'require.symbol']);
    expect(found[0].message).toBe(
      'The account password policy fails 3 requirements: minLength: 8, expected at least 14; reusePrevention: off, expected remember at least 24; require.symbol: not required, expected require a symbol',
    );
  });

  it('fails when passwords never expire', () => {
    const found = failures(passwordPolicyWeak, { passwordPolicy: { ...goodPasswordPolicy, ExpirePasswords: false, MaxPasswordAge: undefined } });
    expect(requirements(found)).toEqual(['maxAgeDays']);
    expect(found[0].message).toMatch(/^The account password policy fails 1 requirement: maxAgeDays: never expire/);
  });

  it('passes a policy meeting every requirement, at the exact thresholds', () => {
    expect(failures(passwordPolicyWeak, { passwordPolicy: goodPasswordPolicy })).toEqual([]);
  });

  it('near miss: one below and one above each numeric threshold', () => {
    expect(requirements(failures(passwordPolicyWeak, { passwordPolicy: { ...goodPasswordPolicy, MinimumPasswordLength: 13 } }))).toEqual(['minLength']);
    expect(requirements(failures(passwordPolicyWeak, { passwordPolicy: { ...goodPasswordPolicy, PasswordReusePrevention: 23 } }))).toEqual(['reusePrevention']);
    expect(requirements(failures(passwordPolicyWeak, { passwordPolicy: { ...goodPasswordPolicy, MaxPasswordAge: 91 } }))).toEqual(['maxAgeDays']);
  });

  it('judges against the configured requirements', () => {
    const config = { passwordPolicy: { minLength: 8, reusePrevention: 5, maxAgeDays: 365, require: ['lower' as const] } };
    const lenient = { MinimumPasswordLength: 8, RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 365, PasswordReusePrevention: 5 };
    expect(failures(passwordPolicyWeak, { passwordPolicy: lenient }, config)).toEqual([]);
    expect(requirements(failures(passwordPolicyWeak, { passwordPolicy: { ...lenient, RequireLowercaseCharacters: false } }, config))).toEqual(['require.lower']);
    expect(failures(passwordPolicyWeak, { passwordPolicy: lenient })).toHaveLength(1);
  });

  it('near miss: no policy at all is password-policy-missing\'s', () => {
    expect(failures(passwordPolicyWeak, { passwordPolicy: null })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(passwordPolicyWeak).toMatchObject({ id: 'password-policy-weak', severity: 'medium', resourceKinds: ['account'], inputs: ['passwordPolicy'] });
    expect(passwordPolicyWeak.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.8', 'CIS v5.0.0 1.7', 'CIS v3.0.0 1.9', 'CIS v5.0.0 1.8', 'SecurityHub IAM.7', 'SecurityHub IAM.10', 'SecurityHub IAM.11', 'SecurityHub IAM.12', 'SecurityHub IAM.13', 'SecurityHub IAM.14', 'SecurityHub IAM.15', 'SecurityHub IAM.16', 'AWSConfig iam-password-policy']);
    expect(passwordPolicyWeak.remediation.length).toBeGreaterThan(20);
  });
});
