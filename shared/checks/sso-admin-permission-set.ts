import type { Check } from '../model.js';
import { adminPermissionSets, assignmentsOf, describeAssignment, plural } from './lib/identity-center.js';

export const ssoAdminPermissionSet: Check = {
  id: 'sso-admin-permission-set',
  title: 'Identity Center permission set grants administrator rights',
  severity: 'high',
  practice:
    'Grant least privilege through Identity Center too: a permission set with administrator rights hands full control of every account it is assigned in to whoever signs in with it, so keep such sets few, assigned sparingly, and reviewed.',
  references: [{ standard: 'IAMBestPractices', id: 'least privilege' }],
  remediation:
    'Replace AdministratorAccess (or the inline / customer managed policy granting "*") with a job-function policy, or keep the set for break-glass only and remove its everyday assignments: aws sso-admin detach-managed-policy-from-permission-set --instance-arn <instance> --permission-set-arn <set> --managed-policy-arn arn:aws:iam::aws:policy/AdministratorAccess, then aws sso-admin provision-permission-set --instance-arn <instance> --permission-set-arn <set> --target-type ALL_PROVISIONED_ACCOUNTS.',
  inputs: ['identityCenter'],
  resourceKinds: ['permission-set'],
  evaluate(snapshot) {
    const ic = snapshot.identityCenter;
    if (!ic) return [];
    return adminPermissionSets(snapshot, ic).map(({ set, admin }) => {
      const assignments = assignmentsOf(ic, set);
      const accounts = new Set(assignments.map((a) => a.accountId));
      return {
        resource: set.arn,
        message: `Permission set ${set.name} grants administrator rights (${admin.grants.map((g) => g.split('/').pop()).join(', ')}) and is assigned ${plural(assignments.length, 'time')} in ${plural(accounts.size, 'account')}`,
        details: {
          permissionSet: set.name,
          grants: admin.grants,
          assignments: assignments.map(describeAssignment),
          ...(admin.unresolved.length ? { unresolvedCustomerManagedPolicies: admin.unresolved } : {}),
          ...(admin.boundaryNotRead ? { boundaryNotRead: true } : {}),
        },
      };
    });
  },
};
