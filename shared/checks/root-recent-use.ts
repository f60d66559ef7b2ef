import type { Check } from '../model.js';
import { ageDays, within } from './lib/time.js';
import { days, isoTime } from './lib/credentials.js';
import { cis } from './lib/references.js';

export const rootRecentUse: Check = {
  id: 'root-recent-use',
  title: 'Root user used recently',
  severity: 'high',
  practice:
    'Keep the root user for the few tasks only it can do: everyday work belongs to IAM roles or users whose permissions can be limited and whose actions are attributable to a person.',
  references: [...cis('1.7', '1.6')],
  remediation:
    'Find out who used root and why (CloudTrail: aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root). Move that work to an IAM role, delete any root access keys, and keep the root password and MFA device locked away.',
  inputs: ['credentialReport', 'credentialReport.root'],
  resourceKinds: ['account'],
  evaluate(snapshot, config, now) {
    const root = snapshot.credentialReport?.root;
    if (!root) return [];
    const window = config.rootRecentUseDays;
    const candidates = [
      { credential: 'password', label: 'password', lastUsed: root.passwordLastUsed },
      ...root.accessKeys.map((k) => ({ credential: `access_key_${k.slot}`, label: `access key ${k.slot}`, lastUsed: k.lastUsed })),
    ];
    const uses = candidates.filter((c) => within(c.lastUsed, window, now));
    if (uses.length === 0) return [];
    const described = uses.map((u) => `${u.label} ${days(Math.max(0, ageDays(u.lastUsed, now)!))} ago`).join(', ');
    return [
      {
        resource: root.arn,
        message: `The root user was used within the last ${days(window)}: ${described}`,
        details: {
          windowDays: window,
          uses: uses.map((u) => ({ credential: u.credential, lastUsed: isoTime(u.lastUsed), ageDays: ageDays(u.lastUsed, now) })),
        },
      },
    ];
  },
};
