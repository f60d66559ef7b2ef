import type { Check } from '../model.js';
import type { Snapshot, VirtualMfaDevice } from '../snapshot/types.js';
import { isoTime } from './lib/credentials.js';
import { cis } from './lib/references.js';
import { rootWithoutCredentials } from './lib/root.js';

/**
 * Whether the account summary shows MFA devices in use that are neither
 * virtual nor needed by an IAM user: then root holds a hardware device
 * beside its virtual one (or a user holds a second one; the summary cannot
 * tell which, so the message says "appears").
 */
function hardwareBeside(snapshot: Snapshot): boolean {
  const inUse = snapshot.accountSummary?.MFADevicesInUse;
  const report = snapshot.credentialReport;
  if (inUse === undefined || !report) return false;
  const devices = snapshot.virtualMfaDevices ?? [];
  const assignedVirtual = devices.filter((d) => d.userArn !== null);
  const virtualHolders = new Set(assignedVirtual.map((d) => d.userArn));
  const usersOnHardware = report.users.filter((u) => u.mfaActive && !virtualHolders.has(u.arn)).length;
  return inUse - assignedVirtual.length > usersOnHardware;
}

export const rootHardwareMfa: Check = {
  id: 'root-hardware-mfa',
  title: 'Root user MFA is a virtual device',
  severity: 'medium',
  practice:
    'Give the root user a hardware MFA device (a FIDO security key or hardware TOTP token), and no virtual one: a virtual MFA app lives on a phone or laptop that can be lost, cloned or compromised along with the password, and any one of the root user\'s devices signs in, so a virtual device beside a hardware one is as weak as a virtual one alone.',
  references: [
    ...cis('1.6', '1.5'),
    { standard: 'SecurityHub', id: 'IAM.6' },
    { standard: 'AWSConfig', id: 'root-account-hardware-mfa-enabled' },
  ],
  remediation:
    'Sign in as the root user, open Security credentials, assign a hardware security key or hardware TOTP token, then remove the virtual device. List the root virtual devices with: aws iam list-virtual-mfa-devices --assignment-status Assigned --query "VirtualMFADevices[?ends_with(User.Arn, \':root\')]"',
  // The credential report and account summary tell a root user without credentials (centralized root access).
  inputs: ['virtualMfaDevices', 'accountSummary', 'credentialReport', 'credentialReport.root'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    // The root ARN may come from another partition than the one normalize guessed; the account id is what matters.
    const rootSuffix = `:${snapshot.accountId}:root`;
    const isRoot = (arn: string | null) => arn !== null && (arn === snapshot.rootArn || arn.endsWith(rootSuffix));
    const devices: VirtualMfaDevice[] = (snapshot.virtualMfaDevices ?? []).filter((d) => isRoot(d.userArn));
    if (devices.length === 0 || rootWithoutCredentials(snapshot)) return [];
    const serials = devices.map((d) => d.serialNumber).join(', ');
    const beside = hardwareBeside(snapshot);
    return [
      {
        resource: snapshot.rootArn,
        message: beside
          ? `The root user has a virtual MFA device (${serials}) assigned beside what appears to be a hardware one: either signs in, so remove the virtual one`
          : `The root user's MFA is a virtual device (${serials}), not a hardware one`,
        details: {
          devices: devices.map((d) => ({ serialNumber: d.serialNumber, enabledAt: isoTime(d.enableDate) })),
          hardwareDeviceBeside: beside,
        },
      },
    ];
  },
};
