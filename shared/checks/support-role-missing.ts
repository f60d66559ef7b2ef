import type { Check } from '../model.js';
import type { Principal } from '../snapshot/types.js';
import { cis } from './lib/references.js';

/** AWSSupportAccess in any partition (arn:aws:, arn:aws-cn:, arn:aws-us-gov:). */
const isSupportAccess = (arn: string) => arn.endsWith(':iam::aws:policy/AWSSupportAccess');

export const supportRoleMissing: Check = {
  id: 'support-role-missing',
  title: 'No principal can manage AWS Support cases',
  severity: 'low',
  practice:
    'Prepare for incidents: some user, group or (preferably) role should hold the AWS managed AWSSupportAccess policy, so that support cases can be opened and followed without the root user or an administrator.',
  references: [
    ...cis('1.17', '1.16'),
    { standard: 'SecurityHub', id: 'IAM.18' },
  ],
  remediation:
    'Create a support role your incident responders can assume and attach AWSSupportAccess: aws iam create-role --role-name aws-support --assume-role-policy-document file://trust.json, then aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const details = snapshot.authorizationDetails;
    if (!details) return [];
    const holders: readonly (readonly Principal[])[] = [details.users, details.groups, details.roles];
    if (holders.some((list) => list.some((p) => p.attachedPolicies.some((a) => isSupportAccess(a.arn))))) return [];
    return [
      {
        resource: snapshot.rootArn,
        message: `No user, group or role in account ${snapshot.accountId} has AWSSupportAccess attached`,
        details: { policy: 'AWSSupportAccess' },
      },
    ];
  },
};
