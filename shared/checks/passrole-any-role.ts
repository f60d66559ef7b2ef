import type { Check } from '../model.js';
import { conditionKeysOf, failingPolicies, patternsFor, statementsLabel, statementsOfClass } from './lib/judged-policies.js';

export const passroleAnyRole: Check = {
  id: 'passrole-any-role',
  title: 'Policy lets a principal pass any role',
  severity: 'medium',
  practice:
    'Passing a role hands its permissions to a service the principal controls (an instance, a function, a task). Allow iam:PassRole only on the roles a workload needs, and only to the service that uses them (an iam:PassedToService condition): iam:PassRole on every role lets its holder lend itself any role of the account, administrators included.',
  references: [
    { standard: 'IAMBestPractices', id: 'Apply least-privilege permissions', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' },
    { standard: 'Other', id: 'Cloudsplaining PrivilegeEscalation / iam:PassRole on *' },
  ],
  remediation:
    'Scope the statement to the roles it must pass and the service it passes them to, e.g. "Resource": "arn:aws:iam::<account>:role/app-*" with "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}. Managed policy: aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default. Inline policy: aws iam put-role-policy (put-user-policy, put-group-policy) --role-name <name> --policy-name <policy> --policy-document file://narrowed.json.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['policy', 'user', 'group', 'role'],
  evaluate(snapshot) {
    return failingPolicies(
      snapshot,
      (doc, ctx) => statementsOfClass(doc, 'passrole-any-role', ctx),
      (statements) => `allows iam:PassRole on every role with no iam:PassedToService condition (${statementsLabel(statements)})`,
      (s) => ({ index: s.index, sid: s.sid ?? null, actions: patternsFor(s, 'iam:PassRole'), resources: s.resource ?? [], conditionKeys: conditionKeysOf(s) }),
    );
  },
};
