import type { Check } from '../model.js';
import { rightsOf } from './lib/admin-rights.js';
import { isoTime } from './lib/credentials.js';
import { cis } from './lib/references.js';

export const userConsoleNoMfa: Check = {
  id: 'user-console-no-mfa',
  title: 'Console user has no MFA',
  severity: 'high',
  practice:
    'Require MFA for every IAM user who signs in to the console, so a phished or reused password is not enough to take over the user.',
  references: [
    ...cis('1.10', '1.9'),
    { standard: 'SecurityHub', id: 'IAM.5' },
    { standard: 'AWSConfig', id: 'mfa-enabled-for-iam-console-access' },
  ],
  remediation:
    'Have the user assign an MFA device (console: Security credentials, "Assign MFA device"), or do it for them: aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile <user>-qr.png --bootstrap-method QRCodePNG, then aws iam enable-mfa-device --user-name <user> --serial-number <device ARN> --authentication-code1 <code> --authentication-code2 <next code>. If the user no longer needs the console: aws iam delete-login-profile --user-name <user>',
  // Admin rights only route a user to privileged-user-no-mfa; without the
  // authorization details the user is still reported, here. A user whose
  // rights are unknown (a policy document missing) is judged by neither.
  inputs: ['credentialReport'],
  resourceKinds: ['user'],
  evaluate(snapshot) {
    const report = snapshot.credentialReport;
    if (!report) return [];
    const details = snapshot.authorizationDetails;
    return report.users
      .filter((row) => row.passwordEnabled && !row.mfaActive)
      .filter((row) => {
        const user = details?.userByName.get(row.user);
        const rights = user ? rightsOf(snapshot, user) : undefined;
        return !rights || (rights.effective !== null && rights.admin?.admin !== true);
      })
      .map((row) => ({
        resource: row.arn,
        message: `${row.user} has a console password and no MFA device`,
        details: {
          passwordLastUsed: isoTime(row.passwordLastUsed),
          passwordLastChanged: isoTime(row.passwordLastChanged),
          adminRightsKnown: details !== undefined,
        },
      }));
  },
  unjudged(snapshot) {
    const details = snapshot.authorizationDetails;
    if (!snapshot.credentialReport || !details) return [];
    return snapshot.credentialReport.users
      .filter((row) => row.passwordEnabled && !row.mfaActive)
      .filter((row) => {
        const user = details.userByName.get(row.user);
        return user !== undefined && rightsOf(snapshot, user)?.effective === null;
      })
      .map((row) => row.arn);
  },
};
