import { actionSetOf } from '../policy/action-index.js';
import type { Statement } from '../policy/document.js';
import type { Check } from '../model.js';
import { cis } from './lib/references.js';
import { failingPolicies, statementsLabel, statementsOfClass } from './lib/judged-policies.js';

/** The Action patterns that mean every action (`*`, `*:*`, `?*:*`), or every pattern when only their union does. */
function everythingPatterns(s: Statement): string[] {
  const patterns = s.action ?? [];
  const whole = patterns.filter((p) => actionSetOf(p).isEverything);
  return whole.length > 0 ? whole : [...patterns];
}

export const adminPolicy: Check = {
  id: 'admin-policy',
  title: 'Policy grants full administrator access',
  severity: 'high',
  practice:
    'Grant least privilege: no customer managed or inline policy should allow every action on every resource. Reserve full access for a few break-glass roles using the AWS managed AdministratorAccess policy, and grant everyone else only the actions their work needs.',
  references: [
    ...cis('1.16', '1.15'),
    { standard: 'SecurityHub', id: 'IAM.1' },
    { standard: 'AWSConfig', id: 'iam-policy-no-statements-with-admin-access' },
  ],
  remediation:
    'Replace the "Action": "*" statement with the specific actions needed (IAM Access Analyzer can generate a policy from CloudTrail activity). For a managed policy, publish a narrowed version as the default: aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default. For an inline policy, overwrite it: aws iam put-user-policy (put-group-policy, put-role-policy) --user-name <name> --policy-name <policy> --policy-document file://narrowed.json, or remove it with aws iam delete-user-policy (delete-group-policy, delete-role-policy).',
  inputs: ['authorizationDetails'],
  resourceKinds: ['policy', 'user', 'group', 'role'],
  evaluate(snapshot) {
    return failingPolicies(
      snapshot,
      (doc, ctx) => statementsOfClass(doc, 'admin-policy', ctx),
      (statements) => `allows every action on every resource (${statementsLabel(statements)})`,
      (s) => ({ index: s.index, sid: s.sid ?? null, actions: everythingPatterns(s) }),
    );
  },
};
