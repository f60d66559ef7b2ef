/**
 * RawSnapshot (AWS formats) → Snapshot (what checks read). Each input is
 * normalized on its own: one malformed input becomes a collection gap plus
 * an error naming the file and place, and every other input is kept.
 */
import { SnapshotFileError } from '../errors.js';
import { PolicyDocumentError, parsePolicyDocument, type PolicyDocument } from '../policy/document.js';
import { isAwsManagedPolicyArn } from '../policy/actions.js';
import { parseCredentialReport } from './credential-report.js';
import {
  SNAPSHOT_FILES,
  type AuthorizationDetails,
  type CollectionGap,
  type Group,
  type InlinePolicy,
  type Instant,
  type ManagedPolicy,
  type PasswordPolicy,
  type RawAuthorizationDetails,
  type RawInlinePolicy,
  type RawAlternateContact,
  type RawAnalyzer,
  type RawPasswordPolicy,
  type RawServerCertificate,
  type RawTrail,
  type RawSnapshot,
  type AccessAnalyzer,
  type Role,
  type SecurityContact,
  type ServerCertificate,
  type Snapshot,
  type SnapshotInput,
  type Trail,
  type User,
  type CredentialReport,
  type VirtualMfaDevice,
} from './types.js';

export interface NormalizeResult {
  readonly snapshot: Snapshot;
  /** Inputs present but malformed; each is also a gap in the snapshot. */
  readonly errors: SnapshotFileError[];
}

const instant = (s: string | undefined | null): Instant => {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
};

function doc(raw: unknown, file: string, where: string): PolicyDocument {
  try {
    return parsePolicyDocument(raw);
  } catch (e) {
    if (e instanceof PolicyDocumentError) {
      throw new SnapshotFileError(file, e.path ? `${where}.${e.path}` : where, e.message);
    }
    throw e;
  }
}

function inline(list: readonly RawInlinePolicy[] | undefined, file: string, where: string): InlinePolicy[] {
  return (list ?? []).map((p, i) => ({ name: p.PolicyName, document: doc(p.PolicyDocument, file, `${where}[${i}].PolicyDocument`) }));
}

export function normalizeAuthorizationDetails(raw: RawAuthorizationDetails, file = SNAPSHOT_FILES.authorizationDetails): AuthorizationDetails {
  const attached = (list: RawAuthorizationDetails['UserDetailList'][number]['AttachedManagedPolicies']) =>
    (list ?? []).map((a) => ({ arn: a.PolicyArn, name: a.PolicyName ?? a.PolicyArn.split('/').pop() ?? a.PolicyArn }));

  const users: User[] = raw.UserDetailList.map((u, i) => ({
    kind: 'user',
    name: u.UserName,
    id: u.UserId ?? '',
    arn: u.Arn,
    path: u.Path ?? '/',
    createDate: instant(u.CreateDate),
    inlinePolicies: inline(u.UserPolicyList, file, `UserDetailList[${i}].UserPolicyList`),
    attachedPolicies: attached(u.AttachedManagedPolicies),
    groups: u.GroupList ?? [],
    permissionsBoundary: u.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
  }));
  const groups: Group[] = raw.GroupDetailList.map((g, i) => ({
    kind: 'group',
    name: g.GroupName,
    id: g.GroupId ?? '',
    arn: g.Arn,
    path: g.Path ?? '/',
    createDate: instant(g.CreateDate),
    inlinePolicies: inline(g.GroupPolicyList, file, `GroupDetailList[${i}].GroupPolicyList`),
    attachedPolicies: attached(g.AttachedManagedPolicies),
  }));
  const roles: Role[] = raw.RoleDetailList.map((r, i) => ({
    kind: 'role',
    name: r.RoleName,
    id: r.RoleId ?? '',
    arn: r.Arn,
    path: r.Path ?? '/',
    createDate: instant(r.CreateDate),
    inlinePolicies: inline(r.RolePolicyList, file, `RoleDetailList[${i}].RolePolicyList`),
    attachedPolicies: attached(r.AttachedManagedPolicies),
    trustPolicy: r.AssumeRolePolicyDocument === undefined ? null : doc(r.AssumeRolePolicyDocument, file, `RoleDetailList[${i}].AssumeRolePolicyDocument`),
    lastUsed: instant(r.RoleLastUsed?.LastUsedDate),
    serviceLinked: (r.Path ?? '').startsWith('/aws-service-role/'),
    permissionsBoundary: r.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
  }));
  const policies: ManagedPolicy[] = raw.Policies.map((p, i) => {
    const versions = p.PolicyVersionList ?? [];
    const vi = versions.findIndex((v) => v.IsDefaultVersion || (p.DefaultVersionId !== undefined && v.VersionId === p.DefaultVersionId));
    const def = vi >= 0 ? versions[vi] : undefined;
    return {
      name: p.PolicyName,
      arn: p.Arn,
      path: p.Path ?? '/',
      awsManaged: isAwsManagedPolicyArn(p.Arn),
      attachmentCount: p.AttachmentCount ?? 0,
      defaultVersionId: p.DefaultVersionId ?? def?.VersionId ?? null,
      document: def?.Document === undefined ? null : doc(def.Document, file, `Policies[${i}].PolicyVersionList[${vi}].Document`),
    };
  });

  const attachedPolicyArns = new Set<string>();
  for (const p of [...users, ...groups, ...roles]) for (const a of p.attachedPolicies) attachedPolicyArns.add(a.arn);

  return {
    users,
    groups,
    roles,
    policies,
    userByName: new Map(users.map((u) => [u.name, u])),
    groupByName: new Map(groups.map((g) => [g.name, g])),
    policyByArn: new Map(policies.map((p) => [p.arn, p])),
    attachedPolicyArns,
  };
}

export function normalizePasswordPolicy(p: RawPasswordPolicy | null): PasswordPolicy | null {
  if (p === null) return null;
  return {
    minimumPasswordLength: p.MinimumPasswordLength ?? null,
    requireSymbols: p.RequireSymbols ?? false,
    requireNumbers: p.RequireNumbers ?? false,
    requireUppercaseCharacters: p.RequireUppercaseCharacters ?? false,
    requireLowercaseCharacters: p.RequireLowercaseCharacters ?? false,
    allowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
    expirePasswords: p.ExpirePasswords ?? (p.MaxPasswordAge !== undefined && p.MaxPasswordAge > 0),
    maxPasswordAge: p.MaxPasswordAge ?? null,
    passwordReusePrevention: p.PasswordReusePrevention ?? null,
    hardExpiry: p.HardExpiry ?? false,
  };
}

/**
 * Whether a trail's selectors record both read and write management events
 * with no event source excluded; null when the selectors were not collected
 * and the trail says it has custom ones.
 */
export function recordsAllManagementEvents(t: RawTrail): boolean | null {
  if (t.AdvancedEventSelectors && t.AdvancedEventSelectors.length > 0) {
    return t.AdvancedEventSelectors.some((sel) => {
      const fields = sel.FieldSelectors;
      const category = fields.find((f) => f.Field === 'eventCategory');
      if (!category?.Equals?.includes('Management')) return false;
      // A readOnly selector limits it to reads or writes; an eventSource selector excludes sources.
      return !fields.some((f) => f.Field === 'readOnly' || f.Field === 'eventSource');
    });
  }
  if (t.EventSelectors && t.EventSelectors.length > 0) {
    return t.EventSelectors.some(
      (s) =>
        (s.IncludeManagementEvents ?? true) &&
        (s.ReadWriteType ?? 'All') === 'All' &&
        (s.ExcludeManagementEventSources ?? []).length === 0,
    );
  }
  // Without selectors in the snapshot, a trail without custom selectors has AWS's default: all management events.
  return t.HasCustomEventSelectors === false ? true : null;
}

export function normalizeTrail(t: RawTrail): Trail {
  return {
    name: t.Name,
    arn: t.TrailARN,
    homeRegion: t.HomeRegion ?? null,
    isMultiRegion: t.IsMultiRegionTrail === true,
    logFileValidation: t.LogFileValidationEnabled === true,
    isLogging: typeof t.IsLogging === 'boolean' ? t.IsLogging : null,
    recordsAllManagementEvents: recordsAllManagementEvents(t),
    raw: t,
  };
}

export function normalizeServerCertificate(c: RawServerCertificate): ServerCertificate {
  return { name: c.ServerCertificateName, arn: c.Arn, path: c.Path ?? '/', uploadDate: instant(c.UploadDate), expiration: instant(c.Expiration) };
}

export function normalizeAnalyzer(a: RawAnalyzer): AccessAnalyzer {
  return { name: a.name, arn: a.arn, type: a.type, status: a.status };
}

export function normalizeSecurityContact(c: RawAlternateContact | null): SecurityContact | null {
  if (c === null) return null;
  return { type: c.AlternateContactType ?? null, name: c.Name ?? null, email: c.EmailAddress ?? null, phone: c.PhoneNumber ?? null };
}

const ARN_ACCOUNT = /^arn:(aws[a-z-]*):[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/** The account id and partition, from the root ARN in the credential report or any ARN. */
function accountOf(raw: RawSnapshot, report: CredentialReport | undefined): { accountId: string; partition: string } {
  const candidates: string[] = [];
  if (report?.root) candidates.push(report.root.arn);
  if (report) candidates.push(...report.rows.map((r) => r.arn));
  const d = raw.authorizationDetails;
  if (d) {
    for (const list of [d.UserDetailList, d.GroupDetailList, d.RoleDetailList]) for (const p of list ?? []) candidates.push(p.Arn);
    for (const p of d.Policies ?? []) candidates.push(p.Arn);
  }
  for (const t of raw.trails?.trailList ?? []) candidates.push(t.TrailARN);
  for (const v of raw.virtualMfaDevices?.VirtualMFADevices ?? []) candidates.push(v.SerialNumber);
  for (const c of raw.serverCertificates?.ServerCertificateMetadataList ?? []) candidates.push(c.Arn);
  for (const a of raw.accessAnalyzers?.analyzers ?? []) candidates.push(a.arn);
  for (const arn of candidates) {
    const m = ARN_ACCOUNT.exec(arn);
    if (m) return { partition: m[1], accountId: m[2] };
  }
  return { partition: 'aws', accountId: 'unknown' };
}

export function normalizeSnapshot(raw: RawSnapshot, fileNames: Partial<Record<SnapshotInput, string>> = SNAPSHOT_FILES): NormalizeResult {
  const errors: SnapshotFileError[] = [];
  const gaps: CollectionGap[] = [...raw.gaps];
  const file = (input: SnapshotInput) => fileNames[input] ?? SNAPSHOT_FILES[input];

  function attempt<T>(input: SnapshotInput, present: boolean, fn: () => T): T | undefined {
    if (!present) {
      if (!gaps.some((g) => g.input === input)) gaps.push({ input, reason: 'not collected' });
      return undefined;
    }
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof SnapshotFileError)) throw e;
      errors.push(e);
      gaps.push({ input, reason: `malformed: ${e.message}` });
      return undefined;
    }
  }

  const credentialReport = attempt('credentialReport', raw.credentialReport !== undefined, () =>
    parseCredentialReport(raw.credentialReport as string, file('credentialReport')),
  );
  const authorizationDetails = attempt('authorizationDetails', raw.authorizationDetails !== undefined, () =>
    normalizeAuthorizationDetails(raw.authorizationDetails as RawAuthorizationDetails, file('authorizationDetails')),
  );
  const passwordPolicy = attempt('passwordPolicy', raw.passwordPolicy !== undefined, () =>
    normalizePasswordPolicy(raw.passwordPolicy!.PasswordPolicy),
  );
  const accountSummary = attempt('accountSummary', raw.accountSummary !== undefined, () => raw.accountSummary!.SummaryMap);
  const virtualMfaDevices = attempt('virtualMfaDevices', raw.virtualMfaDevices !== undefined, () =>
    raw.virtualMfaDevices!.VirtualMFADevices.map(
      (v): VirtualMfaDevice => ({ serialNumber: v.SerialNumber, userArn: v.User?.Arn ?? null, enableDate: instant(v.EnableDate) }),
    ),
  );
  const accountAliases = attempt('accountAliases', raw.accountAliases !== undefined, () => raw.accountAliases!.AccountAliases);
  const trails = attempt('trails', raw.trails !== undefined, () => raw.trails!.trailList.map(normalizeTrail));
  const serverCertificates = attempt('serverCertificates', raw.serverCertificates !== undefined, () =>
    raw.serverCertificates!.ServerCertificateMetadataList.map(normalizeServerCertificate),
  );
  const accessAnalyzers = attempt('accessAnalyzers', raw.accessAnalyzers !== undefined, () => raw.accessAnalyzers!.analyzers.map(normalizeAnalyzer));
  const securityContact = attempt('securityContact', raw.securityContact !== undefined, () =>
    normalizeSecurityContact(raw.securityContact!.AlternateContact),
  );

  const { accountId, partition } = accountOf(raw, credentialReport);
  return {
    snapshot: {
      accountId,
      rootArn: `arn:${partition}:iam::${accountId}:root`,
      credentialReport,
      authorizationDetails,
      passwordPolicy,
      accountSummary,
      virtualMfaDevices,
      accountAliases,
      trails,
      serverCertificates,
      accessAnalyzers,
      securityContact,
      gaps,
    },
    errors,
  };
}

