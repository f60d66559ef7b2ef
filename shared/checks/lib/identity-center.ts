/**
 * What the Identity Center checks share: whether a permission set grants
 * administrator rights, and who it is assigned to where.
 *
 * permissionSetAdminGrants is the ONE place that judges a permission set's
 * policies. It reads them with shared/policy/actions.ts (`grantsAdministrator`,
 * AdministratorAccess and IAMFullAccess by ARN) for now; the policy engine of
 * shared/policy/ replaces that call here, and nowhere else, when it lands.
 */
import { grantsAdministrator, isAdminManagedPolicyArn } from '../../policy/actions.js';
import type { PolicyDocument } from '../../policy/document.js';
import type { AccountAssignment, IdentityCenter, PermissionSet, PolicyReference } from '../../snapshot/organization.js';
import type { Snapshot } from '../../snapshot/types.js';

export interface PermissionSetAdmin {
  /** What grants the rights: managed policy ARNs, "inline", "customer-managed:<path><name>". */
  readonly grants: readonly string[];
  /** Customer managed policies named by the set whose documents this snapshot does not hold: not judged. */
  readonly unresolved: readonly string[];
  /** The set has a permissions boundary that could not be read: its grants were judged without it. */
  readonly boundaryNotRead: boolean;
}

const refName = (r: PolicyReference) => `${r.path}${r.name}`;

/**
 * A customer managed policy a permission set names, looked up by path and
 * name in the snapshot's own account (where the set is read); undefined
 * when that account does not have it.
 */
function customerManagedDocument(snapshot: Snapshot, ref: PolicyReference): PolicyDocument | undefined {
  const details = snapshot.authorizationDetails;
  if (!details) return undefined;
  const policy = details.policies.find((p) => !p.awsManaged && p.name === ref.name && p.path === ref.path);
  return policy?.document ?? undefined;
}

/**
 * Administrator rights of a permission set, or null when it has none: an
 * AWS managed AdministratorAccess or IAMFullAccess, or an inline or
 * customer managed policy that allows everything or all of IAM on every
 * resource; capped by its permissions boundary when that can be read.
 */
export function permissionSetAdminGrants(snapshot: Snapshot, set: PermissionSet): PermissionSetAdmin | null {
  const grants: string[] = [];
  const unresolved: string[] = [];
  for (const arn of set.managedPolicies) if (isAdminManagedPolicyArn(arn)) grants.push(arn);
  if (set.inlinePolicy && grantsAdministrator(set.inlinePolicy)) grants.push('inline');
  for (const ref of set.customerManagedPolicies) {
    const doc = customerManagedDocument(snapshot, ref);
    if (doc === undefined) unresolved.push(refName(ref));
    else if (grantsAdministrator(doc)) grants.push(`customer-managed:${refName(ref)}`);
  }
  if (grants.length === 0) return null;

  let boundaryNotRead = false;
  const boundary = set.permissionsBoundary;
  if (boundary) {
    const managed = boundary.managedPolicyArn;
    const customer = boundary.customerManagedPolicy ? customerManagedDocument(snapshot, boundary.customerManagedPolicy) : undefined;
    if (managed !== null) {
      if (!isAdminManagedPolicyArn(managed)) return null;
    } else if (customer !== undefined) {
      if (!grantsAdministrator(customer)) return null;
    } else {
      boundaryNotRead = true;
    }
  }
  return { grants, unresolved, boundaryNotRead };
}

/** Each permission set with administrator rights, and its grants. */
export function adminPermissionSets(snapshot: Snapshot, ic: IdentityCenter): { set: PermissionSet; admin: PermissionSetAdmin }[] {
  return ic.permissionSets.flatMap((set) => {
    const admin = permissionSetAdminGrants(snapshot, set);
    return admin ? [{ set, admin }] : [];
  });
}

export function assignmentsOf(ic: IdentityCenter, set: PermissionSet): AccountAssignment[] {
  return ic.assignments.filter((a) => a.permissionSetArn === set.arn);
}

/** An assignment as the findings' details list it. */
export function describeAssignment(a: AccountAssignment): { accountId: string; principalType: string; principalId: string; principalName: string | null } {
  return { accountId: a.accountId, principalType: a.principalType, principalId: a.principalId, principalName: a.principalName };
}

export const principalLabel = (a: AccountAssignment) => `${a.principalType === 'USER' ? 'user' : 'group'} ${a.principalName ?? a.principalId}`;

/** The organization's management account: the file says so, or the snapshot's own account is it. */
export function managementAccountOf(snapshot: Snapshot, ic: IdentityCenter): string {
  return ic.managementAccountId ?? snapshot.accountId;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
