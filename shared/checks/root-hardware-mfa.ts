import type { Check } from '../model.js';
import { isoTime } from './lib/credentials.js';

export const rootHardwareMfa: Check = {
  id: 'root-hardware-mfa',
  title: 'Root user MFA is a virtual device',
  severity: 'medium',
  practice:
    'Give the root user a hardware MFA device (a FIDO security key or hardware TOTP token): a virtual MFA app lives on a phone or laptop that can be lost, cloned or compromised along with the password.',
  references: [
    { standard: 'CIS', id: '1.6' },
    { standard: 'SecurityHub', id: 'IAM.6' },
    { standard: 'AWSConfig', id: 'root-account-hardware-mfa-enabled' },
  ],
  remediation:
    'Sign in as the root user, open Security credentials, assign a hardware security key or hardware TOTP token, then remove the virtual device. List the root virtual devices with: aws iam list-virtual-mfa-devices --assignment-status Assigned --query "VirtualMFADevices[?ends_with(User.Arn, \':root\')]"',
  inputs: ['virtualMfaDevices'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    // The root ARN may come from another partition than the one normalize guessed; the account id is what matters.
    const rootSuffix = `:${snapshot.accountId}:root`;
    const isRoot = (arn: string | null) => arn !== null && (arn === snapshot.rootArn || arn.endsWith(rootSuffix));
    const devices = (snapshot.virtualMfaDevices ?? []).filter((d) => isRoot(d.userArn));
    if (devices.length === 0) return [];
    return [
      {
        resource: snapshot.rootArn,
        message: `The root user's MFA is a virtual device (${devices.map((d) => d.serialNumber).join(', ')}), not a hardware one`,
        details: { devices: devices.map((d) => ({ serialNumber: d.serialNumber, enabledAt: isoTime(d.enableDate) })) },
      },
    ];
  },
};
