import type { DetectionRule } from '../model.js';
import { actionOf, isFailed, isRoot, rootArnOf } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

export const rootAccessKeyUsed: DetectionRule = {
  id: 'root-access-key-used',
  title: 'Root access key used',
  severity: 'critical',
  practice:
    'The root user should have no access keys: a root key never expires, cannot be limited by any policy, and whoever holds it owns the account. Workloads use roles; people use their own identities.',
  references: [
    ...cis('1.4', '1.3'),
    { standard: 'SecurityHub', id: 'IAM.4' },
    { standard: 'AWSConfig', id: 'iam-root-access-key-check' },
    ...cis('4.3'),
  ],
  remediation:
    'Find what uses the key (sourceIPAddress and userAgent of the event), move it to an IAM role, then delete the key: sign in as root, Security credentials, Access keys; with root credentials: aws iam delete-access-key --access-key-id <AKIA...>. If the use was not expected, treat the key as leaked and delete it at once.',
  reads: [{ identityTypes: ['Root'] }],
  match(record) {
    // AKIA marks a long-term key; console and federated root sessions carry ASIA keys or none.
    const key = record.userIdentity.accessKeyId;
    if (!isRoot(record) || !key?.startsWith('AKIA') || isFailed(record)) return null;
    const from = record.sourceIPAddress ? ` from ${record.sourceIPAddress}` : '';
    return { resource: rootArnOf(record), message: `Root access key ${key} was used to call ${actionOf(record)}${from}` };
  },
};
