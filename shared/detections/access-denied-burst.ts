import type { DetectionRule } from '../model.js';
import type { BurstDefinition } from './burst/types.js';
import { rootArnOf } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

/** The error codes of a call refused by IAM (STS, most services, and EC2's two spellings). */
export const ACCESS_DENIED_CODES: readonly string[] = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Client.UnauthorizedOperation'];
const DENIED: ReadonlySet<string> = new Set(ACCESS_DENIED_CODES);

const burst: BurstDefinition = {
  distinct: false,
  threshold: (config) => config.accessDenied,
  qualify(record) {
    if (!record.errorCode || !DENIED.has(record.errorCode)) return null;
    const arn = record.userIdentity.arn;
    if (!arn) return null;
    return { key: arn, subject: arn, actor: arn, resource: rootArnOf(record) };
  },
  message: (arn, count, windowMinutes) => `${count} calls by ${arn} were denied within ${windowMinutes} minutes`,
};

export const accessDeniedBurst: DetectionRule = {
  id: 'access-denied-burst',
  title: 'Burst of denied calls by one identity',
  severity: 'medium',
  practice:
    'Watch unauthorized API calls: an identity that suddenly collects denials across services is often a stolen key being probed for what it can do, or a workload whose permissions broke.',
  references: [
    ...cis('4.1'),
    { standard: 'SecurityHub', id: 'CloudWatch.2' },
    { standard: 'Other', id: 'MITRE ATT&CK T1580 (cloud infrastructure discovery)', url: 'https://attack.mitre.org/techniques/T1580/' },
  ],
  remediation:
    'See what the identity tried and from where: aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=<user or session> --start-time <eventTime>. If the calls are not its workload\'s, deactivate an IAM user\'s key (aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive) or revoke a role\'s sessions (console: the role\'s "Revoke active sessions"), then rotate the credentials.',
  reads: [{ errorCodes: ACCESS_DENIED_CODES }],
  burst,
  match: () => null,
};
