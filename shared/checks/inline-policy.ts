import type { Check, CheckFailure } from '../model.js';
import type { Principal } from '../snapshot/types.js';

export const inlinePolicy: Check = {
  id: 'inline-policy',
  title: 'Principal holds an inline policy',
  severity: 'low',
  practice:
    'Prefer customer managed policies to inline policies: a managed policy is versioned (with rollback), reusable across principals, and visible in one place for review, while an inline policy lives and dies with one user, group or role.',
  references: [{ standard: 'AWSConfig', id: 'iam-no-inline-policy-check' }],
  remediation:
    'Move the permissions to a customer managed policy and attach it: aws iam create-policy --policy-name <name> --policy-document file://policy.json, then aws iam attach-user-policy (attach-group-policy, attach-role-policy) --policy-arn <arn> …; then delete the inline policy: aws iam delete-user-policy --user-name <user> --policy-name <name> (delete-group-policy --group-name, delete-role-policy --role-name).',
  inputs: ['authorizationDetails'],
  resourceKinds: ['user', 'group', 'role'],
  evaluate(snapshot) {
    const details = snapshot.authorizationDetails;
    if (!details) return [];
    const out: CheckFailure[] = [];
    // A service-linked role's policies belong to the AWS service that owns it; the account cannot change them.
    const holders: readonly Principal[][] = [details.users as Principal[], details.groups as Principal[], details.roles.filter((r) => !r.serviceLinked)];
    for (const list of holders) {
      for (const holder of list) {
        for (const policy of holder.inlinePolicies) {
          out.push({
            resource: holder.arn,
            qualifier: `inline:${policy.name}`,
            message: `${capitalize(holder.kind)} ${holder.name} holds inline policy ${policy.name}`,
            details: { policyName: policy.name, holder: { kind: holder.kind, name: holder.name } },
          });
        }
      }
    }
    return out;
  },
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
