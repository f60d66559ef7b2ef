/**
 * Organization-level inputs of a snapshot (design.md "Identity Center",
 * "Organization"): `identity-center.json` (IAM Identity Center permission
 * sets and their assignments) and `organizations-features.json` (`aws iam
 * list-organizations-features`, whether member root credentials are managed
 * centrally). Only the management account (or a delegated administrator)
 * can read them, so a missing file is no gap: their checks simply do not
 * apply to that snapshot. A file that is there but cannot be read is bad
 * input (exit 2) and a gap: no finding of its checks is opened or resolved.
 * They are read like every other input (inputs.ts, folder.ts, normalize.ts);
 * this file holds their formats, schemas and normalization.
 */
import * as z from '../schema.js';
import { SnapshotFileError } from '../errors.js';
import { PolicyDocumentError, parsePolicyDocument, type PolicyDocument } from '../policy/document.js';
import type { RawPolicyDocument } from './types.js';

export const ORGANIZATION_INPUTS = ['identityCenter', 'organizationsFeatures'] as const;
export type OrganizationInput = (typeof ORGANIZATION_INPUTS)[number];

export const ORGANIZATION_FILES: Readonly<Record<OrganizationInput, string>> = {
  identityCenter: 'identity-center.json',
  organizationsFeatures: 'organizations-features.json',
};

export function isOrganizationInput(input: string): input is OrganizationInput {
  return (ORGANIZATION_INPUTS as readonly string[]).includes(input);
}

// ---------------------------------------------------------------- raw (file formats)

export interface RawPermissionsBoundary {
  /** sso-admin's shape (GetPermissionsBoundaryForPermissionSet); camelCase is read too. */
  ManagedPolicyArn?: string;
  CustomerManagedPolicyReference?: { Name: string; Path?: string };
  managedPolicyArn?: string;
  customerManagedPolicyReference?: { name: string; path?: string };
}

export interface RawPermissionSet {
  arn: string;
  name: string;
  sessionDuration?: string | null;
  managedPolicies: string[];
  customerManagedPolicies: { name: string; path?: string }[];
  inlinePolicy: RawPolicyDocument | null;
  permissionsBoundary: RawPermissionsBoundary | null;
  [key: string]: unknown;
}

export interface RawAccountAssignment {
  permissionSetArn: string;
  accountId: string;
  principalType: 'USER' | 'GROUP';
  principalId: string;
  principalName?: string | null;
  [key: string]: unknown;
}

/** `identity-center.json`; `managementAccountId` is optional (snapshot --org writes it; without it the snapshot's own account is the management account). */
export interface RawIdentityCenter {
  instanceArn: string;
  identityStoreId: string;
  managementAccountId?: string;
  permissionSets: RawPermissionSet[];
  assignments: RawAccountAssignment[];
  [key: string]: unknown;
}

/** `aws iam list-organizations-features`. */
export interface RawOrganizationsFeatures {
  OrganizationId?: string;
  EnabledFeatures: string[];
  [key: string]: unknown;
}

export interface RawOrganizationInputs {
  identityCenter?: RawIdentityCenter;
  organizationsFeatures?: RawOrganizationsFeatures;
}

// ---------------------------------------------------------------- normalized

export interface PolicyReference {
  readonly name: string;
  readonly path: string;
}

export interface PermissionSet {
  readonly arn: string;
  readonly name: string;
  readonly sessionDuration: string | null;
  readonly managedPolicies: readonly string[];
  readonly customerManagedPolicies: readonly PolicyReference[];
  readonly inlinePolicy: PolicyDocument | null;
  readonly permissionsBoundary: { readonly managedPolicyArn: string | null; readonly customerManagedPolicy: PolicyReference | null } | null;
}

export interface AccountAssignment {
  readonly permissionSetArn: string;
  readonly accountId: string;
  readonly principalType: 'USER' | 'GROUP';
  readonly principalId: string;
  readonly principalName: string | null;
}

export interface IdentityCenter {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  /** The organization's management account, when the file says; otherwise the snapshot's account is read as it. */
  readonly managementAccountId: string | null;
  readonly permissionSets: readonly PermissionSet[];
  readonly assignments: readonly AccountAssignment[];
}

export interface OrganizationsFeatures {
  readonly organizationId: string | null;
  readonly enabledFeatures: readonly string[];
}

// ---------------------------------------------------------------- schemas

const policyDocument = z.union([z.string(), z.record(z.string(), z.unknown())], {
  error: 'expected a policy document (JSON object or URL-encoded JSON string)',
});
const nonEmpty = () => z.string().check(z.minLength(1));
const accountId = z.string().check(z.regex(/^\d{12}$/, 'expected a 12-digit account id'));
const reference = z.looseObject({ name: nonEmpty(), path: z.optional(z.string()) });
const boundary = z._default(
  z.nullable(
    z.looseObject({
      ManagedPolicyArn: z.optional(z.string()),
      CustomerManagedPolicyReference: z.optional(z.looseObject({ Name: nonEmpty(), Path: z.optional(z.string()) })),
      managedPolicyArn: z.optional(z.string()),
      customerManagedPolicyReference: z.optional(reference),
    }),
  ),
  null,
);

export const identityCenterSchema = z.looseObject({
  instanceArn: nonEmpty(),
  identityStoreId: nonEmpty(),
  managementAccountId: z.optional(accountId),
  permissionSets: z.array(
    z.looseObject({
      arn: nonEmpty(),
      name: z.string(),
      sessionDuration: z.optional(z.nullable(z.string())),
      managedPolicies: z._default(z.array(z.string()), []),
      customerManagedPolicies: z._default(z.array(reference), []),
      inlinePolicy: z._default(z.nullable(policyDocument), null),
      permissionsBoundary: boundary,
    }),
  ),
  assignments: z.array(
    z.looseObject({
      permissionSetArn: nonEmpty(),
      accountId,
      principalType: z.enum(['USER', 'GROUP']),
      principalId: nonEmpty(),
      principalName: z.optional(z.nullable(z.string())),
    }),
  ),
});

export const organizationsFeaturesSchema = z.looseObject({
  OrganizationId: z.optional(z.string()),
  EnabledFeatures: z.array(z.string()),
});

// ---------------------------------------------------------------- normalize

function policy(rawDoc: RawPolicyDocument, file: string, where: string): PolicyDocument {
  try {
    return parsePolicyDocument(rawDoc);
  } catch (e) {
    if (e instanceof PolicyDocumentError) throw new SnapshotFileError(file, e.path ? `${where}.${e.path}` : where, e.message);
    throw e;
  }
}

const pathOf = (p: string | undefined) => p || '/';

function normalizeBoundary(b: RawPermissionsBoundary | null): PermissionSet['permissionsBoundary'] {
  if (!b) return null;
  const managed = b.ManagedPolicyArn ?? b.managedPolicyArn ?? null;
  const customer = b.CustomerManagedPolicyReference
    ? { name: b.CustomerManagedPolicyReference.Name, path: pathOf(b.CustomerManagedPolicyReference.Path) }
    : b.customerManagedPolicyReference
      ? { name: b.customerManagedPolicyReference.name, path: pathOf(b.customerManagedPolicyReference.path) }
      : null;
  return managed === null && customer === null ? null : { managedPolicyArn: managed, customerManagedPolicy: customer };
}

export function normalizeIdentityCenter(raw: RawIdentityCenter, file = ORGANIZATION_FILES.identityCenter): IdentityCenter {
  return {
    instanceArn: raw.instanceArn,
    identityStoreId: raw.identityStoreId,
    managementAccountId: raw.managementAccountId ?? null,
    permissionSets: raw.permissionSets.map((p, i) => ({
      arn: p.arn,
      name: p.name,
      sessionDuration: p.sessionDuration ?? null,
      managedPolicies: p.managedPolicies,
      customerManagedPolicies: p.customerManagedPolicies.map((c) => ({ name: c.name, path: pathOf(c.path) })),
      inlinePolicy: p.inlinePolicy === null || p.inlinePolicy === '' ? null : policy(p.inlinePolicy, file, `permissionSets[${i}].inlinePolicy`),
      permissionsBoundary: normalizeBoundary(p.permissionsBoundary),
    })),
    assignments: raw.assignments.map((a) => ({
      permissionSetArn: a.permissionSetArn,
      accountId: a.accountId,
      principalType: a.principalType,
      principalId: a.principalId,
      principalName: a.principalName ?? null,
    })),
  };
}
