import type { Check, CheckFailure } from '../model.js';
import type { Snapshot, User } from '../snapshot/types.js';
import { grantingPolicies, rightsOf, type AdminGrant } from './lib/admin-rights.js';
import { isoTime } from './lib/credentials.js';

function describeGrant(g: AdminGrant): string {
  const policy = g.policy.startsWith('inline:') ? `inline policy ${g.policy.slice('inline:'.length)}` : g.policy.split('/').pop();
  return g.via.startsWith('group:') ? `${policy} via group ${g.via.slice('group:'.length)}` : `${policy} attached directly`;
}

/** Console users without MFA, with their IAM user records (the report names users the details may lack). */
function consoleUsersWithoutMfa(snapshot: Snapshot): { row: NonNullable<Snapshot['credentialReport']>['users'][number]; user: User }[] {
  const report = snapshot.credentialReport;
  const details = snapshot.authorizationDetails;
  if (!report || !details) return [];
  return report.users
    .filter((row) => row.passwordEnabled && !row.mfaActive)
    .flatMap((row) => {
      const user = details.userByName.get(row.user);
      return user ? [{ row, user }] : [];
    });
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
    const out: CheckFailure[] = [];
    for (const { row, user } of consoleUsersWithoutMfa(snapshot)) {
      const admin = rightsOf(snapshot, user)?.admin;
      if (!admin?.admin) continue;
      const grants = grantingPolicies(admin.grants);
      out.push({
        resource: row.arn,
        message: `${row.user} has administrator rights (${grants.map(describeGrant).join('; ')}) and a console password with no MFA device`,
        details: { grants, passwordLastUsed: isoTime(row.passwordLastUsed) },
        ...(admin.conditional ? { conditional: true } : {}),
      });
    }
    return out;
  },
  unjudged(snapshot) {
    return consoleUsersWithoutMfa(snapshot)
      .filter(({ user }) => rightsOf(snapshot, user)?.effective === null)
      .map(({ row }) => row.arn);
  },
};
