/**
 * How each input of a snapshot is read, whatever its source (a folder's
 * file, the live collector's answer): one entry per input, saying what a
 * whole answer looks like, how big its file may be, its schema and how it
 * becomes what the checks read. Adding an input is adding an entry here (and
 * its file name in SNAPSHOT_FILES, its collector in collect/account.ts).
 * The organization-level inputs (identity-center.json,
 * organizations-features.json) are read the same way; they are `optional`:
 * only a management or delegated administrator account can read them, so an
 * absent one is no gap.
 *
 * Reading an input ends one of three ways (design.md "Complete, or a gap"):
 * read whole; cut (a page of several, its lists missing): a gap; or bad (a
 * value the checks need cannot be read): a gap, and bad input naming every
 * place, up to MAX_LISTED_ISSUES of them.
 */
import type * as z from '../schema.js';
import { SnapshotFileError, formatPath } from '../errors.js';
import { ROOT_USER, readCredentialReport } from './credential-report.js';
import { normalizeTrail } from './normalize-trail.js';
import { identityCenterSchema, normalizeIdentityCenter, organizationsFeaturesSchema, type RawIdentityCenter } from './organization.js';
import {
  accountAliasesSchema,
  accountSummarySchema,
  authorizationDetailsSchema,
  passwordPolicyFileSchema,
  securityContactSchema,
  serverCertificatesSchema,
  accessAnalyzersSchema,
  trailsSchema,
  virtualMfaDevicesSchema,
} from './schemas.js';
import {
  INPUT_FILES,
  SNAPSHOT_FILES,
  type AuthorizationDetails,
  type CollectionGap,
  type InputIssue,
  type Principal,
  type InputName,
  type Snapshot,
} from './types.js';

/** Bad entries named one by one; the rest are counted. */
export const MAX_LISTED_ISSUES = 20;

export type InputReading<V> =
  /** Read whole; `parts` are parts of it that are missing all the same (a report without its root row). */
  | { readonly status: 'read'; readonly value: V; readonly parts: readonly CollectionGap[] }
  /** A valid answer, but not all of it: a gap, not bad input. */
  | { readonly status: 'cut'; readonly reason: string }
  /** What the checks need cannot be read: a gap, and bad input. `issues` holds the first MAX_LISTED_ISSUES. */
  | { readonly status: 'bad'; readonly issues: readonly InputIssue[]; readonly count: number };

export interface InputReader<V> {
  /** JSON in the AWS CLI's output format, or the credential report's CSV text. */
  readonly format: 'json' | 'csv';
  /** The largest file the folder loader reads: memory stays bounded, and a bigger file is bad input saying so. */
  readonly maxBytes: number;
  /** Removes what must never be kept (MFA seeds), from a folder's file and a live answer alike. */
  readonly sanitize?: (value: unknown) => unknown;
  /** Absent is no gap (organization-level inputs: most accounts cannot read them, and their checks then do not apply). */
  readonly optional?: boolean;
  read(value: unknown): InputReading<V>;
}

type Normalized<K extends InputName> = Exclude<Snapshot[K], undefined>;

const MiB = 1024 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Completeness {
  /** Top-level keys every whole answer has (`{}` lacks them all). */
  readonly required: readonly string[];
  /** AWS pages this answer: a page still saying there is more was cut. */
  readonly paginated: boolean;
}

/** Why an answer is not whole, or null when it is (or is not even an object: the schema says what was expected). */
export function cutReason(value: unknown, file: string, rule: Completeness): string | null {
  if (!isObject(value)) return null;
  if (rule.paginated) {
    const left = ['Marker', 'NextToken', 'nextToken'].filter((k) => typeof value[k] === 'string' && value[k] !== '');
    if (value.IsTruncated === true || left.length > 0) {
      const said = [...(value.IsTruncated === true ? ['IsTruncated is true'] : []), ...left.map((k) => `a ${k} is left`)].join(', ');
      return `${file} is one page of several (${said}): merge every page, as the AWS CLI does without --max-items`;
    }
  }
  const missing = rule.required.filter((k) => !(k in value));
  if (missing.length > 0) return `${file} has no ${missing.join(', ')}: not a whole answer`;
  return null;
}

/** What a value is, for "found …": never the word "undefined" (a missing field is said to be missing). */
function foundOf(input: unknown): string {
  if (input === undefined) return 'nothing (the field is missing)';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'string') return input.length <= 40 ? `the string ${JSON.stringify(input)}` : 'a string';
  if (typeof input === 'number' || typeof input === 'boolean') return `${typeof input} ${String(input)}`;
  return typeof input === 'object' ? 'an object' : `a ${typeof input}`;
}

const ARTICLE: Readonly<Record<string, string>> = { array: 'an array', object: 'an object', int: 'an integer' };

/** The snapshot's wording of zod's type errors: "expected a string, found nothing (the field is missing)". */
const snapshotIssueMessage = (issue: { code?: string; expected?: unknown; input?: unknown }): string | undefined =>
  issue.code === 'invalid_type' && typeof issue.expected === 'string'
    ? `expected ${ARTICLE[issue.expected] ?? `a ${issue.expected}`}, found ${foundOf(issue.input)}`
    : undefined;

function zodIssues(error: z.core.$ZodError): { issues: InputIssue[]; count: number } {
  const all = error.issues;
  return {
    issues: all.slice(0, MAX_LISTED_ISSUES).map((i) => ({ where: formatPath(i.path), expected: i.message })),
    count: all.length,
  };
}

/** A JSON input: completeness, then its schema, then what the checks read. */
function jsonInput<S extends z.ZodMiniType, V>(
  input: InputName,
  rule: Completeness & { readonly maxBytes: number; readonly sanitize?: (value: unknown) => unknown; readonly optional?: boolean },
  schema: S,
  normalize: (valid: z.output<S>) => V,
): InputReader<V> {
  return {
    format: 'json',
    maxBytes: rule.maxBytes,
    ...(rule.sanitize ? { sanitize: rule.sanitize } : {}),
    ...(rule.optional ? { optional: true } : {}),
    read(value) {
      const cut = cutReason(value, INPUT_FILES[input], rule);
      if (cut) return { status: 'cut', reason: cut };
      const result = schema.safeParse(value, { error: snapshotIssueMessage });
      if (!result.success) return { status: 'bad', ...zodIssues(result.error) };
      try {
        return { status: 'read', value: normalize(result.data), parts: [] };
      } catch (e) {
        // A value inside that the schema leaves to the normalizer (a permission set's inline policy document).
        if (e instanceof SnapshotFileError) return { status: 'bad', issues: [{ where: e.where, expected: e.expected }], count: 1 };
        throw e;
      }
    },
  };
}

function indexAuthorizationDetails(valid: z.output<typeof authorizationDetailsSchema>): AuthorizationDetails {
  const { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies } = valid;
  const attachedPolicyArns = new Set<string>();
  for (const list of [users, groups, roles] as readonly (readonly Principal[])[]) {
    for (const p of list) for (const a of p.attachedPolicies) attachedPolicyArns.add(a.arn);
  }
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

/** list-virtual-mfa-devices may carry each device's seed and QR code (some endpoints, old CLI recipes): never kept. */
export const MFA_SECRET_KEYS: readonly string[] = ['Base32StringSeed', 'QRCodePNG'];

function withoutMfaSecrets(value: unknown): unknown {
  if (!isObject(value) || !Array.isArray(value.VirtualMFADevices)) return value;
  return {
    ...value,
    VirtualMFADevices: value.VirtualMFADevices.map((d: unknown) =>
      isObject(d) ? Object.fromEntries(Object.entries(d).filter(([k]) => !MFA_SECRET_KEYS.includes(k))) : d,
    ),
  };
}

const credentialReportReader: InputReader<Normalized<'credentialReport'>> = {
  format: 'csv',
  // IAM caps an account at 5,000 users (about 2 MB of report); 256 MiB is a report of a million rows.
  maxBytes: 256 * MiB,
  read(value) {
    if (typeof value !== 'string') return { status: 'bad', issues: [{ where: '', expected: 'expected the decoded credential report (CSV text)' }], count: 1 };
    const { report, issues } = readCredentialReport(value);
    if (!report) return { status: 'bad', issues: issues.slice(0, MAX_LISTED_ISSUES), count: issues.length };
    const parts: CollectionGap[] = report.root
      ? []
      : [
          {
            input: 'credentialReport.root',
            reason: `${SNAPSHOT_FILES.credentialReport} has no ${ROOT_USER} row (AWS always writes one), so the root user is not judged`,
          },
        ];
    return { status: 'read', value: report, parts };
  },
};

/** Every input's reader: the table design.md's "Snapshot folder" and "Complete, or a gap" describe. */
export const INPUT_READERS: { readonly [K in InputName]: InputReader<Normalized<K>> } = {
  credentialReport: credentialReportReader,
  authorizationDetails: jsonInput(
    'authorizationDetails',
    // The 10,000-user benchmark account is 25 MB; one at IAM's raised quotas with the longest documents, some 250 MB.
    // Reading takes about 3.5 times the file's size in memory (a 150 MB file peaks near 520 MB), so this stays in a default heap.
    { required: ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'], paginated: true, maxBytes: 512 * MiB },
    authorizationDetailsSchema,
    indexAuthorizationDetails,
  ),
  passwordPolicy: jsonInput(
    'passwordPolicy',
    { required: ['PasswordPolicy'], paginated: false, maxBytes: 16 * MiB },
    passwordPolicyFileSchema,
    (v) => v.PasswordPolicy,
  ),
  accountSummary: jsonInput('accountSummary', { required: ['SummaryMap'], paginated: false, maxBytes: 16 * MiB }, accountSummarySchema, (v) => v.SummaryMap),
  virtualMfaDevices: jsonInput(
    'virtualMfaDevices',
    { required: ['VirtualMFADevices'], paginated: true, maxBytes: 128 * MiB, sanitize: withoutMfaSecrets },
    virtualMfaDevicesSchema,
    (v) => v.VirtualMFADevices,
  ),
  accountAliases: jsonInput(
    'accountAliases',
    { required: ['AccountAliases'], paginated: true, maxBytes: 16 * MiB },
    accountAliasesSchema,
    (v) => v.AccountAliases,
  ),
  trails: jsonInput('trails', { required: ['trailList'], paginated: true, maxBytes: 64 * MiB }, trailsSchema, (v) => v.trailList.map(normalizeTrail)),
  serverCertificates: jsonInput(
    'serverCertificates',
    { required: ['ServerCertificateMetadataList'], paginated: true, maxBytes: 16 * MiB },
    serverCertificatesSchema,
    (v) => v.ServerCertificateMetadataList,
  ),
  accessAnalyzers: jsonInput('accessAnalyzers', { required: ['analyzers'], paginated: true, maxBytes: 16 * MiB }, accessAnalyzersSchema, (v) => v.analyzers),
  securityContact: jsonInput('securityContact', { required: ['AlternateContact'], paginated: false, maxBytes: 1 * MiB }, securityContactSchema, (v) => v.AlternateContact),
  identityCenter: jsonInput(
    'identityCenter',
    { required: ['permissionSets', 'assignments'], paginated: false, maxBytes: 128 * MiB, optional: true },
    identityCenterSchema,
    (v) => normalizeIdentityCenter(v as RawIdentityCenter),
  ),
  organizationsFeatures: jsonInput(
    'organizationsFeatures',
    { required: ['EnabledFeatures'], paginated: false, maxBytes: 16 * MiB, optional: true },
    organizationsFeaturesSchema,
    (v) => ({ organizationId: v.OrganizationId ?? null, enabledFeatures: v.EnabledFeatures }),
  ),
};
