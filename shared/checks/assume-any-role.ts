import type { Check } from '../model.js';
import { conditionKeysOf, failingPolicies, patternsFor, statementsLabel, statementsOfClass } from './lib/judged-policies.js';

export const assumeAnyRole: Check = {
  id: 'assume-any-role',
  title: 'Policy lets a principal assume any role',
  severity: 'medium',
  practice:
    'Allow sts:AssumeRole only on the roles a principal needs: on every role, the only thing between its holder and the most powerful role of the account (or of any account that trusts this one) is that role\'s trust policy.',
  references: [{ standard: 'Other', id: 'Prowler iam_no_custom_policy_permissive_role_assumption' }],
  remediation:
    'Name the roles in the statement\'s Resource (e.g. "arn:aws:iam::<account>:role/deploy-*"). Managed policy: aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default. Inline policy: aws iam put-user-policy (put-group-policy, put-role-policy) --user-name <name> --policy-name <policy> --policy-document file://narrowed.json.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['policy', 'user', 'group', 'role'],
  evaluate(snapshot) {
    return failingPolicies(
      snapshot,
      (doc, ctx) => statementsOfClass(doc, 'assume-any-role', ctx),
      (statements) => `allows sts:AssumeRole on every role (${statementsLabel(statements)})`,
      (s) => ({ index: s.index, sid: s.sid ?? null, actions: patternsFor(s, 'sts:AssumeRole'), resources: s.resource ?? [], conditionKeys: conditionKeysOf(s) }),
    );
  },
};
