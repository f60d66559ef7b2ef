/**
 * Two views of one account's IAM state.
 *
 * RawSnapshot is what AWS returns, in the AWS CLI's output formats: the
 * collector produces it, the folder loader reads it, the folder writer writes
 * it. Snapshot is the normalized, indexed form every check reads: dates as
 * epoch milliseconds (null where AWS says N/A, no_information,
 * not_supported), policy documents parsed, lookups by ARN and name.
 */
import type { PolicyDocument } from '../policy/document.js';
import {
  ORGANIZATION_FILES,
  ORGANIZATION_INPUTS,
  type IdentityCenter,
  type OrganizationInput,
  type OrganizationsFeatures,
  type RawIdentityCenter,
  type RawOrganizationsFeatures,
} from './organization.js';

/** The inputs of a snapshot, one per file of the folder format. */
export const SNAPSHOT_INPUTS = [
  'credentialReport',
  'authorizationDetails',
  'passwordPolicy',
  'accountSummary',
  'virtualMfaDevices',
  'accountAliases',
  'trails',
  'serverCertificates',
  'accessAnalyzers',
  'securityContact',
] as const;
export type SnapshotInput = (typeof SNAPSHOT_INPUTS)[number];

/** File name of each input inside a snapshot folder. */
export const SNAPSHOT_FILES: Readonly<Record<SnapshotInput, string>> = {
  credentialReport: 'credential-report.csv',
  authorizationDetails: 'authorization-details.json',
  passwordPolicy: 'password-policy.json',
  accountSummary: 'account-summary.json',
  virtualMfaDevices: 'virtual-mfa-devices.json',
  accountAliases: 'account-aliases.json',
  trails: 'trails.json',
  serverCertificates: 'server-certificates.json',
  accessAnalyzers: 'access-analyzers.json',
  securityContact: 'security-contact.json',
};

/** Every input a check can read: the account's, and the organization-level ones (shared/snapshot/organization.ts). */
export type InputName = SnapshotInput | OrganizationInput;

/** File name of every input, organization-level ones included. */
export const INPUT_FILES: Readonly<Record<InputName, string>> = { ...SNAPSHOT_FILES, ...ORGANIZATION_FILES };

/** Every input, in folder order: what the loader, the normalizer and the folder writer go through. */
export const INPUT_NAMES: readonly InputName[] = [...SNAPSHOT_INPUTS, ...ORGANIZATION_INPUTS];

/**
 * Parts of an input that can be missing on their own while the rest of it is
 * whole: a credential report without its `<root_account>` row still judges
 * every user, but not the root user. A check reading a part lists both the
 * input and the part in its `inputs`.
 */
export const SNAPSHOT_PARTS = {
  'credentialReport.root': 'credentialReport',
} as const satisfies Record<string, SnapshotInput>;
export type SnapshotPart = keyof typeof SNAPSHOT_PARTS;

/** What a check can read and a gap can name: an input, or a part of one. */
export type CheckInput = InputName | SnapshotPart;

/** The input a gap's input belongs to (itself, or the input a part is of). */
export function inputOf(input: CheckInput): InputName {
  return input in SNAPSHOT_PARTS ? SNAPSHOT_PARTS[input as SnapshotPart] : (input as InputName);
}

/** The snapshot file an input or part is read from. */
export function fileOf(input: CheckInput): string {
  return INPUT_FILES[inputOf(input)];
}

/** An input (or part) not read whole: file missing, access denied, cut, bad file. */
export interface CollectionGap {
  readonly input: CheckInput;
  /** One line: why; names the file, never its folder, so every source says the same. */
  readonly reason: string;
  /** Set by the engine: the checks of this run that were skipped for it. */
  readonly skippedChecks?: readonly string[];
}

/** A place in an input that could not be read, and what was expected there. */
export interface InputIssue {
  /** "line 4, column password_last_used", "UserDetailList[3].CreateDate". */
  readonly where: string;
  readonly expected: string;
}

/** Something worth telling about an input that was read all the same (an older credential report used). */
export interface CollectionNote {
  readonly input: SnapshotInput;
  readonly message: string;
}

// ---------------------------------------------------------------- raw (AWS shapes)

/** `aws iam get-account-authorization-details`, all pages merged. Documents: JSON object or URL-encoded string. */
export interface RawAuthorizationDetails {
  UserDetailList: RawUserDetail[];
  GroupDetailList: RawGroupDetail[];
  RoleDetailList: RawRoleDetail[];
  Policies: RawManagedPolicyDetail[];
}
export type RawPolicyDocument = string | Record<string, unknown>;
export interface RawInlinePolicy {
  PolicyName: string;
  PolicyDocument: RawPolicyDocument;
}
export interface RawAttachedPolicy {
  PolicyName?: string;
  PolicyArn: string;
}
export interface RawUserDetail {
  Path?: string;
  UserName: string;
  UserId?: string;
  Arn: string;
  CreateDate: string;
  UserPolicyList?: RawInlinePolicy[];
  GroupList?: string[];
  AttachedManagedPolicies?: RawAttachedPolicy[];
  PermissionsBoundary?: { PermissionsBoundaryType?: string; PermissionsBoundaryArn?: string };
  /** No check reads tags: whatever they hold, they pass. */
  Tags?: unknown;
}
export interface RawGroupDetail {
  Path?: string;
  GroupName: string;
  GroupId?: string;
  Arn: string;
  CreateDate: string;
  GroupPolicyList?: RawInlinePolicy[];
  AttachedManagedPolicies?: RawAttachedPolicy[];
}
export interface RawRoleDetail {
  Path?: string;
  RoleName: string;
  RoleId?: string;
  Arn: string;
  CreateDate: string;
  AssumeRolePolicyDocument?: RawPolicyDocument;
  InstanceProfileList?: unknown[];
  RolePolicyList?: RawInlinePolicy[];
  AttachedManagedPolicies?: RawAttachedPolicy[];
  PermissionsBoundary?: { PermissionsBoundaryType?: string; PermissionsBoundaryArn?: string };
  Tags?: unknown;
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
}
export interface RawManagedPolicyDetail {
  /** Derived from Arn where missing (moto and some exporters leave it out). */
  PolicyName?: string;
  PolicyId?: string;
  Arn: string;
  Path?: string;
  DefaultVersionId?: string;
  /** A count, or anything else (then unknown: the policy is judged as if attached). */
  AttachmentCount?: unknown;
  PermissionsBoundaryUsageCount?: unknown;
  IsAttachable?: boolean;
  Description?: string;
  CreateDate?: string;
  UpdateDate?: string;
  PolicyVersionList?: { Document?: RawPolicyDocument; VersionId: string; IsDefaultVersion: boolean; CreateDate?: string }[];
}
export interface RawPasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  ExpirePasswords?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}
export interface RawVirtualMfaDevice {
  SerialNumber: string;
  User?: { UserName?: string; UserId?: string; Arn: string; CreateDate?: string };
  EnableDate?: string;
  Tags?: unknown;
}
export interface RawTrail {
  Name: string;
  TrailARN: string;
  HomeRegion?: string;
  IsMultiRegionTrail?: boolean;
  IncludeGlobalServiceEvents?: boolean;
  LogFileValidationEnabled?: boolean;
  IsOrganizationTrail?: boolean;
  S3BucketName?: string;
  HasCustomEventSelectors?: boolean;
  HasInsightSelectors?: boolean;
  /** From get-trail-status. */
  IsLogging?: boolean;
  /** From get-event-selectors. */
  EventSelectors?: RawEventSelector[];
  AdvancedEventSelectors?: RawAdvancedEventSelector[];
  [key: string]: unknown;
}
export interface RawEventSelector {
  ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents?: boolean;
  DataResources?: unknown[];
  ExcludeManagementEventSources?: string[];
}
export interface RawAdvancedEventSelector {
  Name?: string;
  FieldSelectors: {
    Field: string;
    Equals?: string[];
    NotEquals?: string[];
    StartsWith?: string[];
    NotStartsWith?: string[];
    EndsWith?: string[];
    NotEndsWith?: string[];
  }[];
}

/** One entry of `aws iam list-server-certificates`. */
export interface RawServerCertificate {
  Path?: string;
  ServerCertificateName: string;
  ServerCertificateId?: string;
  Arn: string;
  UploadDate?: string;
  Expiration: string;
}
/** One entry of `aws accessanalyzer list-analyzers`. */
export interface RawAnalyzer {
  arn: string;
  name: string;
  /** ACCOUNT, ORGANIZATION, ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS, ACCOUNT_INTERNAL_ACCESS, … */
  type: string;
  /** ACTIVE, CREATING, DISABLED, FAILED. */
  status: string;
  createdAt?: string;
  [key: string]: unknown;
}
/** `AlternateContact` of `aws account get-alternate-contact`. */
export interface RawAlternateContact {
  AlternateContactType?: string;
  EmailAddress?: string;
  Name?: string;
  PhoneNumber?: string;
  Title?: string;
}

/**
 * One account's IAM state exactly as AWS reports it. An absent input was not
 * collected (see `gaps` for why); it is never the same as empty.
 */
export interface RawSnapshot {
  /** Decoded credential report CSV text. */
  credentialReport?: string;
  authorizationDetails?: RawAuthorizationDetails;
  /** `{"PasswordPolicy": null}` in the file: the account has none. */
  passwordPolicy?: { PasswordPolicy: RawPasswordPolicy | null };
  accountSummary?: { SummaryMap: Record<string, number> };
  virtualMfaDevices?: { VirtualMFADevices: RawVirtualMfaDevice[] };
  accountAliases?: { AccountAliases: string[] };
  trails?: { trailList: RawTrail[] };
  serverCertificates?: { ServerCertificateMetadataList: RawServerCertificate[] };
  /** The analyzers of the audited Region. */
  accessAnalyzers?: { analyzers: RawAnalyzer[] };
  /** `{"AlternateContact": null}`: no SECURITY contact is registered (AWS answers ResourceNotFoundException). */
  securityContact?: { AlternateContact: RawAlternateContact | null };
  /** Organization-level inputs, where the account can read them; absent is no gap (shared/snapshot/organization.ts). */
  identityCenter?: RawIdentityCenter;
  organizationsFeatures?: RawOrganizationsFeatures;
  gaps: CollectionGap[];
  /** Said about inputs read all the same; not part of the folder format. */
  notes?: CollectionNote[];
}

// ---------------------------------------------------------------- normalized

/** Epoch milliseconds, or null where AWS has no value (N/A, no_information, not_supported). */
export type Instant = number | null;

export interface AccessKeyColumns {
  /** 1 or 2, the credential report's column number. */
  readonly slot: 1 | 2;
  readonly active: boolean;
  readonly lastRotated: Instant;
  readonly lastUsed: Instant;
  readonly lastUsedRegion: string | null;
  readonly lastUsedService: string | null;
}

export interface CredentialReportRow {
  /** `<root_account>` for root. */
  readonly user: string;
  readonly arn: string;
  readonly isRoot: boolean;
  readonly userCreationTime: Instant;
  /** Root reports not_supported: false here, see passwordLastUsed for root use. */
  readonly passwordEnabled: boolean;
  readonly passwordLastUsed: Instant;
  readonly passwordLastChanged: Instant;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly [AccessKeyColumns, AccessKeyColumns];
  /** Active X.509 signing certificates (cert_1_active, cert_2_active; 0 when the columns are absent). */
  readonly activeCertificates: number;
  /** 1-based CSV line, for messages. */
  readonly line: number;
}

export interface CredentialReport {
  readonly rows: readonly CredentialReportRow[];
  readonly root: CredentialReportRow | undefined;
  /** IAM users only (root excluded). */
  readonly users: readonly CredentialReportRow[];
  readonly byArn: ReadonlyMap<string, CredentialReportRow>;
}

export interface InlinePolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

export interface AttachedPolicyRef {
  readonly name: string;
  readonly arn: string;
}

interface PrincipalBase {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Instant;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicies: readonly AttachedPolicyRef[];
}
export interface User extends PrincipalBase {
  readonly kind: 'user';
  /** Group names. */
  readonly groups: readonly string[];
  /** ARN of its permissions boundary's managed policy, null when it has none. */
  readonly permissionsBoundary: string | null;
}
export interface Group extends PrincipalBase {
  readonly kind: 'group';
}
export interface Role extends PrincipalBase {
  readonly kind: 'role';
  readonly trustPolicy: PolicyDocument | null;
  readonly lastUsed: Instant;
  /** Path /aws-service-role/: owned by an AWS service, not by the account. */
  readonly serviceLinked: boolean;
  /** ARN of its permissions boundary's managed policy, null when it has none. */
  readonly permissionsBoundary: string | null;
}
export type Principal = User | Group | Role;

export interface ManagedPolicy {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  /** arn:aws:iam::aws:policy/... */
  readonly awsManaged: boolean;
  /** null: the snapshot's count is not a count (unknown), so the policy is not taken for unattached. */
  readonly attachmentCount: number | null;
  readonly defaultVersionId: string | null;
  /** The default version's document; null when the snapshot does not carry it. */
  readonly document: PolicyDocument | null;
}

export interface AuthorizationDetails {
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly roles: readonly Role[];
  /** Every policy listed in the details (customer managed, and AWS managed where present). */
  readonly policies: readonly ManagedPolicy[];
  readonly userByName: ReadonlyMap<string, User>;
  readonly groupByName: ReadonlyMap<string, Group>;
  readonly policyByArn: ReadonlyMap<string, ManagedPolicy>;
  /** ARNs of managed policies attached to at least one user, group or role (from the principals' lists). */
  readonly attachedPolicyArns: ReadonlySet<string>;
}

export interface PasswordPolicy {
  readonly minimumPasswordLength: number | null;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  readonly expirePasswords: boolean;
  readonly maxPasswordAge: number | null;
  readonly passwordReusePrevention: number | null;
  readonly hardExpiry: boolean;
}

export interface VirtualMfaDevice {
  readonly serialNumber: string;
  /** ARN of the user (or root) it is assigned to, null when unassigned. */
  readonly userArn: string | null;
  readonly enableDate: Instant;
}

export interface Trail {
  readonly name: string;
  readonly arn: string;
  readonly homeRegion: string | null;
  readonly isMultiRegion: boolean;
  readonly logFileValidation: boolean;
  /** null when the status was not collected. */
  readonly isLogging: boolean | null;
  /**
   * Whether the trail records read and write management events, from its
   * (advanced) event selectors; null when the selectors were not collected.
   */
  readonly recordsAllManagementEvents: boolean | null;
  readonly raw: RawTrail;
}

export interface ServerCertificate {
  readonly name: string;
  /** Its ARN, path included: the finding's resource. */
  readonly arn: string;
  readonly path: string;
  readonly uploadDate: Instant;
  readonly expiration: Instant;
}

export interface AccessAnalyzer {
  readonly name: string;
  readonly arn: string;
  readonly type: string;
  readonly status: string;
}

export interface SecurityContact {
  /** SECURITY, as asked for; another type here is no security contact. */
  readonly type: string | null;
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

export interface Snapshot {
  readonly accountId: string;
  readonly rootArn: string;
  /** undefined: not collected (see gaps). */
  readonly credentialReport?: CredentialReport;
  readonly authorizationDetails?: AuthorizationDetails;
  /** undefined: not collected; null: the account has no password policy. */
  readonly passwordPolicy?: PasswordPolicy | null;
  readonly accountSummary?: Readonly<Record<string, number>>;
  readonly virtualMfaDevices?: readonly VirtualMfaDevice[];
  readonly accountAliases?: readonly string[];
  readonly trails?: readonly Trail[];
  readonly serverCertificates?: readonly ServerCertificate[];
  /** The analyzers of the audited Region. */
  readonly accessAnalyzers?: readonly AccessAnalyzer[];
  /** undefined: not collected; null: no SECURITY alternate contact. */
  readonly securityContact?: SecurityContact | null;
  /** Organization-level inputs: undefined when the account cannot read them (no gap), see shared/snapshot/organization.ts. */
  readonly identityCenter?: IdentityCenter;
  readonly organizationsFeatures?: OrganizationsFeatures;
  readonly gaps: readonly CollectionGap[];
}
