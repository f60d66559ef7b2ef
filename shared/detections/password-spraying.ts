import type { DetectionRule } from '../model.js';
import type { BurstDefinition } from './burst/types.js';
import { HIDDEN_USER_NAME } from './console-login-failures.js';
import { isFailedConsoleLogin, isRoot, rootArnOf, SIGNIN_SOURCE } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

const burst: BurstDefinition = {
  distinct: true,
  threshold: (config) => ({ count: config.spraying.users, windowMinutes: config.spraying.windowMinutes }),
  qualify(record) {
    if (!isFailedConsoleLogin(record)) return null;
    const ip = record.sourceIPAddress;
    if (!ip) return null;
    const name = record.userIdentity.userName;
    // A name CloudTrail hides (one that does not exist, typically) is a distinct guess each time.
    const member = isRoot(record) ? 'root' : name && name !== HIDDEN_USER_NAME ? `user/${name}` : `hidden/${record.eventID}`;
    return { key: ip, member, subject: ip, actor: ip, resource: rootArnOf(record) };
  },
  message: (ip, count, windowMinutes) => `${count} distinct user names failed to sign in to the console from ${ip} within ${windowMinutes} minutes`,
};

export const passwordSpraying: DetectionRule = {
  id: 'password-spraying',
  title: 'Failed console sign-ins for many users from one address',
  severity: 'high',
  practice:
    'Watch console authentication failures across users: one address failing for many user names is a password spray, which tries a few common passwords on every account to stay under per-user lockouts.',
  references: [
    ...cis('4.6'),
    { standard: 'SecurityHub', id: 'CloudWatch.6' },
    { standard: 'Other', id: 'MITRE ATT&CK T1110.003 (password spraying)', url: 'https://attack.mitre.org/techniques/T1110/003/' },
  ],
  remediation:
    'Look for a successful sign-in from the same address (aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=ConsoleLogin --start-time <eventTime>, then filter on sourceIPAddress); reset the password of any user who signed in from it (aws iam update-login-profile --user-name <user> --password-reset-required); make sure every console user has MFA and the password policy is strong.',
  reads: [{ eventSource: SIGNIN_SOURCE, eventNames: ['ConsoleLogin'] }],
  burst,
  match: () => null,
};
