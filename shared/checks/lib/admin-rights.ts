/**
 * Administrator rights of a user, as the catalog defines them for
 * privileged-user-no-mfa: AdministratorAccess, IAMFullAccess, or any policy
 * allowing `*` or `iam:*` on Resource `*`, attached to the user directly or
 * through one of its groups, managed or inline.
 */
import { grantsAdministrator, isAdminManagedPolicyArn } from '../../policy/actions.js';
import type { PolicyDocument } from '../../policy/document.js';
import type { AttachedPolicyRef, AuthorizationDetails, InlinePolicy, User } from '../../snapshot/types.js';

// Thousands of users share a few group policies: judge each document once.
const adminDocCache = new WeakMap<PolicyDocument, boolean>();
function isAdminDocument(doc: PolicyDocument): boolean {
  let v = adminDocCache.get(doc);
  if (v === undefined) {
    v = grantsAdministrator(doc);
    adminDocCache.set(doc, v);
  }
  return v;
}

export interface AdminGrant {
  /** "user" or "group:<name>". */
  readonly via: string;
  /** Managed policy ARN, or "inline:<name>". */
  readonly policy: string;
}

function grantsFromPolicies(
  details: AuthorizationDetails,
  via: string,
  attached: readonly AttachedPolicyRef[],
  inline: readonly InlinePolicy[],
): AdminGrant[] {
  const out: AdminGrant[] = [];
  for (const a of attached) {
    const doc = details.policyByArn.get(a.arn)?.document;
    if (isAdminManagedPolicyArn(a.arn) || (doc && isAdminDocument(doc))) out.push({ via, policy: a.arn });
  }
  for (const p of inline) if (isAdminDocument(p.document)) out.push({ via, policy: `inline:${p.name}` });
  return out;
}

/** Every way the user holds administrator rights; empty when it holds none. */
export function adminGrants(user: User, details: AuthorizationDetails): AdminGrant[] {
  const out = grantsFromPolicies(details, 'user', user.attachedPolicies, user.inlinePolicies);
  for (const name of user.groups) {
    const group = details.groupByName.get(name);
    if (group) out.push(...grantsFromPolicies(details, `group:${name}`, group.attachedPolicies, group.inlinePolicies));
  }
  return out;
}

export function hasAdminRights(user: User, details: AuthorizationDetails): boolean {
  return adminGrants(user, details).length > 0;
}
