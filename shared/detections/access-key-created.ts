import type { DetectionRule } from '../model.js';
import { IAM_SOURCE, isFailed, isIamUserCaller, responseString, stringParam, targetUserArn } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

export const accessKeyCreated: DetectionRule = {
  id: 'access-key-created',
  title: 'Access key created for an IAM user',
  severity: 'medium',
  practice:
    'Prefer temporary credentials: workloads should use IAM roles and people should use federation or the console; every long-term access key is a secret that can leak and must be rotated.',
  references: [
    ...cis('1.11', '1.10'),
    ...cis('1.14', '1.13'),
    { standard: 'IAMBestPractices', id: 'Require workloads to use temporary credentials', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' },
  ],
  remediation:
    'Confirm who needs the key and why; give workloads an IAM role instead. If the key was not expected, deactivate it and then delete it: aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive; aws iam delete-access-key --user-name <user> --access-key-id <id>.',
  reads: [{ eventSource: IAM_SOURCE, eventNames: ['CreateAccessKey'] }],
  match(record) {
    if (record.eventSource !== IAM_SOURCE || record.eventName !== 'CreateAccessKey' || isFailed(record)) return null;
    const userName = stringParam(record, 'userName');
    // Without a userName the key is the caller's own: an IAM user's is this rule's, root's is root-access-key-created's.
    if (!userName && !isIamUserCaller(record)) return null;
    const user = targetUserArn(record);
    const keyId = responseString(record, 'accessKey', 'accessKeyId');
    const name = userName ?? record.userIdentity.userName ?? user ?? 'an IAM user';
    return { resource: user, message: `Access key ${keyId ? `${keyId} ` : ''}was created for IAM user ${name}` };
  },
};
