import type { DetectionRule } from '../model.js';
import type { BurstDefinition } from './burst/types.js';
import { iamArn, isFailedConsoleLogin, isRoot, rootArnOf, SIGNIN_SOURCE } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

/** What CloudTrail writes instead of a user name that does not exist. */
export const HIDDEN_USER_NAME = 'HIDDEN_DUE_TO_SECURITY_REASONS';

const burst: BurstDefinition = {
  distinct: false,
  threshold: (config) => config.loginFailures,
  qualify(record) {
    if (!isFailedConsoleLogin(record)) return null;
    const actor = record.userIdentity.arn || record.userIdentity.type || 'unknown';
    if (isRoot(record)) return { key: 'root', subject: 'the root user', actor, resource: rootArnOf(record) };
    const name = record.userIdentity.userName;
    // A hidden name is no one's: it counts toward password-spraying only.
    if (record.userIdentity.type !== 'IAMUser' || !name || name === HIDDEN_USER_NAME) return null;
    return { key: `user/${name}`, subject: `IAM user ${name}`, actor, resource: iamArn(record, 'user', name) };
  },
  message: (subject, count, windowMinutes) => `${count} failed console sign-ins for ${subject} within ${windowMinutes} minutes`,
};

export const consoleLoginFailures: DetectionRule = {
  id: 'console-login-failures',
  title: 'Repeated failed console sign-ins for one user',
  severity: 'high',
  practice:
    'Watch console authentication failures: many wrong passwords for one user in a short time is someone guessing it, and MFA is what stands between a guessed password and the account.',
  references: [
    ...cis('4.6'),
    { standard: 'SecurityHub', id: 'CloudWatch.6' },
    { standard: 'Other', id: 'MITRE ATT&CK T1110.001 (password guessing)', url: 'https://attack.mitre.org/techniques/T1110/001/' },
  ],
  remediation:
    'Ask the user whether it was them. If not, make sure the user has MFA (aws iam list-mfa-devices --user-name <user>), force a new password (aws iam update-login-profile --user-name <user> --password-reset-required), and look for a successful sign-in from the same addresses: aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=<user> --start-time <eventTime>.',
  reads: [{ eventSource: SIGNIN_SOURCE, eventNames: ['ConsoleLogin'] }],
  burst,
  match: () => null,
};
