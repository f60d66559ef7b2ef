import type { Check } from '../model.js';
import { isoTime } from './lib/credentials.js';
import { rootWithoutCredentials } from './lib/root.js';
import { cis } from './lib/references.js';

export const rootMfa: Check = {
  id: 'root-mfa',
  title: 'Root user has no MFA',
  severity: 'critical',
  practice:
    'Protect the root user with multi-factor authentication: its password alone unlocks every resource and setting in the account, and no policy can restrict it.',
  references: [
    ...cis('1.5', '1.4'),
    { standard: 'SecurityHub', id: 'IAM.9' },
    { standard: 'AWSConfig', id: 'root-account-mfa-enabled' },
  ],
  remediation:
    'Sign in as the root user, open Security credentials, and choose "Assign MFA device"; prefer a hardware security key or hardware TOTP token (see root-hardware-mfa). Root MFA cannot be assigned from the CLI with IAM user credentials; it is a root sign-in task.',
  // The account summary tells a root user without credentials (centralized root access), which needs no MFA.
  inputs: ['credentialReport', 'credentialReport.root', 'accountSummary'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const root = snapshot.credentialReport?.root;
    if (!root || root.mfaActive || rootWithoutCredentials(snapshot)) return [];
    return [
      {
        resource: root.arn,
        message: 'The root user has no MFA device: its password alone signs in with full control of the account',
        details: { mfaActive: false, passwordLastUsed: isoTime(root.passwordLastUsed) },
      },
    ];
  },
};
