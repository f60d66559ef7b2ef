import type { Check, CheckFailure } from '../model.js';
import { activeKeys, isoTime, keyQualifier, possessive } from './lib/credentials.js';
import { cis } from './lib/references.js';

/** "Created within 24 hours of the user": the edge included, as every "within" of the catalog. */
export const INITIAL_KEY_WINDOW_MS = 24 * 3_600_000;

function after(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${Math.round(minutes / 60)} hours`;
}

export const initialAccessKeyUnused: Check = {
  id: 'initial-access-key-unused',
  title: 'Access key made at user set-up was never used',
  severity: 'low',
  practice:
    'Do not create access keys when setting up a console user "just in case": a key nobody uses is a long-term credential nobody watches. Create one only when the user needs programmatic access, and prefer temporary credentials.',
  references: [...cis('1.11', '1.10')],
  remediation:
    'Delete the unused key: aws iam delete-access-key --user-name <user> --access-key-id <AKIA...> (aws iam list-access-keys --user-name <user> shows its id; deactivate it first with aws iam update-access-key --status Inactive if unsure).',
  inputs: ['credentialReport'],
  resourceKinds: ['user'],
  evaluate(snapshot) {
    const out: CheckFailure[] = [];
    for (const row of snapshot.credentialReport?.users ?? []) {
      if (!row.passwordEnabled || row.userCreationTime === null) continue;
      for (const key of activeKeys(row)) {
        if (key.lastUsed !== null || key.lastRotated === null) continue;
        const gap = key.lastRotated - row.userCreationTime;
        if (gap < 0 || gap > INITIAL_KEY_WINDOW_MS) continue;
        out.push({
          resource: row.arn,
          qualifier: keyQualifier(key),
          message: `${possessive(row.user)} access key ${key.slot} was created ${after(gap)} after the user, with its console password, and has never been used`,
          details: { accessKey: key.slot, created: isoTime(key.lastRotated), userCreated: isoTime(row.userCreationTime), minutesAfterUser: Math.round(gap / 60_000) },
        });
      }
    }
    return out;
  },
};
