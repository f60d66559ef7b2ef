import { accessLevelSource } from '../policy/actions.js';
import { compiledStatement, permissionsManagementGrant } from '../policy/statements.js';
import type { Check } from '../model.js';
import { accountContext, failingPolicies, statementsLabel, statementsOfClass } from './lib/judged-policies.js';

/** Expanded actions listed per statement; the rest are counted, so `*:Put*` stays readable. */
export const MAX_LISTED_ACTIONS = 20;

export const permissionsManagementWildcard: Check = {
  id: 'permissions-management-wildcard',
  title: 'Policy allows permissions-management actions on all resources',
  severity: 'medium',
  practice:
    'Permissions-management actions (attaching policies, editing trust and resource policies, bucket ACLs …) let a principal grant itself or others more access. Allow them only on the specific resources that need managing, never on Resource "*", and prefer exact action names over wildcards that match them.',
  references: [
    {
      standard: 'IAMBestPractices',
      id: 'Access levels in policy summaries: Permissions management',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html',
    },
  ],
  remediation:
    'Scope the statement to the resources it must manage (e.g. "Resource": "arn:aws:iam::<account>:role/app-*") or drop the permissions-management actions, and add a permissions boundary where delegation is intended. Managed policy: aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default. Inline policy: aws iam put-user-policy (put-group-policy, put-role-policy) --user-name <name> --policy-name <policy> --policy-document file://narrowed.json.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['policy', 'user', 'group', 'role'],
  evaluate(snapshot) {
    const ctx = accountContext(snapshot);
    const grantOf = (doc: Parameters<typeof compiledStatement>[0], s: Parameters<typeof compiledStatement>[1]) =>
      permissionsManagementGrant(compiledStatement(doc, s), ctx)!;
    return failingPolicies(
      snapshot,
      (doc) => statementsOfClass(doc, 'permissions-management-wildcard', ctx),
      (statements, doc) => {
        const grants = statements.map((s) => grantOf(doc, s));
        const patterns = [...new Set(grants.flatMap((g) => g.patterns))];
        const total = new Set(grants.flatMap((g) => g.actions)).size;
        return `allows ${total} permissions-management action${total === 1 ? '' : 's'} on Resource "*" via ${patterns.join(', ')} (${statementsLabel(statements)})`;
      },
      (s, doc) => {
        const g = grantOf(doc, s);
        return { index: s.index, sid: s.sid ?? null, patterns: g.patterns, actions: g.actions.slice(0, MAX_LISTED_ACTIONS), actionCount: g.actions.length };
      },
      { accessLevelSource },
    );
  },
};
