import type { Check, CheckFailure } from '../model.js';
import { ageDays, isoDay } from './lib/time.js';

export const unusedRole: Check = {
  id: 'unused-role',
  title: 'Role not used recently',
  severity: 'low',
  practice:
    'Remove what is not used: a role nobody has assumed for months still carries its permissions and its trust, and is one more door to watch. Never used counts from the role\'s creation. Service-linked roles belong to AWS services and are left out.',
  references: [
    {
      standard: 'IAMBestPractices',
      id: 'Regularly review and remove unused users, roles, permissions, policies, and credentials',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    },
  ],
  remediation:
    'Confirm the role is unused (aws iam get-role --role-name <role> --query Role.RoleLastUsed), then remove its policies (aws iam detach-role-policy, aws iam delete-role-policy), remove it from instance profiles (aws iam remove-role-from-instance-profile), and delete it: aws iam delete-role --role-name <role>.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['role'],
  evaluate(snapshot, config, now) {
    const out: CheckFailure[] = [];
    for (const role of snapshot.authorizationDetails?.roles ?? []) {
      if (role.serviceLinked) continue;
      const since = role.lastUsed ?? role.createDate;
      const age = ageDays(since, now);
      if (age === null || age <= config.unusedRoleDays) continue;
      out.push({
        resource: role.arn,
        message:
          role.lastUsed === null
            ? `Role ${role.name} was never used and was created ${age} days ago (more than ${config.unusedRoleDays})`
            : `Role ${role.name} was last used ${age} days ago (more than ${config.unusedRoleDays})`,
        details: {
          roleName: role.name,
          lastUsed: isoDay(role.lastUsed),
          created: isoDay(role.createDate),
          daysUnused: age,
          thresholdDays: config.unusedRoleDays,
        },
      });
    }
    return out;
  },
};
