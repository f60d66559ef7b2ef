/**
 * Administrator rights as the catalog defines them ("Administrator
 * rights"): the principal's effective permissions allow every IAM action on
 * every resource, whatever spelling the policies use. Read from the policy
 * engine's per-principal rights (shared/policy/principals.ts).
 */
import type { Grant } from '../../policy/permissions.js';
import { accountRights, type PrincipalRights } from '../../policy/principals.js';
import type { Principal, Snapshot, User } from '../../snapshot/types.js';

export interface AdminGrant {
  /** "user", "role", "group" (the group itself) or "group:<name>" (a user's group). */
  readonly via: string;
  /** Managed policy ARN, or "inline:<name>". */
  readonly policy: string;
}

/** The policies of the granting statements, each once, in the principal's policy order. */
export function grantingPolicies(grants: readonly Grant[]): AdminGrant[] {
  const seen = new Set<string>();
  const out: AdminGrant[] = [];
  for (const g of grants) {
    const key = `${g.source.via}|${g.source.policy}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ via: g.source.via, policy: g.source.policy });
  }
  return out;
}

/** The rights of a principal of the snapshot (undefined without the authorization details). */
export function rightsOf(snapshot: Snapshot, principal: Principal): PrincipalRights | undefined {
  return accountRights(snapshot)?.of(principal);
}

/** Every way the user holds administrator rights (its policies' and its groups'); empty when it holds none or they are unknown. */
export function adminGrants(user: User, snapshot: Snapshot): AdminGrant[] {
  const admin = rightsOf(snapshot, user)?.admin;
  return admin?.admin ? grantingPolicies(admin.grants) : [];
}

export function hasAdminRights(user: User, snapshot: Snapshot): boolean {
  return rightsOf(snapshot, user)?.admin?.admin === true;
}

/** Principals whose rights are unknown (a policy document neither the snapshot nor the library holds), by ARN. */
export function principalsWithUnknownRights(snapshot: Snapshot, principals: readonly Principal[]): string[] {
  const rights = accountRights(snapshot);
  if (!rights) return [];
  return principals.filter((p) => rights.of(p).effective === null).map((p) => p.arn);
}
