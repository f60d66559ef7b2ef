/**
 * Builds test accounts in the real AWS formats (credential report CSV,
 * get-account-authorization-details JSON, …) and normalizes them through the
 * same code the loader uses, so check tests exercise the real parsing too.
 *
 * The baseline is a clean account: every check passes on `cleanAccount()`.
 * Tests change one thing and assert the one finding it causes.
 */
import { formatCredentialReport } from '../../shared/snapshot/credential-report.js';
import { normalizeSnapshot } from '../../shared/snapshot/normalize.js';
import type {
  RawAuthorizationDetails,
  RawGroupDetail,
  RawManagedPolicyDetail,
  RawPasswordPolicy,
  RawRoleDetail,
  RawSnapshot,
  RawTrail,
  RawUserDetail,
  Snapshot,
} from '../../shared/snapshot/types.js';
import { evaluate, type Evaluation } from '../../shared/engine/evaluate.js';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import type { Check, CheckFailure } from '../../shared/model.js';
import awsManaged from '../fixtures/aws-managed-policies.json' with { type: 'json' };

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '777788889999';
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
export const NOW = new Date('2026-11-01T00:00:00Z');

export const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
export const groupArn = (name: string) => `arn:aws:iam::${ACCOUNT}:group/${name}`;
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
export const awsPolicyArn = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** ISO time `days` (may be fractional) before `now`, in the credential report's format. */
export function daysAgo(days: number, now: Date = NOW): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().replace('.000Z', '+00:00');
}

export type CredentialRow = Record<string, string>;

/** A credential report row for an IAM user: created 400 days ago, everything else off. */
export function userRow(name: string, overrides: CredentialRow = {}): CredentialRow {
  return {
    user: name,
    arn: userArn(name),
    user_creation_time: daysAgo(400),
    password_enabled: 'false',
    password_last_used: 'N/A',
    password_last_changed: 'N/A',
    password_next_rotation: 'N/A',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_1_last_rotated: 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_1_last_used_region: 'N/A',
    access_key_1_last_used_service: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    access_key_2_last_used_region: 'N/A',
    access_key_2_last_used_service: 'N/A',
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
    ...overrides,
  };
}

/** A console user in good standing: password changed 10 days ago, used yesterday, MFA on. */
export function consoleUserRow(name: string, overrides: CredentialRow = {}): CredentialRow {
  return userRow(name, {
    password_enabled: 'true',
    password_last_used: daysAgo(1),
    password_last_changed: daysAgo(10),
    mfa_active: 'true',
    ...overrides,
  });
}

/** An active access key in slot 1 (or 2), rotated `rotatedDaysAgo` and used `usedDaysAgo` (null: never). */
export function activeKey(slot: 1 | 2, rotatedDaysAgo: number, usedDaysAgo: number | null = 1): CredentialRow {
  return {
    [`access_key_${slot}_active`]: 'true',
    [`access_key_${slot}_last_rotated`]: daysAgo(rotatedDaysAgo),
    [`access_key_${slot}_last_used_date`]: usedDaysAgo === null ? 'N/A' : daysAgo(usedDaysAgo),
    [`access_key_${slot}_last_used_region`]: usedDaysAgo === null ? 'N/A' : 'us-east-1',
    [`access_key_${slot}_last_used_service`]: usedDaysAgo === null ? 'N/A' : 's3',
  };
}

/** The root row of a well-kept account: MFA on, no keys, last signed in 200 days ago. */
export function rootRow(overrides: CredentialRow = {}): CredentialRow {
  return userRow('<root_account>', {
    arn: ROOT_ARN,
    user_creation_time: daysAgo(2000),
    password_enabled: 'not_supported',
    password_last_used: daysAgo(200),
    password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported',
    mfa_active: 'true',
    ...overrides,
  });
}

export function policyDoc(...statements: Record<string, unknown>[]): Record<string, unknown> {
  return { Version: '2012-10-17', Statement: statements };
}

export const allow = (action: string | string[], resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

/** URL-encodes a document as IAM's raw API returns it. */
export const urlEncoded = (doc: Record<string, unknown>) => encodeURIComponent(JSON.stringify(doc));

export function userDetail(name: string, overrides: Partial<RawUserDetail> = {}): RawUserDetail {
  return {
    Path: '/',
    UserName: name,
    UserId: `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, 'X').padEnd(17, 'Q').slice(0, 17)}`,
    Arn: userArn(name),
    CreateDate: daysAgo(400),
    UserPolicyList: [],
    GroupList: ['Staff'],
    AttachedManagedPolicies: [],
    Tags: [],
    ...overrides,
  };
}

export function groupDetail(name: string, overrides: Partial<RawGroupDetail> = {}): RawGroupDetail {
  return {
    Path: '/',
    GroupName: name,
    GroupId: `AGPA${name.toUpperCase().padEnd(17, 'G').slice(0, 17)}`,
    Arn: groupArn(name),
    CreateDate: daysAgo(500),
    GroupPolicyList: [],
    AttachedManagedPolicies: [],
    ...overrides,
  };
}

export function roleDetail(name: string, overrides: Partial<RawRoleDetail> = {}): RawRoleDetail {
  return {
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().replace(/[^A-Z0-9]/g, 'X').padEnd(17, 'R').slice(0, 17)}`,
    Arn: roleArn(name),
    CreateDate: daysAgo(300),
    AssumeRolePolicyDocument: policyDoc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    RoleLastUsed: { LastUsedDate: daysAgo(2), Region: 'us-east-1' },
    ...overrides,
  };
}

export function managedPolicy(name: string, document: Record<string, unknown> | string, overrides: Partial<RawManagedPolicyDetail> = {}): RawManagedPolicyDetail {
  return {
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().replace(/[^A-Z0-9]/g, 'X').padEnd(17, 'P').slice(0, 17)}`,
    Arn: policyArn(name),
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: daysAgo(300),
    UpdateDate: daysAgo(300),
    PolicyVersionList: [{ Document: document, VersionId: 'v1', IsDefaultVersion: true, CreateDate: daysAgo(300) }],
    ...overrides,
  };
}

export const attach = (arn: string) => ({ PolicyName: arn.split('/').pop()!, PolicyArn: arn });

export const goodPasswordPolicy: RawPasswordPolicy = {
  MinimumPasswordLength: 14,
  RequireSymbols: true,
  RequireNumbers: true,
  RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true,
  AllowUsersToChangePassword: true,
  ExpirePasswords: true,
  MaxPasswordAge: 90,
  PasswordReusePrevention: 24,
  HardExpiry: false,
};

export const goodTrail: RawTrail = {
  Name: 'org',
  S3BucketName: 'example-trail',
  IncludeGlobalServiceEvents: true,
  IsMultiRegionTrail: true,
  HomeRegion: 'us-east-1',
  TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org`,
  LogFileValidationEnabled: true,
  HasCustomEventSelectors: false,
  HasInsightSelectors: false,
  IsOrganizationTrail: false,
  IsLogging: true,
  EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
};

export interface AccountSpec {
  /** Credential report rows; root is added unless one with user <root_account> is given. */
  rows?: CredentialRow[];
  users?: RawUserDetail[];
  groups?: RawGroupDetail[];
  roles?: RawRoleDetail[];
  policies?: RawManagedPolicyDetail[];
  /** null: the account has no password policy. */
  passwordPolicy?: RawPasswordPolicy | null;
  virtualMfaDevices?: NonNullable<RawSnapshot['virtualMfaDevices']>['VirtualMFADevices'];
  aliases?: string[];
  trails?: RawTrail[];
  summary?: Record<string, number>;
  /** Organization-level inputs (absent by default: an ordinary member account). */
  identityCenter?: RawSnapshot['identityCenter'];
  organizationsFeatures?: RawSnapshot['organizationsFeatures'];
  serverCertificates?: NonNullable<RawSnapshot['serverCertificates']>['ServerCertificateMetadataList'];
  /** Default: one ACTIVE ACCOUNT analyzer. */
  analyzers?: NonNullable<RawSnapshot['accessAnalyzers']>['analyzers'];
  /** Default: a SECURITY contact; null: none registered. */
  securityContact?: NonNullable<RawSnapshot['securityContact']>['AlternateContact'];
  /**
   * get-account-authorization-details lists the AWS managed policies in use
   * with their documents; so does the clean account (from
   * test/fixtures/aws-managed-policies.json), unless this is false.
   */
  awsManagedDocuments?: boolean;
  /** Inputs to leave out, as if not collected. */
  omit?: (keyof Omit<RawSnapshot, 'gaps' | 'notes'>)[];
}

const AWS_MANAGED = (awsManaged as { policies: Record<string, { arn: string; versionId: string; document: Record<string, unknown> }> }).policies;

export const goodAnalyzer = {
  arn: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/account-analyzer`,
  name: 'account-analyzer',
  type: 'ACCOUNT',
  createdAt: '2025-01-10T09:00:00+00:00',
  status: 'ACTIVE',
};

export const goodSecurityContact = { AlternateContactType: 'SECURITY', EmailAddress: 'security@example.com', Name: 'Security team', PhoneNumber: '+1-555-0100', Title: 'Security' };

/** AWS managed policies the principals hold (attached or as boundary) and `listed` lacks, as the details list them. */
function awsManagedInUse(principals: readonly (RawUserDetail | RawGroupDetail | RawRoleDetail)[], listed: readonly RawManagedPolicyDetail[]): RawManagedPolicyDetail[] {
  const have = new Set(listed.map((p) => p.Arn));
  const out = new Map<string, RawManagedPolicyDetail>();
  for (const p of principals) {
    const arns = [...(p.AttachedManagedPolicies ?? []).map((a) => a.PolicyArn), ...('PermissionsBoundary' in p && p.PermissionsBoundary?.PermissionsBoundaryArn ? [p.PermissionsBoundary.PermissionsBoundaryArn] : [])];
    for (const arn of arns) {
      const known = AWS_MANAGED[arn.slice(arn.lastIndexOf('/') + 1)];
      if (!known || known.arn !== arn || have.has(arn) || out.has(arn)) continue;
      out.set(arn, {
        PolicyName: arn.slice(arn.lastIndexOf('/') + 1),
        Arn: arn,
        Path: arn.slice('arn:aws:iam::aws:policy'.length, arn.lastIndexOf('/') + 1),
        DefaultVersionId: known.versionId,
        AttachmentCount: 1,
        IsAttachable: true,
        PolicyVersionList: [{ Document: known.document, VersionId: known.versionId, IsDefaultVersion: true }],
      });
    }
  }
  return [...out.values()];
}

/**
 * The raw snapshot of a clean account plus what `spec` changes. By default:
 * a Staff group (so users have a group), a support role with
 * AWSSupportAccess, a good password policy and trail, an alias.
 */
export function rawAccount(spec: AccountSpec = {}): RawSnapshot {
  const rows = spec.rows ?? [];
  const allRows = rows.some((r) => r.user === '<root_account>') ? rows : [rootRow(), ...rows];
  const users = spec.users ?? [];
  const groups = spec.groups ?? [groupDetail('Staff')];
  const roles = spec.roles ?? [
    roleDetail('support', {
      AssumeRolePolicyDocument: policyDoc({ Effect: 'Allow', Principal: { AWS: ROOT_ARN }, Action: 'sts:AssumeRole' }),
      AttachedManagedPolicies: [attach(awsPolicyArn('AWSSupportAccess'))],
    }),
  ];
  const policies = spec.policies ?? [];
  const authorizationDetails: RawAuthorizationDetails = {
    UserDetailList: users,
    GroupDetailList: groups,
    RoleDetailList: roles,
    Policies: spec.awsManagedDocuments === false ? policies : [...policies, ...awsManagedInUse([...users, ...groups, ...roles], policies)],
  };
  const raw: RawSnapshot = {
    credentialReport: formatCredentialReport(allRows),
    authorizationDetails,
    passwordPolicy: { PasswordPolicy: spec.passwordPolicy === undefined ? goodPasswordPolicy : spec.passwordPolicy },
    accountSummary: { SummaryMap: spec.summary ?? { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: rows.length } },
    virtualMfaDevices: { VirtualMFADevices: spec.virtualMfaDevices ?? [] },
    accountAliases: { AccountAliases: spec.aliases ?? ['example-corp'] },
    trails: { trailList: spec.trails ?? [goodTrail] },
    serverCertificates: { ServerCertificateMetadataList: spec.serverCertificates ?? [] },
    accessAnalyzers: { analyzers: spec.analyzers ?? [goodAnalyzer] },
    securityContact: { AlternateContact: spec.securityContact === undefined ? goodSecurityContact : spec.securityContact },
    ...(spec.identityCenter ? { identityCenter: spec.identityCenter } : {}),
    ...(spec.organizationsFeatures ? { organizationsFeatures: spec.organizationsFeatures } : {}),
    gaps: [],
  };
  for (const input of spec.omit ?? []) {
    delete raw[input];
    raw.gaps.push({ input, reason: 'left out by the test' });
  }
  return raw;
}

/** Normalizes a raw snapshot; fails the test on any parse error. */
export function snapshotOf(raw: RawSnapshot): Snapshot {
  const { snapshot, errors } = normalizeSnapshot(raw);
  if (errors.length) throw errors[0];
  return snapshot;
}

export function account(spec: AccountSpec = {}): Snapshot {
  return snapshotOf(rawAccount(spec));
}

/** Runs one check directly (no engine): its raw failures. */
export function failures(check: Check, spec: AccountSpec | Snapshot = {}, config: ConfigInput = {}, now: Date = NOW): CheckFailure[] {
  const snapshot = 'gaps' in spec ? (spec as Snapshot) : account(spec as AccountSpec);
  return check.evaluate(snapshot, makeConfig(config), now);
}

/** Runs checks through the engine (gaps, overrides, suppressions). */
export function run(checks: readonly Check[], spec: AccountSpec | Snapshot = {}, config: ConfigInput = {}, now: Date = NOW): Evaluation {
  const snapshot = 'gaps' in spec ? (spec as Snapshot) : account(spec as AccountSpec);
  return evaluate(snapshot, checks, makeConfig(config), now);
}
