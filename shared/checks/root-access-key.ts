import type { Check } from '../model.js';
import { cis } from './lib/references.js';

export const rootAccessKey: Check = {
  id: 'root-access-key',
  title: 'Root user has an active access key',
  severity: 'critical',
  practice:
    'Never create access keys for the root user: a leaked root key gives unlimited, unrestrictable access to the whole account. Use IAM roles or users with least privilege instead.',
  references: [
    ...cis('1.4', '1.3'),
    { standard: 'SecurityHub', id: 'IAM.4' },
    { standard: 'AWSConfig', id: 'iam-root-access-key-check' },
  ],
  remediation:
    'Sign in as the root user, open Security credentials, and delete the access keys (first make sure nothing uses them: check access_key_N_last_used_date in the credential report). There is no CLI for root keys without root credentials; with them: aws iam delete-access-key --access-key-id <AKIA...>',
  inputs: ['credentialReport', 'credentialReport.root'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const root = snapshot.credentialReport?.root;
    if (!root) return [];
    return root.accessKeys
      .filter((k) => k.active)
      .map((k) => ({
        resource: root.arn,
        qualifier: `access_key_${k.slot}`,
        message: `The root user has active access key ${k.slot}`,
        details: { accessKey: k.slot, lastRotated: k.lastRotated && new Date(k.lastRotated).toISOString(), lastUsed: k.lastUsed && new Date(k.lastUsed).toISOString() },
      }));
  },
};
