import type { Check } from '../model.js';
import { assignmentsOf, describeAssignment, managementAccountOf, plural, principalLabel } from './lib/identity-center.js';

export const ssoManagementAccountAccess: Check = {
  id: 'sso-management-account-access',
  title: 'Identity Center permission set assigned in the management account',
  severity: 'medium',
  practice:
    "Keep the organization's management account for break-glass: it controls every member account (service control policies do not restrict it), so everyday sign-ins to it through Identity Center widen what one stolen session can do.",
  references: [{ standard: 'Other', id: 'AWS Organizations best practices for the management account' }],
  remediation:
    'Move the work to member accounts and remove the assignment: aws sso-admin delete-account-assignment --instance-arn <instance> --target-id <management account> --target-type AWS_ACCOUNT --permission-set-arn <set> --principal-type USER|GROUP --principal-id <id>. Keep at most one break-glass assignment, and suppress this finding for it with a reason.',
  inputs: ['identityCenter'],
  resourceKinds: ['permission-set'],
  evaluate(snapshot) {
    const ic = snapshot.identityCenter;
    if (!ic) return [];
    const management = managementAccountOf(snapshot, ic);
    return ic.permissionSets.flatMap((set) => {
      const there = assignmentsOf(ic, set).filter((a) => a.accountId === management);
      if (there.length === 0) return [];
      return [
        {
          resource: set.arn,
          message: `Permission set ${set.name} is assigned in the management account ${management} to ${plural(there.length, 'principal')} (${there.slice(0, 5).map(principalLabel).join(', ')}${there.length > 5 ? ', …' : ''})`,
          details: { permissionSet: set.name, managementAccountId: management, assignments: there.map(describeAssignment) },
        },
      ];
    });
  },
};
