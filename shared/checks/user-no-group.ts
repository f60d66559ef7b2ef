import type { Check } from '../model.js';

export const userNoGroup: Check = {
  id: 'user-no-group',
  title: 'User belongs to no group',
  severity: 'low',
  practice:
    'Manage user permissions through groups: every IAM user should belong to at least one group that states its job function, so its access is granted, reviewed and revoked with the group rather than one user at a time.',
  references: [{ standard: 'AWSConfig', id: 'iam-user-group-membership-check' }],
  remediation:
    'Add the user to the group for its job function: aws iam add-user-to-group --group-name <group> --user-name <user>. If the user is a workload identity, replace it with a role instead.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['user'],
  evaluate(snapshot) {
    return (snapshot.authorizationDetails?.users ?? [])
      .filter((u) => u.groups.length === 0)
      .map((u) => ({ resource: u.arn, message: `User ${u.name} belongs to no group`, details: { userName: u.name } }));
  },
};
