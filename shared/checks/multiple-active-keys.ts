import type { Check } from '../model.js';
import { ageDays } from './lib/time.js';
import { activeKeys, isoTime } from './lib/credentials.js';
import { cis } from './lib/references.js';

export const multipleActiveKeys: Check = {
  id: 'multiple-active-keys',
  title: 'User has two active access keys',
  severity: 'low',
  practice:
    'Keep at most one active access key per user: the second slot is for the few minutes of a rotation, and a second live key doubles what can leak and hides which one is really in use.',
  references: [...cis('1.13', '1.12')],
  remediation:
    'Find the key not in use (aws iam list-access-keys --user-name <user>, then aws iam get-access-key-last-used --access-key-id <key id>), deactivate it (aws iam update-access-key --user-name <user> --access-key-id <key id> --status Inactive), and delete it once nothing breaks (aws iam delete-access-key --user-name <user> --access-key-id <key id>).',
  inputs: ['credentialReport'],
  resourceKinds: ['user'],
  evaluate(snapshot, _config, now) {
    return (snapshot.credentialReport?.users ?? [])
      .filter((row) => activeKeys(row).length === 2)
      .map((row) => {
        const keys = activeKeys(row).map((k) => ({
          accessKey: k.slot,
          lastRotated: isoTime(k.lastRotated),
          ageDays: ageDays(k.lastRotated, now),
          lastUsed: isoTime(k.lastUsed),
        }));
        const ages = keys.map((k) => (k.ageDays === null ? 'unknown' : String(k.ageDays))).join(' and ');
        return {
          resource: row.arn,
          message: `${row.user} has two active access keys (rotated ${ages} days ago)`,
          details: { keys },
        };
      });
  },
};
