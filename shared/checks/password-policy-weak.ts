import type { Check } from '../model.js';
import { passwordPolicyFailures } from '../policy/password-policy.js';
import { cis } from './lib/references.js';

export const passwordPolicyWeak: Check = {
  id: 'password-policy-weak',
  title: 'Account password policy is weaker than required',
  severity: 'medium',
  practice:
    'Require long passwords with mixed character classes, expire them, and prevent reuse, so a guessed or leaked password has a short and narrow use.',
  references: [
    ...cis('1.8', '1.7'),
    ...cis('1.9', '1.8'),
    { standard: 'SecurityHub', id: 'IAM.7' },
    { standard: 'SecurityHub', id: 'IAM.10' },
    { standard: 'SecurityHub', id: 'IAM.11' },
    { standard: 'SecurityHub', id: 'IAM.12' },
    { standard: 'SecurityHub', id: 'IAM.13' },
    { standard: 'SecurityHub', id: 'IAM.14' },
    { standard: 'SecurityHub', id: 'IAM.15' },
    { standard: 'SecurityHub', id: 'IAM.16' },
    { standard: 'AWSConfig', id: 'iam-password-policy' },
  ],
  remediation:
    'Update the policy to meet every configured requirement (defaults shown; the command replaces the whole policy, so pass every setting): aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --max-password-age 90 --password-reuse-prevention 24 --allow-users-to-change-password',
  inputs: ['passwordPolicy'],
  resourceKinds: ['account'],
  evaluate(snapshot, config) {
    const policy = snapshot.passwordPolicy;
    if (!policy) return [];
    const failures = passwordPolicyFailures(policy, config.passwordPolicy);
    if (failures.length === 0) return [];
    const listed = failures.map((f) => `${f.requirement}: ${f.actual}, expected ${f.expected}`).join('; ');
    return [
      {
        resource: snapshot.rootArn,
        message: `The account password policy fails ${failures.length} requirement${failures.length === 1 ? '' : 's'}: ${listed}`,
        details: { failures, requirements: config.passwordPolicy },
      },
    ];
  },
};
