import type { Check } from '../model.js';
import { activeKeys, isoTime } from './lib/credentials.js';

export const workloadUserKeys: Check = {
  id: 'workload-user-keys',
  title: 'Application identity uses long-term access keys',
  severity: 'low',
  practice:
    'Give applications and automation an IAM role, whose temporary credentials expire on their own, rather than an IAM user whose access keys live until someone deletes them.',
  references: [{ standard: 'IAMBestPractices', id: 'roles for applications' }],
  remediation:
    'Run the workload under a role: an instance profile on EC2, an execution role on Lambda or ECS, OIDC federation for CI (e.g. GitHub Actions), IAM Roles Anywhere outside AWS. Then deactivate and delete the user\'s keys (aws iam update-access-key --user-name <user> --access-key-id <key id> --status Inactive; aws iam delete-access-key --user-name <user> --access-key-id <key id>) and the user (aws iam delete-user --user-name <user>).',
  inputs: ['credentialReport'],
  resourceKinds: ['user'],
  evaluate(snapshot) {
    const out = [];
    for (const row of snapshot.credentialReport?.users ?? []) {
      if (row.passwordEnabled) continue;
      const keys = activeKeys(row);
      if (keys.length === 0) continue;
      out.push({
        resource: row.arn,
        message: `${row.user} has no console password but ${keys.length === 1 ? `an active access key (${keys[0].slot})` : 'two active access keys'}: an application identity better served by a role`,
        details: { activeKeys: keys.map((k) => ({ accessKey: k.slot, lastRotated: isoTime(k.lastRotated), lastUsed: isoTime(k.lastUsed) })) },
      });
    }
    return out;
  },
};
