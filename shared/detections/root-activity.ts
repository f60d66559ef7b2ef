import type { DetectionRule } from '../model.js';
import { actionOf, isFailed, isRoot, rootArnOf, SIGNIN_SOURCE } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

export const rootActivity: DetectionRule = {
  id: 'root-activity',
  title: 'Root user activity',
  severity: 'critical',
  practice:
    'Lock away the root user: it cannot be restricted by IAM policies, so use it only for the few tasks that need it, and treat any other use as a possible compromise.',
  references: [
    ...cis('1.7', '1.6'),
    ...cis('4.3'),
    { standard: 'SecurityHub', id: 'CloudWatch.1' },
    { standard: 'IAMBestPractices', id: 'Lock away your root user credentials', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html' },
  ],
  remediation:
    'Confirm with the account owner that the root user was used on purpose. If not: reset the root password, check the root MFA device, delete any root access key, and review everything the session did: aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --start-time <eventTime>',
  reads: [{ identityTypes: ['Root'] }],
  match(record) {
    // AWS services acting for root (invokedBy) and service-initiated events are not someone using root.
    if (!isRoot(record) || record.userIdentity.invokedBy || record.eventType === 'AwsServiceEvent' || isFailed(record)) return null;
    const from = record.sourceIPAddress ? ` from ${record.sourceIPAddress}` : '';
    const what =
      record.eventName === 'ConsoleLogin' && record.eventSource === SIGNIN_SOURCE
        ? 'signed in to the console'
        : `called ${actionOf(record)}`;
    return { resource: rootArnOf(record), message: `The root user ${what}${from}` };
  },
};
