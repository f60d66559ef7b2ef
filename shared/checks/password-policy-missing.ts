import type { Check } from '../model.js';
import { cis } from './lib/references.js';

export const passwordPolicyMissing: Check = {
  id: 'password-policy-missing',
  title: 'Account has no password policy',
  severity: 'high',
  practice:
    'Set an account password policy so every IAM user password is long, mixed, expiring and not reused; without one, IAM accepts any 8-character password forever.',
  references: [
    ...cis('1.8', '1.7'),
    ...cis('1.9', '1.8'),
    { standard: 'SecurityHub', id: 'IAM.7' },
  ],
  remediation:
    'Create a policy meeting the configured requirements (defaults shown): aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --max-password-age 90 --password-reuse-prevention 24 --allow-users-to-change-password',
  inputs: ['passwordPolicy'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    if (snapshot.passwordPolicy !== null) return [];
    return [
      {
        resource: snapshot.rootArn,
        message: 'The account has no password policy: IAM users may set any password of 8 or more characters and never change it',
        details: { passwordPolicy: null },
      },
    ];
  },
};
