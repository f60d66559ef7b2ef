import type { Check, CheckFailure } from '../model.js';
import type { CredentialReportRow, Instant } from '../snapshot/types.js';
import { ageDays, olderThan } from './lib/time.js';
import { activeKeys, days, isoTime, keyQualifier, possessive } from './lib/credentials.js';
import { cis } from './lib/references.js';

/** One enabled credential and the instant its idle time counts from. */
interface CredentialUse {
  readonly qualifier: string;
  readonly label: string;
  readonly lastUsed: Instant;
  /** Report column the idle time counts from. */
  readonly countedFrom: string;
  readonly since: Instant;
  /** How a never-used credential's start reads in a message: "it was set", "it was created". */
  readonly origin: string;
}

function enabledCredentials(row: CredentialReportRow): CredentialUse[] {
  const out: CredentialUse[] = [];
  if (row.passwordEnabled) {
    // Never used (or no_information): idle since it was set, or since the user exists when it never changed.
    const [countedFrom, since, origin] =
      row.passwordLastUsed !== null
        ? ['password_last_used', row.passwordLastUsed, '']
        : row.passwordLastChanged !== null
          ? ['password_last_changed', row.passwordLastChanged, 'it was set']
          : ['user_creation_time', row.userCreationTime, 'the user was created'];
    out.push({ qualifier: 'password', label: 'password', lastUsed: row.passwordLastUsed, countedFrom, since, origin });
  }
  for (const key of activeKeys(row)) {
    const n = key.slot;
    const [countedFrom, since, origin] =
      key.lastUsed !== null
        ? [`access_key_${n}_last_used_date`, key.lastUsed, '']
        : key.lastRotated !== null
          ? [`access_key_${n}_last_rotated`, key.lastRotated, 'it was created']
          : ['user_creation_time', row.userCreationTime, 'the user was created'];
    out.push({ qualifier: keyQualifier(key), label: `access key ${n}`, lastUsed: key.lastUsed, countedFrom, since, origin });
  }
  return out;
}

export const unusedCredentials: Check = {
  id: 'unused-credentials',
  title: 'Credential unused',
  severity: 'medium',
  practice:
    'Remove passwords and access keys nobody uses: a forgotten credential still works for whoever finds it, and nobody notices it being used.',
  references: [
    ...cis('1.12', '1.11'),
    { standard: 'SecurityHub', id: 'IAM.8' },
    { standard: 'SecurityHub', id: 'IAM.22' },
    { standard: 'AWSConfig', id: 'iam-user-unused-credentials-check' },
  ],
  remediation:
    'Remove an unused console password: aws iam delete-login-profile --user-name <user>. Deactivate an unused access key (aws iam update-access-key --user-name <user> --access-key-id <key id> --status Inactive), then delete it once nothing complains (aws iam delete-access-key --user-name <user> --access-key-id <key id>).',
  inputs: ['credentialReport'],
  resourceKinds: ['user'],
  evaluate(snapshot, config, now) {
    const limit = config.unusedCredentialDays;
    const out: CheckFailure[] = [];
    for (const row of snapshot.credentialReport?.users ?? []) {
      for (const c of enabledCredentials(row)) {
        if (!olderThan(c.since, limit, now)) continue;
        const idle = ageDays(c.since, now)!;
        const what =
          c.lastUsed !== null
            ? `was last used ${days(idle)} ago`
            : `has never been used in the ${days(idle)} since ${c.origin}`;
        out.push({
          resource: row.arn,
          qualifier: c.qualifier,
          message: `${possessive(row.user)} ${c.label} ${what} (limit ${limit})`,
          details: {
            credential: c.qualifier,
            lastUsed: isoTime(c.lastUsed),
            countedFrom: c.countedFrom,
            since: isoTime(c.since),
            idleDays: idle,
            maxIdleDays: limit,
          },
        });
      }
    }
    return out;
  },
};
