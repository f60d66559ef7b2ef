import type { Check } from '../model.js';
import { isoTime } from './lib/credentials.js';

export const rootMfa: Check = {
  id: 'root-mfa',
  title: 'Root user has no MFA',
  severity: 'critical',
  practice:
    'Protect the root user with multi-factor authentication: its password alone unlocks every resource and setting in the account, and no policy can restrict it.',
  references: [
    { standard: 'CIS', id: '1.5' },
    { standard: 'SecurityHub', id: 'IAM.9' },
    { standard: 'AWSConfig', id: 'root-account-mfa-enabled' },
  ],
  remediation:
    'Sign in as the root user, open Security credentials, and choose "Assign MFA device"; prefer a hardware security key or hardware TOTP token (see root-hardware-mfa). Root MFA cannot be assigned from the CLI with IAM user credentials; it is a root sign-in task.',
  inputs: ['credentialReport', 'credentialReport.root'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const root = snapshot.credentialReport?.root;
    if (!root || root.mfaActive) return [];
    return [
      {
        resource: root.arn,
        message: 'The root user has no MFA device: its password alone signs in with full control of the account',
        details: { mfaActive: false, passwordLastUsed: isoTime(root.passwordLastUsed) },
      },
    ];
  },
};
