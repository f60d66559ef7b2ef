import type { Check } from '../model.js';
import { adminGrants, type AdminGrant } from './lib/admin-rights.js';
import { isoTime } from './lib/credentials.js';

function describeGrant(g: AdminGrant): string {
  const policy = g.policy.startsWith('inline:') ? `inline policy ${g.policy.slice('inline:'.length)}` : g.policy.split('/').pop();
  return g.via === 'user' ? `${policy} attached directly` : `${policy} via group ${g.via.slice('group:'.length)}`;
}

export const privilegedUserNoMfa: Check = {
  id: 'privileged-user-no-mfa',
  title: 'Administrator signs in to the console without MFA',
  severity: 'critical',
  practice:
    'Require MFA for every user with administrator rights: one stolen password of such a user hands over the account, including the power to hide the intrusion.',
  references: [{ standard: 'IAMBestPractices', id: 'MFA for privileged users' }],
  remediation:
    'Assign an MFA device to the user now (console: Security credentials, "Assign MFA device"; CLI: aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile <user>-qr.png --bootstrap-method QRCodePNG, then aws iam enable-mfa-device --user-name <user> --serial-number <device ARN> --authentication-code1 <code> --authentication-code2 <next code>). Until then, remove the console password (aws iam delete-login-profile --user-name <user>) or the administrator rights, and consider a policy that denies everything without aws:MultiFactorAuthPresent.',
  inputs: ['credentialReport', 'authorizationDetails'],
  resourceKinds: ['user'],
  evaluate(snapshot) {
    const report = snapshot.credentialReport;
    const details = snapshot.authorizationDetails;
    if (!report || !details) return [];
    const out = [];
    for (const row of report.users) {
      if (!row.passwordEnabled || row.mfaActive) continue;
      const user = details.userByName.get(row.user);
      if (!user) continue;
      const grants = adminGrants(user, details);
      if (grants.length === 0) continue;
      out.push({
        resource: row.arn,
        message: `${row.user} has administrator rights (${grants.map(describeGrant).join('; ')}) and a console password with no MFA device`,
        details: { grants, passwordLastUsed: isoTime(row.passwordLastUsed) },
      });
    }
    return out;
  },
};
