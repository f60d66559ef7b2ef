import type { Check, CheckFailure } from '../model.js';
import { ageDays, olderThan } from './lib/time.js';
import { days, isoTime, possessive } from './lib/credentials.js';

export const passwordAge: Check = {
  id: 'password-age',
  title: 'Console password not changed',
  severity: 'low',
  practice:
    'Change console passwords regularly, so a password that leaked unnoticed stops working within a known time.',
  references: [{ standard: 'IAMBestPractices', id: 'rotate credentials' }],
  remediation:
    'Make the user choose a new password at next sign-in: aws iam update-login-profile --user-name <user> --password-reset-required. Set the account password policy to expire passwords (--max-password-age) so this keeps happening; remove the password if the user no longer signs in (aws iam delete-login-profile --user-name <user>).',
  inputs: ['credentialReport'],
  resourceKinds: ['user'],
  evaluate(snapshot, config, now) {
    const limit = config.maxPasswordAgeDays;
    const out: CheckFailure[] = [];
    for (const row of snapshot.credentialReport?.users ?? []) {
      if (!row.passwordEnabled) continue;
      // A password never changed since the user was created is as old as the user.
      const neverChanged = row.passwordLastChanged === null;
      const changed = neverChanged ? row.userCreationTime : row.passwordLastChanged;
      if (!olderThan(changed, limit, now)) continue;
      const age = ageDays(changed, now)!;
      out.push({
        resource: row.arn,
        message: neverChanged
          ? `${possessive(row.user)} password was never changed; the user was created ${days(age)} ago (limit ${limit})`
          : `${possessive(row.user)} password was last changed ${days(age)} ago (limit ${limit})`,
        details: {
          passwordLastChanged: isoTime(row.passwordLastChanged),
          countedFrom: neverChanged ? 'user_creation_time' : 'password_last_changed',
          since: isoTime(changed),
          ageDays: age,
          maxAgeDays: limit,
        },
      });
    }
    return out;
  },
};
