/**
 * One IAM user read with per-entity calls, as the two snapshot inputs that
 * describe users: its credential report row (built from GetUser,
 * GetLoginProfile, ListMFADevices, ListAccessKeys, GetAccessKeyLastUsed) and
 * its authorization details (its groups, their policies, its own policies).
 * Each input succeeds or fails on its own, like a full collection.
 */
import {
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  type AccessKeyMetadata,
  type IAMClient,
  type LoginProfile,
  type User,
} from '@aws-sdk/client-iam';
import { parseCredentialReport } from '../snapshot/credential-report.js';
import type { CredentialReport, CredentialReportRow, RawGroupDetail, RawManagedPolicyDetail, RawUserDetail } from '../snapshot/types.js';
import { describeError, isNoSuchEntity } from './aws-errors.js';
import { asCli, cliTime } from './cli-format.js';
import type { PolicyReader } from './entity-policies.js';
import { allIamPages } from './paginate.js';
import type { Retrier } from './retry.js';

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

async function outcome<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    return { ok: false, reason: describeError(e) };
  }
}

export interface UserPermissions {
  readonly user: RawUserDetail;
  readonly groups: RawGroupDetail[];
  readonly policies: RawManagedPolicyDetail[];
}

export type CollectedUser =
  /** IAM says it does not exist: deleted. */
  | { readonly status: 'deleted' }
  /** GetUser itself failed: nothing is known. */
  | { readonly status: 'unreadable'; readonly reason: string }
  | {
      readonly status: 'found';
      readonly arn: string;
      /** One credential report row, by column name. */
      readonly credentials: Outcome<Record<string, string>>;
      readonly permissions: Outcome<UserPermissions>;
    };

/**
 * The account's last credential report, if IAM has one: not for its facts,
 * which may be hours old, but for the two things per-entity calls cannot
 * tell (see reportRow). Missing, expired or unreadable: null.
 */
function lastCredentialReport(iam: IAMClient, call: Retrier): Promise<CredentialReport | null> {
  return call(() => iam.send(new GetCredentialReportCommand({})))
    .then(({ Content }) => (Content ? parseCredentialReport(Buffer.from(Content).toString('utf8')) : null))
    .catch(() => null);
}

const DATE_NONE = 'N/A';
const secondOf = (ms: number) => Math.floor(ms / 1000);

interface KeyFacts {
  readonly key: AccessKeyMetadata;
  readonly lastUsed: { LastUsedDate?: Date; ServiceName?: string; Region?: string } | undefined;
}

/**
 * Credential report slots (access_key_1 / _2) name findings, so a key must
 * keep the slot the full audit gives it: a key found in the last report
 * (same creation second as that slot's last_rotated) keeps its slot; the
 * others take the free slots oldest first, as the report numbers them.
 */
function slotKeys(keys: readonly KeyFacts[], previous: CredentialReportRow | undefined): (KeyFacts | undefined)[] {
  const slots: (KeyFacts | undefined)[] = [undefined, undefined];
  const rest: KeyFacts[] = [];
  const byAge = [...keys].sort((a, b) => (a.key.CreateDate?.getTime() ?? 0) - (b.key.CreateDate?.getTime() ?? 0));
  for (const k of byAge) {
    const created = k.key.CreateDate?.getTime();
    const i = previous?.accessKeys.findIndex((c) => c.lastRotated !== null && created !== undefined && secondOf(c.lastRotated) === secondOf(created));
    if (i !== undefined && i >= 0 && !slots[i]) slots[i] = k;
    else rest.push(k);
  }
  for (const k of rest) {
    const free = slots.findIndex((s) => s === undefined);
    if (free >= 0) slots[free] = k;
  }
  return slots;
}

function keyColumns(slot: 1 | 2, facts: KeyFacts | undefined): Record<string, string> {
  const p = `access_key_${slot}_`;
  if (!facts) {
    return { [`${p}active`]: 'false', [`${p}last_rotated`]: DATE_NONE, [`${p}last_used_date`]: DATE_NONE, [`${p}last_used_region`]: DATE_NONE, [`${p}last_used_service`]: DATE_NONE };
  }
  const used = facts.lastUsed;
  return {
    [`${p}active`]: facts.key.Status === 'Active' ? 'true' : 'false',
    [`${p}last_rotated`]: facts.key.CreateDate ? cliTime(facts.key.CreateDate) : DATE_NONE,
    [`${p}last_used_date`]: used?.LastUsedDate ? cliTime(used.LastUsedDate) : DATE_NONE,
    [`${p}last_used_region`]: used?.Region || DATE_NONE,
    [`${p}last_used_service`]: used?.ServiceName || DATE_NONE,
  };
}

/**
 * The user's credential report row. password_last_changed is the one fact
 * no per-entity call gives: LoginProfile.CreateDate is when the password
 * was set by an administrator, not when the user last changed it, so the
 * later of that and the last report's value is used (a password changed
 * since the last report is not seen until the next full audit).
 */
function reportRow(
  user: User,
  login: LoginProfile | null,
  mfaDevices: number,
  keys: readonly KeyFacts[],
  previous: CredentialReportRow | undefined,
): Record<string, string> {
  let passwordLastChanged = DATE_NONE;
  if (login?.CreateDate) {
    const changed = Math.max(login.CreateDate.getTime(), previous?.passwordLastChanged ?? 0);
    passwordLastChanged = cliTime(new Date(changed));
  }
  const [key1, key2] = slotKeys(keys, previous);
  return {
    user: user.UserName ?? '',
    arn: user.Arn ?? '',
    user_creation_time: user.CreateDate ? cliTime(user.CreateDate) : DATE_NONE,
    password_enabled: login ? 'true' : 'false',
    password_last_used: user.PasswordLastUsed ? cliTime(user.PasswordLastUsed) : login ? 'no_information' : DATE_NONE,
    password_last_changed: passwordLastChanged,
    password_next_rotation: DATE_NONE,
    mfa_active: mfaDevices > 0 ? 'true' : 'false',
    ...keyColumns(1, key1),
    ...keyColumns(2, key2),
  };
}

/** The fields get-account-authorization-details gives a user (GetUser adds PasswordLastUsed, which belongs to the credential report). */
function userDetailFields(user: User): RawUserDetail {
  const { Path, UserName, UserId, Arn, CreateDate, PermissionsBoundary, Tags } = user;
  return asCli<RawUserDetail>({ Path, UserName, UserId, Arn, CreateDate, PermissionsBoundary, Tags });
}

export class UserReader {
  private previousReport: Promise<CredentialReport | null> | undefined;

  constructor(
    private readonly iam: IAMClient,
    private readonly call: Retrier,
    private readonly policies: PolicyReader,
  ) {}

  private lastReport(): Promise<CredentialReport | null> {
    this.previousReport ??= lastCredentialReport(this.iam, this.call);
    return this.previousReport;
  }

  private async credentials(user: User): Promise<Record<string, string>> {
    const { iam, call } = this;
    const UserName = user.UserName;
    const [login, mfaPages, keyPages, previous] = await Promise.all([
      call(() => iam.send(new GetLoginProfileCommand({ UserName })))
        .then((out) => out.LoginProfile ?? null)
        // NoSuchEntity from GetLoginProfile: the user has no console password.
        .catch((e: unknown) => {
          if (isNoSuchEntity(e)) return null;
          throw e;
        }),
      allIamPages((Marker) => call(() => iam.send(new ListMFADevicesCommand({ UserName, Marker })))),
      allIamPages((Marker) => call(() => iam.send(new ListAccessKeysCommand({ UserName, Marker })))),
      this.lastReport(),
    ]);
    const keys = await Promise.all(
      keyPages
        .flatMap((p) => p.AccessKeyMetadata ?? [])
        .map(async (key): Promise<KeyFacts> => {
          const { AccessKeyLastUsed } = await call(() => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })));
          return { key, lastUsed: AccessKeyLastUsed };
        }),
    );
    const mfaDevices = mfaPages.reduce((n, p) => n + (p.MFADevices?.length ?? 0), 0);
    return reportRow(user, login, mfaDevices, keys, previous?.byArn.get(user.Arn ?? ''));
  }

  private async permissions(user: User): Promise<UserPermissions> {
    const { iam, call, policies } = this;
    const UserName = user.UserName!;
    const [groupPages, own] = await Promise.all([
      allIamPages((Marker) => call(() => iam.send(new ListGroupsForUserCommand({ UserName, Marker })))),
      policies.policiesOf('user', UserName),
    ]);
    const groupList = groupPages.flatMap((p) => p.Groups ?? []);
    const groups = await Promise.all(
      groupList.map(async (g): Promise<RawGroupDetail> => {
        const held = await policies.policiesOf('group', g.GroupName!);
        return { ...asCli<RawGroupDetail>(g), GroupPolicyList: held.inline, AttachedManagedPolicies: held.attached };
      }),
    );
    const arns = [...own.attached, ...groups.flatMap((g) => g.AttachedManagedPolicies ?? [])].map((a) => a.PolicyArn);
    // The permissions boundary caps the user's rights: without its document they could not be judged.
    if (user.PermissionsBoundary?.PermissionsBoundaryArn) arns.push(user.PermissionsBoundary.PermissionsBoundaryArn);
    return {
      user: { ...userDetailFields(user), UserPolicyList: own.inline, GroupList: groupList.map((g) => g.GroupName!), AttachedManagedPolicies: own.attached },
      groups,
      policies: await policies.managedPolicies(arns),
    };
  }

  /** Reads one user by name. */
  async read(UserName: string): Promise<CollectedUser> {
    let user: User | undefined;
    try {
      ({ User: user } = await this.call(() => this.iam.send(new GetUserCommand({ UserName }))));
    } catch (e) {
      if (isNoSuchEntity(e)) return { status: 'deleted' };
      return { status: 'unreadable', reason: `GetUser ${UserName}: ${describeError(e)}` };
    }
    if (!user?.Arn || !user.UserName) return { status: 'unreadable', reason: `GetUser ${UserName} returned no user` };
    const found = user;
    const [credentials, permissions] = await Promise.all([outcome(() => this.credentials(found)), outcome(() => this.permissions(found))]);
    return { status: 'found', arn: user.Arn, credentials, permissions };
  }
}
