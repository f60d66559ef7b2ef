import type { DetectionRule } from '../model.js';
import { IAM_SOURCE, isFailed, isRoot, responseString, rootArnOf, stringParam } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

export const rootAccessKeyCreated: DetectionRule = {
  id: 'root-access-key-created',
  title: 'Root access key created',
  severity: 'critical',
  practice:
    'Never create access keys for the root user: a root key cannot be restricted by IAM and gives unlimited access to the account. Use IAM roles or least-privilege users instead.',
  references: [
    ...cis('1.4', '1.3'),
    { standard: 'SecurityHub', id: 'IAM.4' },
    { standard: 'AWSConfig', id: 'iam-root-access-key-check' },
  ],
  remediation:
    'Delete the new key unless there is a documented reason for it: sign in as root, Security credentials, Access keys; with root credentials: aws iam delete-access-key --access-key-id <AKIA...>. Give the workload that needed it an IAM role instead.',
  reads: [{ eventSource: IAM_SOURCE, eventNames: ['CreateAccessKey'] }],
  match(record) {
    if (record.eventSource !== IAM_SOURCE || record.eventName !== 'CreateAccessKey') return null;
    // With a userName, root is creating a key for an IAM user: access-key-created's case.
    if (!isRoot(record) || stringParam(record, 'userName') || isFailed(record)) return null;
    const keyId = responseString(record, 'accessKey', 'accessKeyId');
    return {
      resource: rootArnOf(record),
      message: `The root user created an access key for itself${keyId ? ` (${keyId})` : ''}`,
    };
  },
};
