/**
 * What the Identity Center checks share: whether a permission set grants
 * administrator rights, and who it is assigned to where.
 *
 * permissionSetAdminGrants is the one place that judges a permission set's
 * policies, through the policy engine (shared/policy): the union of its AWS
 * managed, customer managed and inline policies, capped by its permissions
 * boundary, read as IAM reads them (catalog "Administrator rights").
 */
import { administratorRights, effectivePermissions, isAdminManagedPolicyArn, type AccountContext, type PolicyDocument, type PolicyInput } from '../../policy/index.js';
import { accountRights } from '../../policy/principals.js';
import type { AccountAssignment, IdentityCenter, PermissionSet, PolicyReference } from '../../snapshot/organization.js';
import type { Snapshot } from '../../snapshot/types.js';

export interface PermissionSetAdmin {
  /** What grants the rights: managed policy ARNs, "inline", "customer-managed:<path><name>". */
  readonly grants: readonly string[];
  /** Policies named by the set whose documents this snapshot does not hold: not judged. */
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

/** The document of an AWS managed policy, from the snapshot or the maintained copy; undefined when neither has it. */
function awsManagedDocument(snapshot: Snapshot, arn: string): PolicyDocument | undefined {
  return accountRights(snapshot)?.policy(arn)?.document;
}

const input = (document: PolicyDocument, policy: string, via = 'permission-set'): PolicyInput => ({ document, source: { policy, name: policy, via } });

/**
 * Administrator rights of a permission set, or null when it has none: every
 * IAM action on every resource from the union of its policies, after their
 * unconditional Denies, capped by its permissions boundary when that can be
 * read. AdministratorAccess and IAMFullAccess count by ARN where their
 * documents are not at hand (a Lambda reads no maintained copy).
 */
export function permissionSetAdminGrants(snapshot: Snapshot, set: PermissionSet): PermissionSetAdmin | null {
  const policies: PolicyInput[] = [];
  const unresolved: string[] = [];
  const byArn: string[] = [];
  for (const arn of set.managedPolicies) {
    const doc = awsManagedDocument(snapshot, arn);
    if (doc) policies.push(input(doc, arn));
    else if (isAdminManagedPolicyArn(arn)) byArn.push(arn);
    else unresolved.push(arn);
  }
  if (set.inlinePolicy) policies.push(input(set.inlinePolicy, 'inline'));
  for (const ref of set.customerManagedPolicies) {
    const doc = customerManagedDocument(snapshot, ref);
    if (doc === undefined) unresolved.push(refName(ref));
    else policies.push(input(doc, `customer-managed:${refName(ref)}`));
  }

  let boundaryNotRead = false;
  let boundary: PolicyInput | null = null;
  const b = set.permissionsBoundary;
  if (b) {
    const doc = b.managedPolicyArn !== null ? awsManagedDocument(snapshot, b.managedPolicyArn) : b.customerManagedPolicy ? customerManagedDocument(snapshot, b.customerManagedPolicy) : undefined;
    if (doc) boundary = input(doc, 'boundary', 'boundary');
    // An admin policy known only by its ARN caps nothing; any other boundary unknown is not read.
    else if (!(b.managedPolicyArn !== null && isAdminManagedPolicyArn(b.managedPolicyArn))) boundaryNotRead = true;
  }

  const account: AccountContext = accountRights(snapshot)?.account ?? { account: snapshot.accountId, partition: 'aws' };
  // An admin policy known only by its ARN: every IAM action on every resource, whatever the set's other policies add.
  if (byArn.length > 0) {
    if (boundary && !administratorRights(effectivePermissions([boundary], { account, principal: null })).admin) return null;
    return { grants: byArn, unresolved, boundaryNotRead };
  }
  if (policies.length === 0) return null;
  const verdict = administratorRights(effectivePermissions(policies, { account, principal: null, boundary }));
  if (!verdict.admin) return null;
  const grants = [...new Set(verdict.grants.map((g) => g.source.policy))];
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
