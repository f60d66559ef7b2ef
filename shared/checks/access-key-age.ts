import type { Check, CheckFailure } from '../model.js';
import { ageDays, olderThan } from './lib/time.js';
import { activeKeys, days, isoTime, keyQualifier, possessive } from './lib/credentials.js';
import { cis } from './lib/references.js';

export const accessKeyAge: Check = {
  id: 'access-key-age',
  title: 'Access key not rotated',
  severity: 'medium',
  practice:
    'Rotate long-term access keys regularly, so a key copied into a script, a laptop or a log stops working within a known time.',
  references: [
    ...cis('1.14', '1.13'),
    { standard: 'SecurityHub', id: 'IAM.3' },
    { standard: 'AWSConfig', id: 'access-keys-rotated' },
  ],
  remediation:
    'Create a new key (aws iam create-access-key --user-name <user>), move every consumer to it, deactivate the old one (aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive), and once nothing breaks delete it (aws iam delete-access-key --user-name <user> --access-key-id <old key id>). Better: replace the key with a role.',
  inputs: ['credentialReport'],
  resourceKinds: ['user'],
  evaluate(snapshot, config, now) {
    const limit = config.maxAccessKeyAgeDays;
    const out: CheckFailure[] = [];
    for (const row of snapshot.credentialReport?.users ?? []) {
      for (const key of activeKeys(row)) {
        if (!olderThan(key.lastRotated, limit, now)) continue;
        const age = ageDays(key.lastRotated, now)!;
        out.push({
          resource: row.arn,
          qualifier: keyQualifier(key),
          message: `${possessive(row.user)} access key ${key.slot} was last rotated ${days(age)} ago (limit ${limit})`,
          details: { accessKey: key.slot, lastRotated: isoTime(key.lastRotated), ageDays: age, maxAgeDays: limit },
        });
      }
    }
    return out;
  },
};
