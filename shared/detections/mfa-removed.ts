import type { DetectionRule } from '../model.js';
import { IAM_SOURCE, isSuccessfulCall, stringParam, targetUserArn } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

const EVENTS: ReadonlySet<string> = new Set(['DeactivateMFADevice', 'DeleteVirtualMFADevice']);

export const mfaRemoved: DetectionRule = {
  id: 'mfa-removed',
  title: 'MFA device removed',
  severity: 'high',
  practice:
    'Keep MFA on every console user and on root: removing it is a common first step in taking over an account, and leaves the password as the only factor.',
  references: [
    ...cis('1.10', '1.9'),
    { standard: 'SecurityHub', id: 'IAM.5' },
    { standard: 'SecurityHub', id: 'IAM.19' },
    { standard: 'AWSConfig', id: 'mfa-enabled-for-iam-console-access' },
  ],
  remediation:
    'Confirm with the user that the device was replaced on purpose and make sure a new one is enabled: aws iam list-mfa-devices --user-name <user>; aws iam enable-mfa-device --user-name <user> --serial-number <arn> --authentication-code1 <code> --authentication-code2 <code>. If nobody expected it, disable the user\'s credentials first: aws iam delete-login-profile --user-name <user>; aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive.',
  reads: [{ eventSource: IAM_SOURCE, eventNames: [...EVENTS] }],
  match(record) {
    if (!isSuccessfulCall(record, IAM_SOURCE, EVENTS)) return null;
    const serial = stringParam(record, 'serialNumber');
    if (record.eventName === 'DeleteVirtualMFADevice') {
      // The device must already be deactivated; its serial number (an ARN) is all the event names.
      return { resource: serial ?? null, message: `Virtual MFA device ${serial ?? '(unnamed)'} was deleted` };
    }
    const user = targetUserArn(record);
    return {
      resource: user,
      message: `MFA device ${serial ?? '(unnamed)'} was deactivated for ${user ?? 'an unnamed user'}`,
    };
  },
};
