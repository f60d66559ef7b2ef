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
import { z } from 'zod';
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
const reference = z.looseObject({ name: z.string().min(1), path: z.string().optional() });
const boundary = z
  .looseObject({
    ManagedPolicyArn: z.string().optional(),
    CustomerManagedPolicyReference: z.looseObject({ Name: z.string().min(1), Path: z.string().optional() }).optional(),
    managedPolicyArn: z.string().optional(),
    customerManagedPolicyReference: reference.optional(),
  })
  .nullable()
  .default(null);

export const identityCenterSchema = z.looseObject({
  instanceArn: z.string().min(1),
  identityStoreId: z.string().min(1),
  managementAccountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id').optional(),
  permissionSets: z.array(
    z.looseObject({
      arn: z.string().min(1),
      name: z.string(),
      sessionDuration: z.string().nullable().optional(),
      managedPolicies: z.array(z.string()).default([]),
      customerManagedPolicies: z.array(reference).default([]),
      inlinePolicy: policyDocument.nullable().default(null),
      permissionsBoundary: boundary,
    }),
  ),
  assignments: z.array(
    z.looseObject({
      permissionSetArn: z.string().min(1),
      accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
      principalType: z.enum(['USER', 'GROUP']),
      principalId: z.string().min(1),
      principalName: z.string().nullable().optional(),
    }),
  ),
});

export const organizationsFeaturesSchema = z.looseObject({
  OrganizationId: z.string().optional(),
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
