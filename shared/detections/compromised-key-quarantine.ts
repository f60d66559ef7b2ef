import type { DetectionRule } from '../model.js';
import { IAM_SOURCE, isFailed, stringParam, targetUserArn } from './lib/event.js';

/** AWS's quarantine policies: AWSCompromisedKeyQuarantine, …V2, …V3 as AWS revises it. */
const QUARANTINE_NAME = /^AWSCompromisedKeyQuarantine/;
const AWS_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

export const compromisedKeyQuarantine: DetectionRule = {
  id: 'compromised-key-quarantine',
  title: 'AWS quarantined a user\'s exposed access key',
  severity: 'critical',
  practice:
    'Treat a quarantined key as compromised: AWS attaches its AWSCompromisedKeyQuarantine policy when it finds a user\'s access key exposed (a public repository, a paste site), and the key may already have been used by someone else.',
  references: [
    { standard: 'IAMBestPractices', id: 'Rotate access keys regularly for use cases that require long-term credentials', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' },
    { standard: 'Other', id: 'AWS managed policy AWSCompromisedKeyQuarantineV2', url: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCompromisedKeyQuarantineV2.html' },
  ],
  remediation:
    'Follow the AWS Support case that came with it: deactivate and delete the exposed key (aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive; aws iam delete-access-key ...), review what the key did (aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=<id>), remove what it created, give the workload a role or a new key, and only then detach the quarantine policy.',
  reads: [{ eventSource: IAM_SOURCE, eventNames: ['AttachUserPolicy', 'PutUserPolicy'] }],
  // AWS itself often makes the call (invokedBy): that is the point, not a reason to skip it.
  match(record) {
    if (record.eventSource !== IAM_SOURCE || isFailed(record)) return null;
    let policy: string | undefined;
    if (record.eventName === 'AttachUserPolicy') {
      const arn = stringParam(record, 'policyArn');
      const name = arn ? AWS_MANAGED_POLICY.exec(arn)?.[1] : undefined;
      if (name && QUARANTINE_NAME.test(name)) policy = name;
    } else if (record.eventName === 'PutUserPolicy') {
      const name = stringParam(record, 'policyName');
      if (name && QUARANTINE_NAME.test(name)) policy = `inline policy ${name}`;
    }
    if (!policy) return null;
    const user = targetUserArn(record);
    return { resource: user, message: `${policy} was put on ${user ?? 'an unnamed user'}: AWS found its access key exposed` };
  },
};
