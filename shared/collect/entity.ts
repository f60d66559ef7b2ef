/**
 * Targeted collection after a CloudTrail event: the user, group, role or
 * policy the event named, and every principal whose rights the change
 * alters (a group's members; a managed policy's users, groups, roles and
 * those groups' members), read with per-entity calls, as a RawSnapshot the
 * engine evaluates like any other, plus the scope (the ARNs whose findings
 * the result speaks for).
 *
 * The reach is bounded: reading a principal costs about ten calls, so past
 * `maxPrincipals` a full audit is cheaper and the collection reads the named
 * entity alone and says why a full audit is owed (`fullAudit`). So does a
 * reach that could not be listed, or principals in it that could not be
 * read: their findings are never left to wait silently.
 *
 * A deleted entity yields a snapshot without it and a scope still naming
 * it, so its open findings resolve. Inputs an entity fetch does not read
 * (password policy, trails, …) are gaps, so no account-wide check runs on
 * the partial picture.
 */
import {
  GetGroupCommand,
  GetRoleCommand,
  ListEntitiesForPolicyCommand,
  type Group,
  type IAMClient,
  type Role,
  type User,
} from '@aws-sdk/client-iam';
import type { EntityRef } from '../model.js';
import { formatCredentialReport } from '../snapshot/credential-report.js';
import {
  SNAPSHOT_INPUTS,
  type CollectionGap,
  type RawGroupDetail,
  type RawManagedPolicyDetail,
  type RawRoleDetail,
  type RawSnapshot,
  type RawUserDetail,
  type SnapshotInput,
} from '../snapshot/types.js';
import { describeError, isNoSuchEntity } from './aws-errors.js';
import { asCli } from './cli-format.js';
import { PolicyReader } from './entity-policies.js';
import { UserReader, type CollectedUser, type UserPermissions } from './entity-user.js';
import { allIamPages } from './paginate.js';
import { retrier, type Retrier, type RetryOptions, type Sleep } from './retry.js';

export interface EntityCollectOptions {
  readonly retry?: RetryOptions;
  /** One sleep for every backoff; tests pass an instant one. */
  readonly sleep?: Sleep;
  /**
   * Principals (users, groups, roles; a group's members included) read for
   * one event, at most (default 25). A change that reaches more is
   * collected for the entity it names alone, with `fullAudit` saying why.
   */
  readonly maxPrincipals?: number;
  /** Principals read at a time (default 4), to stay under IAM's request rate. */
  readonly memberConcurrency?: number;
}

export interface EntityCollection {
  readonly raw: RawSnapshot;
  /** ARNs whose findings this collection decides: the entity (as named and as found) and every principal read. */
  readonly scope: string[];
  /** Why the change's reach was not (all) re-evaluated here and a full audit is owed; absent when it was. */
  readonly fullAudit?: string;
}

export const NOT_COLLECTED_BY_ENTITY_FETCH = 'not collected by a per-entity fetch';
/** About ten IAM calls each: 25 principals is some 250 calls, a few seconds; past that a full audit is cheaper. */
export const DEFAULT_MAX_PRINCIPALS = 25;

type EntityInput = 'credentialReport' | 'authorizationDetails';

/** Accumulates what was read into one RawSnapshot; principals and policies are keyed by ARN, so shared ones appear once. */
class EntitySnapshot {
  private readonly users = new Map<string, RawUserDetail>();
  private readonly groups = new Map<string, RawGroupDetail>();
  private readonly roles = new Map<string, RawRoleDetail>();
  private readonly policies = new Map<string, RawManagedPolicyDetail>();
  private readonly rows: Record<string, string>[] = [];
  private readonly failed = new Map<EntityInput, string>();
  readonly scope = new Set<string>();
  /** Why a full audit is owed (the first reason found). */
  fullAudit: string | undefined;

  /** Roles and policies have no credential report row; users (a group's members, a policy's holders) do. */
  constructor(public readsCredentials: boolean) {}

  owesFullAudit(reason: string): void {
    this.fullAudit ??= reason;
  }

  fail(input: EntityInput, reason: string): void {
    if (!this.failed.has(input)) this.failed.set(input, reason);
  }

  addGroup(group: RawGroupDetail): void {
    this.groups.set(group.Arn, group);
  }
  addRole(role: RawRoleDetail): void {
    this.roles.set(role.Arn, role);
  }
  addPolicies(policies: readonly RawManagedPolicyDetail[]): void {
    for (const p of policies) this.policies.set(p.Arn, p);
  }
  addUserPermissions(p: UserPermissions): void {
    this.users.set(p.user.Arn, p.user);
    for (const g of p.groups) this.addGroup(g);
    this.addPolicies(p.policies);
  }
  addReportRow(row: Record<string, string>): void {
    this.rows.push(row);
  }

  build(): RawSnapshot {
    const raw: RawSnapshot = { gaps: [] };
    const gaps = new Map<SnapshotInput, CollectionGap>();
    for (const input of SNAPSHOT_INPUTS) gaps.set(input, { input, reason: NOT_COLLECTED_BY_ENTITY_FETCH });

    const detailsFailure = this.failed.get('authorizationDetails');
    if (detailsFailure) gaps.set('authorizationDetails', { input: 'authorizationDetails', reason: detailsFailure });
    else {
      raw.authorizationDetails = {
        UserDetailList: [...this.users.values()],
        GroupDetailList: [...this.groups.values()],
        RoleDetailList: [...this.roles.values()],
        Policies: [...this.policies.values()],
      };
      gaps.delete('authorizationDetails');
    }

    if (this.readsCredentials) {
      const reportFailure = this.failed.get('credentialReport');
      if (reportFailure) gaps.set('credentialReport', { input: 'credentialReport', reason: reportFailure });
      else {
        raw.credentialReport = formatCredentialReport(this.rows);
        gaps.delete('credentialReport');
      }
    }
    raw.gaps = [...gaps.values()];
    return raw;
  }
}

/** Runs `work` over `items`, at most `limit` at a time, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

interface Readers {
  readonly iam: IAMClient;
  readonly call: Retrier;
  readonly policies: PolicyReader;
  readonly users: UserReader;
  readonly maxPrincipals: number;
  readonly concurrency: number;
}

type Read<T> = { readonly status: 'found'; readonly value: T } | { readonly status: 'deleted' } | { readonly status: 'unreadable'; readonly reason: string };

/** Adds what was read of a user; an input that failed becomes that input's gap. */
function addUser(out: EntitySnapshot, user: CollectedUser & { status: 'found' }): void {
  if (user.credentials.ok) out.addReportRow(user.credentials.value);
  else out.fail('credentialReport', user.credentials.reason);
  if (user.permissions.ok) out.addUserPermissions(user.permissions.value);
  else out.fail('authorizationDetails', user.permissions.reason);
}

async function collectUser(ref: EntityRef, r: Readers, out: EntitySnapshot): Promise<void> {
  const user = await r.users.read(ref.name);
  if (user.status === 'unreadable') {
    out.fail('credentialReport', user.reason);
    out.fail('authorizationDetails', user.reason);
  } else if (user.status === 'found') {
    out.scope.add(user.arn);
    addUser(out, user);
  }
}

async function readGroup(name: string, r: Readers): Promise<Read<{ group: Group & { Arn: string }; members: User[] }>> {
  try {
    const pages = await allIamPages((Marker) => r.call(() => r.iam.send(new GetGroupCommand({ GroupName: name, Marker }))));
    const group = pages[0]?.Group;
    if (!group?.Arn) return { status: 'unreadable', reason: `GetGroup ${name} returned no group` };
    return { status: 'found', value: { group: group as Group & { Arn: string }, members: pages.flatMap((p) => p.Users ?? []).filter((u) => u.UserName) } };
  } catch (e) {
    if (isNoSuchEntity(e)) return { status: 'deleted' };
    return { status: 'unreadable', reason: `GetGroup ${name}: ${describeError(e)}` };
  }
}

/** A group's own policies; a failure is the authorization details' gap. */
async function addGroup(group: Group & { Arn: string }, r: Readers, out: EntitySnapshot): Promise<boolean> {
  const name = group.GroupName!;
  try {
    const held = await r.policies.policiesOf('group', name);
    out.addGroup({ ...asCli<RawGroupDetail>(group), GroupPolicyList: held.inline, AttachedManagedPolicies: held.attached });
    out.addPolicies(await r.policies.managedPolicies(held.attached.map((a) => a.PolicyArn)));
    return true;
  } catch (e) {
    out.fail('authorizationDetails', `policies of group ${name}: ${describeError(e)}`);
    return false;
  }
}

async function readRole(name: string, r: Readers): Promise<Read<Role & { Arn: string }>> {
  try {
    const { Role: role } = await r.call(() => r.iam.send(new GetRoleCommand({ RoleName: name })));
    return role?.Arn ? { status: 'found', value: role as Role & { Arn: string } } : { status: 'unreadable', reason: `GetRole ${name} returned no role` };
  } catch (e) {
    if (isNoSuchEntity(e)) return { status: 'deleted' };
    return { status: 'unreadable', reason: `GetRole ${name}: ${describeError(e)}` };
  }
}

async function addRole(role: Role & { Arn: string }, r: Readers, out: EntitySnapshot): Promise<boolean> {
  const name = role.RoleName!;
  try {
    const held = await r.policies.policiesOf('role', name);
    out.addRole({ ...asCli<RawRoleDetail>(role), RolePolicyList: held.inline, AttachedManagedPolicies: held.attached });
    // The permissions boundary caps the role's rights: without its document they could not be judged.
    const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
    out.addPolicies(await r.policies.managedPolicies([...held.attached.map((a) => a.PolicyArn), ...(boundary ? [boundary] : [])]));
    return true;
  } catch (e) {
    out.fail('authorizationDetails', `policies of role ${name}: ${describeError(e)}`);
    return false;
  }
}

/**
 * The principals a change reaches beyond the entity named: read each one, or
 * none when they are more than the bound. A principal that cannot be read
 * is left out of data and scope alike, and owes a full audit.
 */
async function collectReach(
  what: string,
  reach: { users: readonly string[]; groups: readonly (Group & { Arn: string })[]; roles: readonly string[] },
  alsoCounted: number,
  r: Readers,
  out: EntitySnapshot,
): Promise<void> {
  const principals = alsoCounted + reach.users.length + reach.groups.length + reach.roles.length;
  if (principals > r.maxPrincipals) {
    out.owesFullAudit(`${what} reaches ${principals} principals, more than the ${r.maxPrincipals} re-evaluated per event`);
    return;
  }
  if (reach.users.length > 0) out.readsCredentials = true;
  const unread: string[] = [];
  for (const group of reach.groups) {
    if (await addGroup(group, r, out)) out.scope.add(group.Arn);
  }
  const [users, roles] = await Promise.all([
    mapLimit(reach.users, r.concurrency, (name) => r.users.read(name)),
    mapLimit(reach.roles, r.concurrency, (name) => readRole(name, r)),
  ]);
  users.forEach((user, i) => {
    // Partly read is not read: deciding on half the facts would resolve what still fails.
    if (user.status === 'found' && user.credentials.ok && user.permissions.ok) {
      out.scope.add(user.arn);
      addUser(out, user);
    } else if (user.status === 'unreadable') {
      unread.push(`user ${reach.users[i]} (${user.reason})`);
    } else if (user.status === 'found') {
      const failed = !user.credentials.ok ? user.credentials.reason : !user.permissions.ok ? user.permissions.reason : '';
      unread.push(`user ${reach.users[i]} (${failed})`);
    }
  });
  for (const [i, role] of roles.entries()) {
    if (role.status === 'found' && (await addRole(role.value, r, out))) out.scope.add(role.value.Arn);
    else if (role.status === 'unreadable') unread.push(`role ${reach.roles[i]} (${role.reason})`);
  }
  if (unread.length > 0) out.owesFullAudit(`${what}: ${unread.length} principal${unread.length === 1 ? '' : 's'} could not be read, first ${unread[0]}`);
}

async function collectGroup(ref: EntityRef, r: Readers, out: EntitySnapshot): Promise<void> {
  const read = await readGroup(ref.name, r);
  if (read.status === 'deleted') return;
  if (read.status === 'unreadable') {
    out.fail('credentialReport', read.reason);
    out.fail('authorizationDetails', read.reason);
    return;
  }
  const { group, members } = read.value;
  if (await addGroup(group, r, out)) out.scope.add(group.Arn);
  // Its members' rights follow its policies.
  await collectReach(`group ${ref.name}`, { users: members.map((m) => m.UserName!), groups: [], roles: [] }, 1, r, out);
}

async function collectRole(ref: EntityRef, r: Readers, out: EntitySnapshot): Promise<void> {
  const read = await readRole(ref.name, r);
  if (read.status === 'deleted') return;
  if (read.status === 'unreadable') {
    out.fail('authorizationDetails', read.reason);
    return;
  }
  out.scope.add(read.value.Arn);
  await addRole(read.value, r, out);
}

/** Who holds a managed policy (as permissions or as a boundary): ListEntitiesForPolicy, then each group's members. */
async function holdersOf(arn: string, r: Readers): Promise<Read<{ users: string[]; groups: (Group & { Arn: string })[]; roles: string[] }>> {
  let pages;
  try {
    pages = await allIamPages((Marker) => r.call(() => r.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, Marker }))));
  } catch (e) {
    if (isNoSuchEntity(e)) return { status: 'deleted' };
    return { status: 'unreadable', reason: `ListEntitiesForPolicy ${arn}: ${describeError(e)}` };
  }
  const users = new Set(pages.flatMap((p) => p.PolicyUsers ?? []).flatMap((u) => (u.UserName ? [u.UserName] : [])));
  const groups: (Group & { Arn: string })[] = [];
  for (const g of pages.flatMap((p) => p.PolicyGroups ?? [])) {
    if (!g.GroupName) continue;
    const read = await readGroup(g.GroupName, r);
    if (read.status === 'unreadable') return read;
    if (read.status === 'deleted') continue;
    groups.push(read.value.group);
    for (const m of read.value.members) users.add(m.UserName!);
  }
  const roles = pages.flatMap((p) => p.PolicyRoles ?? []).flatMap((role) => (role.RoleName ? [role.RoleName] : []));
  return { status: 'found', value: { users: [...users], groups, roles } };
}

async function collectPolicy(ref: EntityRef, r: Readers, out: EntitySnapshot): Promise<void> {
  try {
    const policy = await r.policies.managedPolicy(ref.arn);
    if (!policy) return;
    out.scope.add(policy.Arn);
    out.addPolicies([policy]);
  } catch (e) {
    out.fail('authorizationDetails', `GetPolicy ${ref.arn}: ${describeError(e)}`);
    return;
  }
  // A new default version changes what every holder may do.
  const holders = await holdersOf(ref.arn, r);
  if (holders.status === 'unreadable') out.owesFullAudit(`the holders of policy ${ref.name} could not be listed: ${holders.reason}`);
  else if (holders.status === 'found') await collectReach(`policy ${ref.name}`, holders.value, 0, r, out);
}

/** Reads one entity and what its change reaches for targeted re-evaluation. Never throws for an AWS error: see the snapshot's gaps and `fullAudit`. */
export async function collectEntity(iam: IAMClient, ref: EntityRef, options: EntityCollectOptions = {}): Promise<EntityCollection> {
  const call = retrier({ ...options.retry, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const policies = new PolicyReader(iam, call);
  const readers: Readers = {
    iam,
    call,
    policies,
    users: new UserReader(iam, call, policies),
    maxPrincipals: options.maxPrincipals ?? DEFAULT_MAX_PRINCIPALS,
    concurrency: options.memberConcurrency ?? 4,
  };
  const out = new EntitySnapshot(ref.kind === 'user' || ref.kind === 'group');
  out.scope.add(ref.arn);

  switch (ref.kind) {
    case 'user':
      await collectUser(ref, readers, out);
      break;
    case 'group':
      await collectGroup(ref, readers, out);
      break;
    case 'role':
      await collectRole(ref, readers, out);
      break;
    case 'policy':
      await collectPolicy(ref, readers, out);
      break;
  }
  return { raw: out.build(), scope: [...out.scope], ...(out.fullAudit ? { fullAudit: out.fullAudit } : {}) };
}
