/**
 * Targeted collection after a CloudTrail event: just the user, group, role
 * or policy the event named, read with per-entity calls, as a RawSnapshot
 * the engine evaluates like any other, plus the scope (the ARNs whose
 * findings the result speaks for).
 *
 * A deleted entity yields a snapshot without it and a scope still naming
 * it, so its open findings resolve. Inputs an entity fetch does not read
 * (password policy, trails, …) are gaps, so no account-wide check runs on
 * the partial picture.
 */
import { GetGroupCommand, GetRoleCommand, type Group, type IAMClient, type Role, type User } from '@aws-sdk/client-iam';
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
   * A group's members read as users, at most this many (default 25): about
   * ten calls each, so a large group would cost more than a full audit.
   * Members past the bound are left out of the scope, so their findings wait
   * for the next scheduled audit instead of being guessed.
   */
  readonly maxGroupMembers?: number;
  /** Members read at a time (default 4), to stay under IAM's request rate. */
  readonly memberConcurrency?: number;
}

export interface EntityCollection {
  readonly raw: RawSnapshot;
  /** ARNs whose findings this collection decides: the entity (as named and as found) and any members read. */
  readonly scope: string[];
}

export const NOT_COLLECTED_BY_ENTITY_FETCH = 'not collected by a per-entity fetch';
export const DEFAULT_MAX_GROUP_MEMBERS = 25;

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

  constructor(private readonly readsCredentials: boolean) {}

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
}

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

async function collectGroup(ref: EntityRef, r: Readers, out: EntitySnapshot, options: EntityCollectOptions): Promise<void> {
  let group: Group | undefined;
  let members: User[];
  try {
    const pages = await allIamPages((Marker) => r.call(() => r.iam.send(new GetGroupCommand({ GroupName: ref.name, Marker }))));
    group = pages[0]?.Group;
    members = pages.flatMap((p) => p.Users ?? []);
  } catch (e) {
    if (isNoSuchEntity(e)) return;
    const reason = `GetGroup ${ref.name}: ${describeError(e)}`;
    out.fail('credentialReport', reason);
    out.fail('authorizationDetails', reason);
    return;
  }
  if (!group?.Arn) {
    out.fail('authorizationDetails', `GetGroup ${ref.name} returned no group`);
    return;
  }
  out.scope.add(group.Arn);
  try {
    const held = await r.policies.policiesOf('group', ref.name);
    out.addGroup({ ...asCli<RawGroupDetail>(group), GroupPolicyList: held.inline, AttachedManagedPolicies: held.attached });
    out.addPolicies(await r.policies.managedPolicies(held.attached.map((a) => a.PolicyArn)));
  } catch (e) {
    out.fail('authorizationDetails', `policies of group ${ref.name}: ${describeError(e)}`);
  }

  const bounded = members.slice(0, options.maxGroupMembers ?? DEFAULT_MAX_GROUP_MEMBERS).filter((m) => m.UserName);
  const read = await mapLimit(bounded, options.memberConcurrency ?? 4, (m) => r.users.read(m.UserName!));
  for (const member of read) {
    // A member only partly read is left out of data and scope alike: its findings wait for the next audit.
    if (member.status === 'found' && member.credentials.ok && member.permissions.ok) {
      out.scope.add(member.arn);
      addUser(out, member);
    }
  }
}

async function collectRole(ref: EntityRef, r: Readers, out: EntitySnapshot): Promise<void> {
  let role: Role | undefined;
  try {
    ({ Role: role } = await r.call(() => r.iam.send(new GetRoleCommand({ RoleName: ref.name }))));
  } catch (e) {
    if (isNoSuchEntity(e)) return;
    out.fail('authorizationDetails', `GetRole ${ref.name}: ${describeError(e)}`);
    return;
  }
  if (!role?.Arn) {
    out.fail('authorizationDetails', `GetRole ${ref.name} returned no role`);
    return;
  }
  out.scope.add(role.Arn);
  try {
    const held = await r.policies.policiesOf('role', ref.name);
    out.addRole({ ...asCli<RawRoleDetail>(role), RolePolicyList: held.inline, AttachedManagedPolicies: held.attached });
    // The permissions boundary caps the role's rights: without its document they could not be judged.
    const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
    out.addPolicies(await r.policies.managedPolicies([...held.attached.map((a) => a.PolicyArn), ...(boundary ? [boundary] : [])]));
  } catch (e) {
    out.fail('authorizationDetails', `policies of role ${ref.name}: ${describeError(e)}`);
  }
}

async function collectPolicy(ref: EntityRef, r: Readers, out: EntitySnapshot): Promise<void> {
  try {
    const policy = await r.policies.managedPolicy(ref.arn);
    if (policy) {
      out.scope.add(policy.Arn);
      out.addPolicies([policy]);
    }
  } catch (e) {
    out.fail('authorizationDetails', `GetPolicy ${ref.arn}: ${describeError(e)}`);
  }
}

/** Reads one entity for targeted re-evaluation. Never throws for an AWS error: see the snapshot's gaps. */
export async function collectEntity(iam: IAMClient, ref: EntityRef, options: EntityCollectOptions = {}): Promise<EntityCollection> {
  const call = retrier({ ...options.retry, ...(options.sleep ? { sleep: options.sleep } : {}) });
  const policies = new PolicyReader(iam, call);
  const readers: Readers = { iam, call, policies, users: new UserReader(iam, call, policies) };
  // Roles and policies have no credential report row; a group's members do.
  const out = new EntitySnapshot(ref.kind === 'user' || ref.kind === 'group');
  out.scope.add(ref.arn);

  switch (ref.kind) {
    case 'user':
      await collectUser(ref, readers, out);
      break;
    case 'group':
      await collectGroup(ref, readers, out, options);
      break;
    case 'role':
      await collectRole(ref, readers, out);
      break;
    case 'policy':
      await collectPolicy(ref, readers, out);
      break;
  }
  return { raw: out.build(), scope: [...out.scope] };
}
