import type { DetectionRule } from '../model.js';
import { IAM_SOURCE, isSuccessfulCall, targetUserArn } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

const EVENTS: ReadonlySet<string> = new Set(['CreateLoginProfile', 'UpdateLoginProfile']);

export const loginProfileChanged: DetectionRule = {
  id: 'login-profile-changed',
  title: 'Console password set or reset',
  severity: 'medium',
  practice:
    'Console passwords are set by their owners: an administrator setting or resetting someone else\'s password (or giving a workload user one) is how dormant identities get taken over.',
  references: [
    ...cis('1.10', '1.9'),
    { standard: 'SecurityHub', id: 'IAM.5' },
    { standard: 'IAMBestPractices', id: 'Require human users to use federation', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' },
  ],
  remediation:
    'Confirm the change with the user and whoever made it. If it was not expected, remove console access: aws iam delete-login-profile --user-name <user>; otherwise make sure the user must change it at first sign-in and has MFA: aws iam update-login-profile --user-name <user> --password-reset-required.',
  reads: [{ eventSource: IAM_SOURCE, eventNames: [...EVENTS] }],
  match(record) {
    if (!isSuccessfulCall(record, IAM_SOURCE, EVENTS)) return null;
    const user = targetUserArn(record);
    const verb = record.eventName === 'CreateLoginProfile' ? 'set' : 'reset';
    const resetRequired = record.requestParameters?.passwordResetRequired === true ? ' (change required at next sign-in)' : '';
    return { resource: user, message: `Console password ${verb} for ${user ?? 'an unnamed user'}${resetRequired}` };
  },
};
