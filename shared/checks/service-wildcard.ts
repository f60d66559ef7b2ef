import { compiledStatement, wholeServiceGrants } from '../policy/statements.js';
import type { PolicyDocument, Statement } from '../policy/document.js';
import type { AccountContext } from '../policy/resources.js';
import type { Check } from '../model.js';
import { accountContext, failingPolicies, statementsLabel, statementsOfClass } from './lib/judged-policies.js';

/** The statement's Action patterns, as written, that make it allow whole services. */
function wildcardPatterns(doc: PolicyDocument, s: Statement, ctx: AccountContext): string[] {
  const whole = new Set(wholeServiceGrants(compiledStatement(doc, s), ctx).flatMap((g) => g.patterns));
  return [...new Set((s.action ?? []).filter((p) => whole.has(p)))];
}

export const serviceWildcard: Check = {
  id: 'service-wildcard',
  title: 'Policy allows all actions of a service',
  severity: 'medium',
  practice:
    'Grant least privilege: allow the specific actions a principal needs, not every action of a service ("s3:*", "iam:*"). A service wildcard also grants every action AWS adds to that service later, including destructive and permission-changing ones.',
  references: [
    { standard: 'SecurityHub', id: 'IAM.21' },
    { standard: 'AWSConfig', id: 'iam-policy-no-statements-with-full-access' },
  ],
  remediation:
    'List the actions actually used (IAM Access Analyzer policy generation, or the service last accessed data: aws iam generate-service-last-accessed-details --arn <principal-arn>) and replace the "<service>:*" entries with them. Managed policy: aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default. Inline policy: aws iam put-user-policy (put-group-policy, put-role-policy) --user-name <name> --policy-name <policy> --policy-document file://narrowed.json.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['policy', 'user', 'group', 'role'],
  evaluate(snapshot) {
    const ctx = accountContext(snapshot);
    return failingPolicies(
      snapshot,
      (doc) => statementsOfClass(doc, 'service-wildcard', ctx),
      (statements, doc) =>
        `allows whole services: ${[...new Set(statements.flatMap((s) => wildcardPatterns(doc, s, ctx)))].join(', ')} (${statementsLabel(statements)})`,
      (s, doc) => ({ index: s.index, sid: s.sid ?? null, actions: wildcardPatterns(doc, s, ctx), resources: s.resource ?? [] }),
    );
  },
};
