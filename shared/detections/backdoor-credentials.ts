import type { DetectionRule } from '../model.js';
import type { CloudTrailRecord } from './record.js';
import { IAM_SOURCE, isRoot, isSuccessfulCall, lastPart, stringParam, targetUserArn } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

const EVENTS: ReadonlySet<string> = new Set(['CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile']);

const WHAT: Readonly<Record<string, string>> = {
  CreateAccessKey: 'an access key',
  CreateLoginProfile: 'a console password',
  UpdateLoginProfile: 'a new console password',
};

/**
 * The IAM user the caller is, by name: an IAM user, or a federated user's
 * issuing IAM user (GetFederationToken sessions act as that user's
 * credentials). Roles, services and root are no IAM user.
 */
function callerUserName(record: CloudTrailRecord): string | null {
  const id = record.userIdentity;
  if (id.type === 'IAMUser') return id.userName || (id.arn ? lastPart(id.arn) : null);
  const issuer = id.sessionContext?.sessionIssuer;
  if (id.type === 'FederatedUser' && issuer?.type === 'IAMUser') return issuer.userName || (issuer.arn ? lastPart(issuer.arn) : null);
  return null;
}

export const backdoorCredentials: DetectionRule = {
  id: 'backdoor-credentials',
  title: 'Credentials created for another IAM user',
  severity: 'high',
  practice:
    'Credentials belong to the person or workload that uses them: an identity that makes an access key or sets a console password for another user can act as that user, which is how a foothold becomes persistent and hides behind someone else\'s name.',
  references: [
    ...cis('1.11', '1.10'),
    { standard: 'Other', id: 'MITRE ATT&CK T1098.001 (additional cloud credentials)', url: 'https://attack.mitre.org/techniques/T1098/001/' },
  ],
  remediation:
    'Ask the user and whoever made the change. If it was not expected, remove what was created (aws iam list-access-keys --user-name <user>; aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive; aws iam delete-login-profile --user-name <user>), then review what the caller did and restrict iam:CreateAccessKey and iam:*LoginProfile on other users to administrators.',
  reads: [{ eventSource: IAM_SOURCE, eventNames: [...EVENTS] }],
  match(record) {
    if (!isSuccessfulCall(record, IAM_SOURCE, EVENTS)) return null;
    // Without a userName the call acts on the caller's own credentials.
    const target = stringParam(record, 'userName');
    if (!target) return null;
    const caller = callerUserName(record);
    // IAM user names are unique without regard to case: the same name in another case is the same user.
    if (caller !== null && caller.toLowerCase() === target.toLowerCase()) return null;
    const who = isRoot(record) ? 'The root user' : (record.userIdentity.arn ?? record.userIdentity.type ?? 'An unknown caller');
    return { resource: targetUserArn(record), message: `${who} created ${WHAT[record.eventName]} for IAM user ${target}` };
  },
};
