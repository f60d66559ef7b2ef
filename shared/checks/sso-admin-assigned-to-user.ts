import type { Check } from '../model.js';
import { adminPermissionSets, assignmentsOf, describeAssignment, plural } from './lib/identity-center.js';

export const ssoAdminAssignedToUser: Check = {
  id: 'sso-admin-assigned-to-user',
  title: 'Administrator permission set assigned to a user directly',
  severity: 'medium',
  practice:
    'Give permissions through groups: an administrator permission set assigned to individual users is hard to review and outlives role changes, while a group assignment is seen, granted and revoked in one place.',
  references: [{ standard: 'IAMBestPractices', id: 'permissions through groups' }],
  remediation:
    'Assign the permission set to a group instead and remove the user assignment: aws sso-admin create-account-assignment --instance-arn <instance> --target-id <account> --target-type AWS_ACCOUNT --permission-set-arn <set> --principal-type GROUP --principal-id <group id>, then aws sso-admin delete-account-assignment with --principal-type USER --principal-id <user id>.',
  inputs: ['identityCenter'],
  resourceKinds: ['permission-set'],
  evaluate(snapshot) {
    const ic = snapshot.identityCenter;
    if (!ic) return [];
    return adminPermissionSets(snapshot, ic).flatMap(({ set }) => {
      const users = assignmentsOf(ic, set).filter((a) => a.principalType === 'USER');
      if (users.length === 0) return [];
      const names = [...new Set(users.map((u) => u.principalName ?? u.principalId))];
      return [
        {
          resource: set.arn,
          message: `Administrator permission set ${set.name} is assigned directly to ${plural(names.length, 'user')} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}) rather than to a group`,
          details: { permissionSet: set.name, userAssignments: users.map(describeAssignment) },
        },
      ];
    });
  },
};
