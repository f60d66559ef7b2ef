import type { Check, CheckFailure } from '../model.js';
import { cis } from './lib/references.js';

export const userAttachedPolicies: Check = {
  id: 'user-attached-policies',
  title: 'User has policies of its own',
  severity: 'low',
  practice:
    'Give permissions to groups (or roles), not to individual users: access granted through a group is reviewed once, changes with job function, and is removed when the user leaves the group. Policies attached to one user drift out of sight.',
  references: [
    ...cis('1.15', '1.14'),
    { standard: 'SecurityHub', id: 'IAM.2' },
    { standard: 'AWSConfig', id: 'iam-user-no-policies-check' },
  ],
  remediation:
    'Put the user in a group that holds the permissions (aws iam add-user-to-group --group-name <group> --user-name <user>), then remove the user\'s own policies: aws iam detach-user-policy --user-name <user> --policy-arn <arn> for managed policies, aws iam delete-user-policy --user-name <user> --policy-name <name> for inline ones.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['user'],
  evaluate(snapshot) {
    const out: CheckFailure[] = [];
    for (const user of snapshot.authorizationDetails?.users ?? []) {
      const attached = user.attachedPolicies.map((p) => p.arn);
      const inline = user.inlinePolicies.map((p) => p.name);
      if (attached.length === 0 && inline.length === 0) continue;
      const parts = [
        attached.length ? `managed ${plural(attached.length, 'policy', 'policies')} ${user.attachedPolicies.map((p) => p.name).join(', ')}` : '',
        inline.length ? `inline ${plural(inline.length, 'policy', 'policies')} ${inline.join(', ')}` : '',
      ].filter(Boolean);
      out.push({
        resource: user.arn,
        message: `User ${user.name} has ${parts.join(' and ')} of its own instead of permissions through a group`,
        details: { attachedPolicies: attached, inlinePolicies: inline },
      });
    }
    return out;
  },
};

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
