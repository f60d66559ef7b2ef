/**
 * Judging an account password policy against the configured requirements.
 * Shared by the password-policy-weak check and the password-policy-weakened
 * detection so both report the same failing requirements.
 */
import type { Config } from '../config/schema.js';
import type { PasswordPolicy } from '../snapshot/types.js';

export interface PasswordRequirementFailure {
  /** Stable requirement name: minLength, reusePrevention, maxAgeDays, require.upper, … */
  readonly requirement: string;
  readonly expected: string;
  readonly actual: string;
}

const CLASS_FIELDS = {
  upper: ['requireUppercaseCharacters', 'an uppercase letter'],
  lower: ['requireLowercaseCharacters', 'a lowercase letter'],
  number: ['requireNumbers', 'a number'],
  symbol: ['requireSymbols', 'a symbol'],
} as const;

export function passwordPolicyFailures(
  policy: PasswordPolicy,
  requirements: Config['passwordPolicy'],
): PasswordRequirementFailure[] {
  const out: PasswordRequirementFailure[] = [];
  const length = policy.minimumPasswordLength ?? 0;
  if (length < requirements.minLength) {
    out.push({ requirement: 'minLength', expected: `at least ${requirements.minLength}`, actual: String(length) });
  }
  const reuse = policy.passwordReusePrevention ?? 0;
  if (reuse < requirements.reusePrevention) {
    out.push({
      requirement: 'reusePrevention',
      expected: `remember at least ${requirements.reusePrevention}`,
      actual: reuse ? String(reuse) : 'off',
    });
  }
  const maxAge = policy.expirePasswords && policy.maxPasswordAge ? policy.maxPasswordAge : null;
  if (maxAge === null || maxAge > requirements.maxAgeDays) {
    out.push({
      requirement: 'maxAgeDays',
      expected: `passwords expire within ${requirements.maxAgeDays} days`,
      actual: maxAge === null ? 'never expire' : `${maxAge} days`,
    });
  }
  for (const cls of requirements.require) {
    const [field, label] = CLASS_FIELDS[cls];
    if (!policy[field]) out.push({ requirement: `require.${cls}`, expected: `require ${label}`, actual: 'not required' });
  }
  return out;
}
