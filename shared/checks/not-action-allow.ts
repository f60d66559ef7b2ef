import type { Check } from '../model.js';
import type { PolicyDocument, Statement } from '../policy/document.js';
import { failingPolicies, statementsLabel } from './lib/judged-policies.js';

const cache = new WeakMap<PolicyDocument, readonly Statement[]>();

/** Allow statements written with NotAction: they grant everything not listed, including actions AWS adds later. */
function allowNotActionStatements(doc: PolicyDocument): readonly Statement[] {
  let list = cache.get(doc);
  if (!list) {
    list = doc.statements.filter((s) => s.effect === 'Allow' && s.notAction !== undefined);
    cache.set(doc, list);
  }
  return list;
}

export const notActionAllow: Check = {
  id: 'not-action-allow',
  title: 'Allow statement uses NotAction',
  severity: 'low',
  practice:
    'Grant least privilege by listing what is allowed. An Allow with NotAction grants every action except the listed ones, in every service, including services and actions AWS adds later; use NotAction only in Deny statements.',
  references: [
    {
      standard: 'IAMBestPractices',
      id: 'Apply least-privilege permissions',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    },
  ],
  remediation:
    'Rewrite the statement as an Allow of the specific actions needed (or keep the broad grant and express the exclusions as a Deny with Action). Managed policy: aws iam create-policy-version --policy-arn <arn> --policy-document file://rewritten.json --set-as-default. Inline policy: aws iam put-user-policy (put-group-policy, put-role-policy) --user-name <name> --policy-name <policy> --policy-document file://rewritten.json.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['policy', 'user', 'group', 'role'],
  evaluate(snapshot) {
    return failingPolicies(
      snapshot,
      allowNotActionStatements,
      (statements) =>
        `allows every action except ${[...new Set(statements.flatMap((s) => s.notAction ?? []))].join(', ')} (NotAction in ${statementsLabel(statements)})`,
      (s) => ({
        index: s.index,
        sid: s.sid ?? null,
        notActions: s.notAction ?? [],
        ...(s.resource ? { resources: s.resource } : {}),
        ...(s.notResource ? { notResources: s.notResource } : {}),
      }),
    );
  },
};
