import { describe, expect, it } from 'vitest';
import { passwordPolicyMissing } from '../../shared/checks/password-policy-missing.js';
import { ROOT_ARN, failures, goodPasswordPolicy, run } from '../helpers/account.js';

describe('password-policy-missing', () => {
  it('fails when the account has no password policy ({"PasswordPolicy": null})', () => {
    const found = failures(passwordPolicyMissing, { passwordPolicy: null });
    expect(found).toHaveLength(1);
    expect(found[0].resource).toBe(ROOT_ARN);
    expect(found[0].message).toMatch(/no password policy/);
  });

  it('passes when a policy exists', () => {
    expect(failures(passwordPolicyMissing, { passwordPolicy: goodPasswordPolicy })).toEqual([]);
  });

  it('near miss: a weak policy is password-policy-weak\'s, not a missing one', () => {
    expect(failures(passwordPolicyMissing, { passwordPolicy: { MinimumPasswordLength: 6 } })).toEqual([]);
  });

  it('not collected is not "missing": the engine skips the check', () => {
    const e = run([passwordPolicyMissing], { omit: ['passwordPolicy'] });
    expect(e.findings).toEqual([]);
    expect(e.skippedChecks).toEqual([{ checkId: 'password-policy-missing', missing: ['passwordPolicy'] }]);
  });

  it('carries its catalog metadata', () => {
    expect(passwordPolicyMissing).toMatchObject({ id: 'password-policy-missing', severity: 'high', resourceKinds: ['account'], inputs: ['passwordPolicy'] });
    expect(passwordPolicyMissing.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.8', 'CIS v5.0.0 1.7', 'CIS v3.0.0 1.9', 'CIS v5.0.0 1.8', 'SecurityHub IAM.7']);
    expect(passwordPolicyMissing.remediation.length).toBeGreaterThan(20);
  });
});
