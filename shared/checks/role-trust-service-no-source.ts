import type { Check, CheckFailure } from '../model.js';
import { pinsKey } from '../policy/conditions.js';
import { trustedServices } from '../policy/trust.js';
import { judgedTrusts } from './lib/trusts.js';

/** Services that assume a role on behalf of a resource, any account's: the confused-deputy ones the catalog names. */
const DEPUTY_SERVICES = ['cloudtrail', 'config', 'sns', 's3', 'logs', 'delivery.logs', 'scheduler', 'backup'];
const SOURCE_KEYS = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];

/** The deputy service a principal names ("logs.amazonaws.com", and CloudWatch Logs' regional "logs.<region>.amazonaws.com"), or null. */
function deputyService(principal: string): string | null {
  const m = /^([a-z0-9.-]+?)(?:\.([a-z]{2}(?:-[a-z]+)+-\d))?\.amazonaws\.com(?:\.cn)?$/.exec(principal.toLowerCase());
  if (!m || !DEPUTY_SERVICES.includes(m[1])) return null;
  return m[2] && m[1] !== 'logs' ? null : m[1];
}

export const roleTrustServiceNoSource: Check = {
  id: 'role-trust-service-no-source',
  title: 'Role trusts a service without naming the source',
  severity: 'low',
  practice:
    'A service that acts for resources of many accounts (CloudTrail, Config, SNS, S3, CloudWatch Logs, EventBridge Scheduler, Backup) can be tricked into using a role for someone else\'s resource (the confused-deputy problem). Trust it only for your own resources: an aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths condition.',
  references: [
    { standard: 'IAMBestPractices', id: 'The confused deputy problem (cross-service)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html' },
  ],
  remediation:
    'Add a source condition to the trust statement, e.g. "Condition": {"StringEquals": {"aws:SourceAccount": "<account>"}, "ArnLike": {"aws:SourceArn": "arn:aws:logs:<region>:<account>:*"}}, then aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['role'],
  evaluate(snapshot) {
    const out: CheckFailure[] = [];
    for (const { role, trust } of judgedTrusts(snapshot)) {
      const unguarded = trustedServices(trust).filter(
        (t) => deputyService(t.service) !== null && !SOURCE_KEYS.some((k) => pinsKey(t.statement, k)),
      );
      if (unguarded.length === 0) continue;
      const services = [...new Set(unguarded.map((t) => t.service))];
      out.push({
        resource: role.arn,
        message: `Role ${role.name} trusts ${services.join(', ')} with no aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths condition`,
        details: { roleName: role.name, services, statements: [...new Set(unguarded.map((t) => t.statement.index))] },
      });
    }
    return out;
  },
};
