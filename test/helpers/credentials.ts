/**
 * Credential report builders for the credential checks' tests, on top of
 * account.ts: passwords and keys aged to the day, virtual MFA devices,
 * administrators.
 */
import {
  ACCOUNT,
  attach,
  awsPolicyArn,
  daysAgo,
  groupDetail,
  rawAccount,
  snapshotOf,
  userDetail,
  type AccountSpec,
  type CredentialRow,
} from './account.js';
import { formatCredentialReport } from '../../shared/snapshot/credential-report.js';
import type { RawGroupDetail, RawUserDetail, RawVirtualMfaDevice, Snapshot } from '../../shared/snapshot/types.js';

/** An enabled console password changed `changedDaysAgo` and used `usedDaysAgo` (null: N/A in the report). */
export function password(changedDaysAgo: number | null, usedDaysAgo: number | null = 1): CredentialRow {
  return {
    password_enabled: 'true',
    password_last_changed: changedDaysAgo === null ? 'N/A' : daysAgo(changedDaysAgo),
    password_last_used: usedDaysAgo === null ? 'no_information' : daysAgo(usedDaysAgo),
  };
}

/** An inactive access key that exists in `slot` (rotated and possibly used long ago). */
export function inactiveKey(slot: 1 | 2, rotatedDaysAgo: number, usedDaysAgo: number | null = null): CredentialRow {
  return {
    [`access_key_${slot}_active`]: 'false',
    [`access_key_${slot}_last_rotated`]: daysAgo(rotatedDaysAgo),
    [`access_key_${slot}_last_used_date`]: usedDaysAgo === null ? 'N/A' : daysAgo(usedDaysAgo),
  };
}

/** A virtual MFA device as list-virtual-mfa-devices returns it, assigned to `userArn` (unassigned when null). */
export function virtualMfa(name: string, userArn: string | null, enabledDaysAgo = 100): RawVirtualMfaDevice {
  return {
    SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/${name}`,
    ...(userArn ? { User: { Arn: userArn, UserName: userArn.endsWith(':root') ? ACCOUNT : userArn.split('/').pop() }, EnableDate: daysAgo(enabledDaysAgo) } : {}),
  };
}

/** The Admins group (AdministratorAccess attached) and the Staff group every user belongs to by default. */
export function adminGroups(extra: Partial<RawGroupDetail> = {}): RawGroupDetail[] {
  return [groupDetail('Staff'), groupDetail('Admins', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))], ...extra })];
}

/** An IAM user in the Admins group. */
export function adminUser(name: string, overrides: Partial<RawUserDetail> = {}): RawUserDetail {
  return userDetail(name, { GroupList: ['Staff', 'Admins'], ...overrides });
}

/** The account of `spec` with a credential report that has no root row (account() always adds one). */
export function accountWithoutRootRow(spec: AccountSpec = {}): Snapshot {
  const raw = rawAccount(spec);
  raw.credentialReport = formatCredentialReport((spec.rows ?? []).filter((r) => r.user !== '<root_account>'));
  return snapshotOf(raw);
}
