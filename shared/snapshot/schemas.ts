/**
 * Schemas of the snapshot's inputs, in the AWS CLI's output formats, for
 * every source alike (a folder's files, the live collector's answers): they
 * validate what the checks read and turn it into what the checks see (times
 * as epoch milliseconds, policy documents parsed, a policy's missing name
 * derived from its ARN).
 *
 * What no check reads is not declared: tags, ids, counts, descriptions pass
 * through untouched whatever they hold, so an odd value there (Tags as an
 * object, AttachmentCount -1) cannot cost the whole file. Optional fields may
 * be null as well as absent (JMESPath projections, some exporters write
 * null). Every bad entry is an issue with its path; zod keeps going after
 * the first, so a file's message lists them all.
 */
import * as z from '../schema.js';
import { PolicyDocumentError, parsePolicyDocument, type PolicyDocument } from '../policy/document.js';
import { isAwsManagedPolicyArn } from '../policy/actions.js';
import { AWS_TIME_EXPECTED, parseAwsTime } from './time.js';
import type {
  AccessAnalyzer,
  AttachedPolicyRef,
  Group,
  InlinePolicy,
  Instant,
  ManagedPolicy,
  PasswordPolicy,
  Role,
  SecurityContact,
  ServerCertificate,
  User,
  VirtualMfaDevice,
} from './types.js';

/** An ISO 8601 time on the calendar, as epoch milliseconds. */
export const awsTime = z.pipe(
  z.string(),
  z.transform((s, ctx): number => {
    const t = parseAwsTime(s);
    if (t === null) {
      ctx.issues.push({ code: 'custom', message: `${AWS_TIME_EXPECTED}, found ${JSON.stringify(s)}`, input: s });
      return z.NEVER;
    }
    return t;
  }),
);
const optionalTime = z.pipe(
  z.nullish(awsTime),
  z.transform((t): Instant => t ?? null),
);

/** A field no check reads, used when it holds what it should and ignored otherwise. */
const timeIfValid = (v: unknown): Instant => (typeof v === 'string' ? parseAwsTime(v) : null);
const stringOr = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

/** "Statement[1].Effect" → ["Statement", 1, "Effect"], so a document's issue extends the zod path. */
function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    if (!part) continue;
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

/** A policy document (JSON object or URL-encoded JSON string), parsed. */
export const policyDocument = z.pipe(
  z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected a policy document (JSON object or URL-encoded JSON string)' }),
  z.transform((raw, ctx): PolicyDocument => {
    try {
      return parsePolicyDocument(raw);
    } catch (e) {
      if (!(e instanceof PolicyDocumentError)) throw e;
      ctx.issues.push({ code: 'custom', message: e.message, input: raw, path: pathSegments(e.path) });
      return z.NEVER;
    }
  }),
);

const inlinePolicies = z.pipe(
  z.nullish(z.array(z.looseObject({ PolicyName: z.string(), PolicyDocument: policyDocument }))),
  z.transform((list): InlinePolicy[] => (list ?? []).map((p) => ({ name: p.PolicyName, document: p.PolicyDocument }))),
);

/** The part of an ARN after its last slash: a managed policy's name (`arn:aws:iam::1:policy/team/Deploy` → Deploy). */
export const nameFromArn = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1) || arn;

const attachedPolicies = z.pipe(
  z.nullish(z.array(z.looseObject({ PolicyName: z.nullish(z.string()), PolicyArn: z.string() }))),
  z.transform((list): AttachedPolicyRef[] => (list ?? []).map((a) => ({ arn: a.PolicyArn, name: a.PolicyName ?? nameFromArn(a.PolicyArn) }))),
);

/** Read: a permissions boundary caps the principal's effective permissions. */
const permissionsBoundary = z.pipe(
  z.nullish(z.looseObject({ PermissionsBoundaryArn: z.nullish(z.string()) })),
  z.transform((b): string | null => b?.PermissionsBoundaryArn ?? null),
);

const userDetail = z.pipe(
  z.looseObject({
    UserName: z.string(),
    Arn: z.string(),
    UserPolicyList: inlinePolicies,
    GroupList: z.nullish(z.array(z.string())),
    AttachedManagedPolicies: attachedPolicies,
    PermissionsBoundary: permissionsBoundary,
  }),
  z.transform(
    (u): User => ({
      kind: 'user',
      name: u.UserName,
      id: stringOr(u.UserId, ''),
      arn: u.Arn,
      path: stringOr(u.Path, '/'),
      createDate: timeIfValid(u.CreateDate),
      inlinePolicies: u.UserPolicyList,
      attachedPolicies: u.AttachedManagedPolicies,
      groups: u.GroupList ?? [],
      permissionsBoundary: u.PermissionsBoundary,
    }),
  ),
);

const groupDetail = z.pipe(
  z.looseObject({
    GroupName: z.string(),
    Arn: z.string(),
    GroupPolicyList: inlinePolicies,
    AttachedManagedPolicies: attachedPolicies,
  }),
  z.transform(
    (g): Group => ({
      kind: 'group',
      name: g.GroupName,
      id: stringOr(g.GroupId, ''),
      arn: g.Arn,
      path: stringOr(g.Path, '/'),
      createDate: timeIfValid(g.CreateDate),
      inlinePolicies: g.GroupPolicyList,
      attachedPolicies: g.AttachedManagedPolicies,
    }),
  ),
);

const roleDetail = z.pipe(
  z.looseObject({
    RoleName: z.string(),
    Arn: z.string(),
    // Read: /aws-service-role/ marks a role an AWS service owns; its creation date ages an unused role.
    Path: z.nullish(z.string()),
    CreateDate: optionalTime,
    AssumeRolePolicyDocument: z.nullish(policyDocument),
    RolePolicyList: inlinePolicies,
    AttachedManagedPolicies: attachedPolicies,
    RoleLastUsed: z.nullish(z.looseObject({ LastUsedDate: optionalTime })),
    PermissionsBoundary: permissionsBoundary,
  }),
  z.transform(
    (r): Role => ({
      kind: 'role',
      name: r.RoleName,
      id: stringOr(r.RoleId, ''),
      arn: r.Arn,
      path: r.Path ?? '/',
      createDate: r.CreateDate,
      inlinePolicies: r.RolePolicyList,
      attachedPolicies: r.AttachedManagedPolicies,
      trustPolicy: r.AssumeRolePolicyDocument ?? null,
      lastUsed: r.RoleLastUsed?.LastUsedDate ?? null,
      serviceLinked: (r.Path ?? '').startsWith('/aws-service-role/'),
      permissionsBoundary: r.PermissionsBoundary,
    }),
  ),
);

const policyVersion = z.looseObject({
  Document: z.nullish(policyDocument),
  VersionId: z.string(),
  IsDefaultVersion: z.nullish(z.boolean()),
});

/** How many principals a policy is attached to; anything else than a count is unknown (null), never "none". */
const attachmentCountOf = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

const managedPolicy = z.pipe(
  z.looseObject({
    // moto and some exporters leave PolicyName out; the ARN names the policy all the same.
    PolicyName: z.nullish(z.string()),
    Arn: z.string(),
    DefaultVersionId: z.nullish(z.string()),
    PolicyVersionList: z.nullish(z.array(policyVersion)),
  }),
  z.transform((p): ManagedPolicy => {
    const versions = p.PolicyVersionList ?? [];
    const def = versions.find((v) => v.IsDefaultVersion === true || (p.DefaultVersionId != null && v.VersionId === p.DefaultVersionId));
    return {
      name: p.PolicyName ?? nameFromArn(p.Arn),
      arn: p.Arn,
      path: stringOr(p.Path, '/'),
      awsManaged: isAwsManagedPolicyArn(p.Arn),
      attachmentCount: attachmentCountOf(p.AttachmentCount),
      defaultVersionId: p.DefaultVersionId ?? def?.VersionId ?? null,
      document: def?.Document ?? null,
    };
  }),
);

/** `aws iam get-account-authorization-details`, all pages merged: the four lists are required (see inputs.ts). */
export const authorizationDetailsSchema = z.looseObject({
  UserDetailList: z.array(userDetail),
  GroupDetailList: z.array(groupDetail),
  RoleDetailList: z.array(roleDetail),
  Policies: z.array(managedPolicy),
});

const optionalInt = z.nullish(z.int());
const optionalBool = z.nullish(z.boolean());

export const passwordPolicyFileSchema = z.looseObject({
  PasswordPolicy: z.pipe(
    z.nullable(
      z.looseObject({
        MinimumPasswordLength: optionalInt,
        RequireSymbols: optionalBool,
        RequireNumbers: optionalBool,
        RequireUppercaseCharacters: optionalBool,
        RequireLowercaseCharacters: optionalBool,
        AllowUsersToChangePassword: optionalBool,
        ExpirePasswords: optionalBool,
        MaxPasswordAge: optionalInt,
        PasswordReusePrevention: optionalInt,
        HardExpiry: optionalBool,
      }),
    ),
    z.transform(
      (p): PasswordPolicy | null =>
        p && {
          minimumPasswordLength: p.MinimumPasswordLength ?? null,
          requireSymbols: p.RequireSymbols ?? false,
          requireNumbers: p.RequireNumbers ?? false,
          requireUppercaseCharacters: p.RequireUppercaseCharacters ?? false,
          requireLowercaseCharacters: p.RequireLowercaseCharacters ?? false,
          allowUsersToChangePassword: p.AllowUsersToChangePassword ?? false,
          expirePasswords: p.ExpirePasswords ?? (p.MaxPasswordAge != null && p.MaxPasswordAge > 0),
          maxPasswordAge: p.MaxPasswordAge ?? null,
          passwordReusePrevention: p.PasswordReusePrevention ?? null,
          hardExpiry: p.HardExpiry ?? false,
        },
    ),
  ),
});

export const accountSummarySchema = z.looseObject({ SummaryMap: z.record(z.string(), z.number()) });

export const virtualMfaDevicesSchema = z.looseObject({
  VirtualMFADevices: z.array(
    z.pipe(
      z.looseObject({
        SerialNumber: z.string(),
        User: z.nullish(z.looseObject({ Arn: z.string() })),
        EnableDate: optionalTime,
      }),
      z.transform((v): VirtualMfaDevice => ({ serialNumber: v.SerialNumber, userArn: v.User?.Arn ?? null, enableDate: v.EnableDate })),
    ),
  ),
});

export const accountAliasesSchema = z.looseObject({ AccountAliases: z.array(z.string()) });

const stringList = z.nullish(z.array(z.string()));
const fieldSelector = z.looseObject({
  Field: z.string(),
  Equals: stringList,
  NotEquals: stringList,
  StartsWith: stringList,
  NotStartsWith: stringList,
  EndsWith: stringList,
  NotEndsWith: stringList,
});

/** A trail as the CloudTrail checks read it; the rest of what describe-trails says passes through. */
export const trailSchema = z.looseObject({
  Name: z.string(),
  TrailARN: z.string(),
  HomeRegion: z.nullish(z.string()),
  IsMultiRegionTrail: optionalBool,
  LogFileValidationEnabled: optionalBool,
  HasCustomEventSelectors: optionalBool,
  IsLogging: optionalBool,
  EventSelectors: z.nullish(
    z.array(
      z.looseObject({
        ReadWriteType: z.nullish(z.enum(['ReadOnly', 'WriteOnly', 'All'])),
        IncludeManagementEvents: optionalBool,
        ExcludeManagementEventSources: stringList,
      }),
    ),
  ),
  AdvancedEventSelectors: z.nullish(z.array(z.looseObject({ FieldSelectors: z.array(fieldSelector) }))),
});

export const trailsSchema = z.looseObject({ trailList: z.array(trailSchema) });

/** `aws iam list-server-certificates`: the expiry is what the check reads. */
export const serverCertificatesSchema = z.looseObject({
  ServerCertificateMetadataList: z.array(
    z.pipe(
      z.looseObject({ ServerCertificateName: z.string(), Arn: z.string(), Path: z.nullish(z.string()), Expiration: awsTime }),
      z.transform(
        (c): ServerCertificate => ({ name: c.ServerCertificateName, arn: c.Arn, path: c.Path ?? '/', uploadDate: timeIfValid(c.UploadDate), expiration: c.Expiration }),
      ),
    ),
  ),
});

/** `aws accessanalyzer list-analyzers` (the audited Region). */
export const accessAnalyzersSchema = z.looseObject({
  analyzers: z.array(
    z.pipe(
      z.looseObject({ arn: z.string(), name: z.string(), type: z.string(), status: z.string() }),
      z.transform((a): AccessAnalyzer => ({ name: a.name, arn: a.arn, type: a.type, status: a.status })),
    ),
  ),
});

/** `aws account get-alternate-contact --alternate-contact-type SECURITY`; null: none registered. */
export const securityContactSchema = z.looseObject({
  AlternateContact: z.pipe(
    z.nullable(
      z.looseObject({
        AlternateContactType: z.nullish(z.string()),
        EmailAddress: z.nullish(z.string()),
        Name: z.nullish(z.string()),
        PhoneNumber: z.nullish(z.string()),
      }),
    ),
    z.transform(
      (c): SecurityContact | null =>
        c === null ? null : { type: c.AlternateContactType ?? null, name: c.Name ?? null, email: c.EmailAddress ?? null, phone: c.PhoneNumber ?? null },
    ),
  ),
});
