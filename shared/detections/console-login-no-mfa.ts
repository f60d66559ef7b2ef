import type { DetectionRule } from '../model.js';
import { isFailed, isIamUserCaller, isRoot, rootArnOf, SIGNIN_SOURCE } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

export const consoleLoginNoMfa: DetectionRule = {
  id: 'console-login-no-mfa',
  title: 'Console sign-in without MFA',
  severity: 'high',
  practice:
    'Require MFA for every human who signs in to the console: a password alone is phished, guessed or reused too easily.',
  references: [
    ...cis('1.10', '1.9'),
    ...cis('4.2'),
    { standard: 'SecurityHub', id: 'IAM.5' },
    { standard: 'SecurityHub', id: 'CloudWatch.3' },
    { standard: 'AWSConfig', id: 'mfa-enabled-for-iam-console-access' },
  ],
  remediation:
    'Confirm the sign-in with the user, then enable MFA: aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png --bootstrap-method QRCodePNG, then aws iam enable-mfa-device --user-name <user> --serial-number <arn> --authentication-code1 <code> --authentication-code2 <code>. For the root user, add MFA under Security credentials. Consider a policy that denies everything without aws:MultiFactorAuthPresent.',
  reads: [{ eventSource: SIGNIN_SOURCE, eventNames: ['ConsoleLogin'] }],
  match(record) {
    if (record.eventName !== 'ConsoleLogin' || record.eventSource !== SIGNIN_SOURCE) return null;
    // Federated and Identity Center sign-ins authenticate (and do MFA) at their identity provider.
    const root = isRoot(record);
    if (!root && !isIamUserCaller(record)) return null;
    if (record.responseElements?.ConsoleLogin !== 'Success' || isFailed(record)) return null;
    if (record.additionalEventData?.MFAUsed !== 'No') return null;
    const who = root ? 'The root user' : `IAM user ${record.userIdentity.userName ?? record.userIdentity.arn ?? 'unknown'}`;
    const from = record.sourceIPAddress ? ` from ${record.sourceIPAddress}` : '';
    return {
      resource: root ? rootArnOf(record) : (record.userIdentity.arn ?? null),
      message: `${who} signed in to the console without MFA${from}`,
    };
  },
};
