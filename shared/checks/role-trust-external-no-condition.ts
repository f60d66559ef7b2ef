import { unguardedExternalTrusts } from '../policy/trust.js';
import type { Check, CheckFailure } from '../model.js';
import { judgedTrusts } from './lib/trusts.js';

export const roleTrustExternalNoCondition: Check = {
  id: 'role-trust-external-no-condition',
  title: 'Role trusts another account without a condition',
  severity: 'medium',
  practice:
    'Delegate access to other accounts through roles whose trust policy carries a condition: an sts:ExternalId for third parties (against the confused-deputy problem) or MFA for people. Accounts you own and trust can be listed in trustedAccounts.',
  references: [
    {
      standard: 'IAMBestPractices',
      id: 'Use conditions in IAM policies to further restrict access',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    },
    {
      standard: 'IAMBestPractices',
      id: 'Use an external ID when granting access to a third party',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html',
    },
  ],
  remediation:
    'Add a condition to the trust statement, e.g. "StringEquals": {"sts:ExternalId": "<shared secret>"} for a vendor or "Bool": {"aws:MultiFactorAuthPresent": "true"} for people: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json. If the account is your own, add its id to trustedAccounts in the config.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['role'],
  evaluate(snapshot, config) {
    const out: CheckFailure[] = [];
    for (const { role, trust } of judgedTrusts(snapshot)) {
      const trusts = unguardedExternalTrusts(trust, snapshot.accountId, config.trustedAccounts);
      if (trusts.length === 0) continue;
      const accounts = [...new Set(trusts.map((t) => t.account))];
      out.push({
        resource: role.arn,
        message: `Role ${role.name} trusts ${accounts.length === 1 ? 'account' : 'accounts'} ${accounts.join(', ')} with no sts:ExternalId or MFA condition`,
        details: {
          roleName: role.name,
          accounts,
          trusts: trusts.map((t) => ({ account: t.account, principal: t.principal, statementIndex: t.statementIndex })),
        },
      });
    }
    return out;
  },
};
