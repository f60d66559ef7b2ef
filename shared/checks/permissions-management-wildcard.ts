import { accessLevelSource, permissionsManagementGrants } from '../policy/actions.js';
import type { Statement } from '../policy/document.js';
import type { Check } from '../model.js';
import { failingPolicies, statementsLabel, statementsOfClass } from './lib/judged-policies.js';

/** Expanded actions listed per statement; the rest are counted, so `*:Put*` stays readable. */
export const MAX_LISTED_ACTIONS = 20;

interface Expansion {
  readonly patterns: readonly string[];
  /** Sorted, each once. */
  readonly actions: readonly string[];
}

// Many principals carry copies of the same statement: expand each Action list once.
const expansionCache = new Map<string, Expansion>();

/** The permissions-management actions a statement (already classified as allowing some on Resource "*") allows. */
function expand(s: Statement): Expansion & { readonly statement: Statement } {
  const key = (s.action ?? []).join('\n');
  let expansion = expansionCache.get(key);
  if (!expansion) {
    const grants = permissionsManagementGrants(s);
    expansion = { patterns: grants.map((g) => g.pattern), actions: [...new Set(grants.flatMap((g) => g.actions))].sort() };
    expansionCache.set(key, expansion);
  }
  return { statement: s, ...expansion };
}

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
    return failingPolicies(
      snapshot,
      (doc) => statementsOfClass(doc, 'permissions-management-wildcard'),
      (statements) => {
        const expanded = statements.map(expand);
        const patterns = [...new Set(expanded.flatMap((e) => e.patterns))];
        const total = new Set(expanded.flatMap((e) => e.actions)).size;
        return `allows ${total} permissions-management action${total === 1 ? '' : 's'} on Resource "*" via ${patterns.join(', ')} (${statementsLabel(statements)})`;
      },
      (s) => {
        const e = expand(s);
        return { index: s.index, sid: s.sid ?? null, patterns: e.patterns, actions: e.actions.slice(0, MAX_LISTED_ACTIONS), actionCount: e.actions.length };
      },
      { accessLevelSource },
    );
  },
};
