/**
 * Live collection of the organization-level inputs, with the caller's own
 * credentials (the management account, or the delegated administrator of
 * Identity Center and of IAM's root access management), once per
 * organization:
 *
 * - `identity-center.json`: IAM Identity Center's permission sets and account
 *   assignments (sso-admin) with their principals' names (identitystore),
 *   read in the Identity Center home Region;
 * - `organizations-features.json`: `iam:ListOrganizationsFeatures`.
 *
 * Where the caller cannot see Identity Center at all (no instance in that
 * Region, or no permission to list instances) the input is absent, not a
 * gap; once an instance is found, anything that cannot be read is a gap.
 */
import { IAMClient, ListOrganizationsFeaturesCommand } from '@aws-sdk/client-iam';
import { DescribeGroupCommand, DescribeUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import type { RawAccountAssignment, RawIdentityCenter, RawOrganizationInputs, RawOrganizationsFeatures, RawPermissionSet } from '../snapshot/organization.js';
import type { CollectionGap } from '../snapshot/types.js';
import { describeError, errorCodes } from './aws-errors.js';
import { CLIENT_RETRY, configuredRegion } from './clients.js';
import { mapBounded } from './organization.js';
import { retrier, type Retrier, type RetryOptions } from './retry.js';

export interface OrganizationInputClients {
  readonly iam: IAMClient;
  /** In the Identity Center home Region. */
  readonly ssoAdmin: SSOAdminClient;
  /** In the Identity Center home Region. */
  readonly identityStore: IdentitystoreClient;
}

/** Clients with the caller's credentials; `identityCenterRegion` defaults to the configured Region. */
export function organizationInputClients(identityCenterRegion?: string): OrganizationInputClients & { close(): void } {
  const region = identityCenterRegion ?? configuredRegion;
  const iam = new IAMClient({ region: configuredRegion, ...CLIENT_RETRY });
  const ssoAdmin = new SSOAdminClient({ region, ...CLIENT_RETRY });
  const identityStore = new IdentitystoreClient({ region, ...CLIENT_RETRY });
  return { iam, ssoAdmin, identityStore, close: () => [iam, ssoAdmin, identityStore].forEach((c) => c.destroy()) };
}

const has = (e: unknown, ...codes: string[]) => errorCodes(e).some((c) => codes.some((code) => c === code || c === `${code}Exception`));

/** Calls to sso-admin at once: its read APIs allow about 20 requests a second per account. */
const SSO_IN_FLIGHT = 4;

async function allPages<P extends { NextToken?: string }>(fetch: (token: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    pages.push(page);
    token = page.NextToken;
  } while (token);
  return pages;
}

/** Identity Center as `identity-center.json` holds it; undefined when the caller sees no instance. */
export async function collectIdentityCenter(
  clients: Pick<OrganizationInputClients, 'ssoAdmin' | 'identityStore'>,
  options: { retry?: RetryOptions; managementAccountId?: string } = {},
): Promise<RawIdentityCenter | undefined> {
  const call = retrier(options.retry);
  const { ssoAdmin } = clients;
  let instances;
  try {
    instances = (await allPages((NextToken) => call(() => ssoAdmin.send(new ListInstancesCommand({ NextToken }))))).flatMap((p) => p.Instances ?? []);
  } catch (e) {
    // Not the management or delegated administrator account: Identity Center is not this caller's to read.
    if (has(e, 'AccessDenied')) return undefined;
    throw e;
  }
  const instance = instances.find((i) => i.InstanceArn && i.IdentityStoreId && (i.Status === undefined || i.Status === 'ACTIVE'));
  if (!instance) return undefined;
  const InstanceArn = instance.InstanceArn!;
  const identityStoreId = instance.IdentityStoreId!;

  const arns = (await allPages((NextToken) => call(() => ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn, NextToken, MaxResults: 100 }))))).flatMap(
    (p) => p.PermissionSets ?? [],
  );
  const permissionSets = await mapBounded(arns, SSO_IN_FLIGHT, (arn) => permissionSet(ssoAdmin, call, InstanceArn, arn));
  const assignments = (await mapBounded(arns, SSO_IN_FLIGHT, (arn) => assignmentsOf(ssoAdmin, call, InstanceArn, arn))).flat();
  await nameThePrincipals(clients.identityStore, call, identityStoreId, assignments);
  return {
    instanceArn: InstanceArn,
    identityStoreId,
    ...(options.managementAccountId ? { managementAccountId: options.managementAccountId } : {}),
    permissionSets,
    assignments,
  };
}

async function permissionSet(ssoAdmin: SSOAdminClient, call: Retrier, InstanceArn: string, PermissionSetArn: string): Promise<RawPermissionSet> {
  const input = { InstanceArn, PermissionSetArn };
  const { PermissionSet: described } = await call(() => ssoAdmin.send(new DescribePermissionSetCommand(input)));
  const managed = (await allPages((NextToken) => call(() => ssoAdmin.send(new ListManagedPoliciesInPermissionSetCommand({ ...input, NextToken }))))).flatMap(
    (p) => p.AttachedManagedPolicies ?? [],
  );
  const customer = (
    await allPages((NextToken) => call(() => ssoAdmin.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand({ ...input, NextToken }))))
  ).flatMap((p) => p.CustomerManagedPolicyReferences ?? []);
  const { InlinePolicy } = await call(() => ssoAdmin.send(new GetInlinePolicyForPermissionSetCommand(input)));
  let boundary: RawPermissionSet['permissionsBoundary'] = null;
  try {
    const { PermissionsBoundary: b } = await call(() => ssoAdmin.send(new GetPermissionsBoundaryForPermissionSetCommand(input)));
    if (b?.ManagedPolicyArn || b?.CustomerManagedPolicyReference?.Name) {
      boundary = {
        ...(b.ManagedPolicyArn ? { ManagedPolicyArn: b.ManagedPolicyArn } : {}),
        ...(b.CustomerManagedPolicyReference?.Name
          ? { CustomerManagedPolicyReference: { Name: b.CustomerManagedPolicyReference.Name, Path: b.CustomerManagedPolicyReference.Path ?? '/' } }
          : {}),
      };
    }
  } catch (e) {
    // sso-admin answers "no boundary" with ResourceNotFoundException: a fact, not a failure.
    if (!has(e, 'ResourceNotFound')) throw e;
  }
  return {
    arn: PermissionSetArn,
    name: described?.Name ?? PermissionSetArn.split('/').pop() ?? PermissionSetArn,
    sessionDuration: described?.SessionDuration ?? null,
    managedPolicies: managed.flatMap((m) => (m.Arn ? [m.Arn] : [])),
    customerManagedPolicies: customer.flatMap((c) => (c.Name ? [{ name: c.Name, path: c.Path ?? '/' }] : [])),
    inlinePolicy: InlinePolicy ? InlinePolicy : null,
    permissionsBoundary: boundary,
  };
}

async function assignmentsOf(ssoAdmin: SSOAdminClient, call: Retrier, InstanceArn: string, PermissionSetArn: string): Promise<RawAccountAssignment[]> {
  const accounts = (
    await allPages((NextToken) => call(() => ssoAdmin.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn, PermissionSetArn, NextToken }))))
  ).flatMap((p) => p.AccountIds ?? []);
  const perAccount = await mapBounded(accounts, 1, async (AccountId) =>
    (await allPages((NextToken) => call(() => ssoAdmin.send(new ListAccountAssignmentsCommand({ InstanceArn, AccountId, PermissionSetArn, NextToken }))))).flatMap(
      (p) => p.AccountAssignments ?? [],
    ),
  );
  return perAccount.flat().flatMap((a) =>
    a.AccountId && a.PrincipalId && (a.PrincipalType === 'USER' || a.PrincipalType === 'GROUP')
      ? [{ permissionSetArn: a.PermissionSetArn ?? PermissionSetArn, accountId: a.AccountId, principalType: a.PrincipalType, principalId: a.PrincipalId, principalName: null }]
      : [],
  );
}

/** Names each assigned user and group once (the identity store's user name, the group's display name). */
async function nameThePrincipals(identityStore: IdentitystoreClient, call: Retrier, IdentityStoreId: string, assignments: RawAccountAssignment[]): Promise<void> {
  const keys = [...new Map(assignments.map((a) => [`${a.principalType}#${a.principalId}`, a])).values()];
  const names = new Map<string, string | null>();
  await mapBounded(keys, SSO_IN_FLIGHT, async (a) => {
    let name: string | null = null;
    try {
      name =
        a.principalType === 'USER'
          ? ((await call(() => identityStore.send(new DescribeUserCommand({ IdentityStoreId, UserId: a.principalId })))).UserName ?? null)
          : ((await call(() => identityStore.send(new DescribeGroupCommand({ IdentityStoreId, GroupId: a.principalId })))).DisplayName ?? null);
    } catch (e) {
      // A principal deleted since its assignment, or a name we may not read: the id still says who.
      if (!has(e, 'ResourceNotFound', 'AccessDenied')) throw e;
    }
    names.set(`${a.principalType}#${a.principalId}`, name);
  });
  for (const a of assignments) a.principalName = names.get(`${a.principalType}#${a.principalId}`) ?? null;
}

/**
 * `aws iam list-organizations-features`. IAM's trusted access not enabled,
 * or an organization without all features, means root credentials are not
 * managed centrally: that is the answer, not a failure. Not in an
 * organization at all: undefined.
 */
export async function collectOrganizationsFeatures(iam: IAMClient, options: { retry?: RetryOptions } = {}): Promise<RawOrganizationsFeatures | undefined> {
  const call = retrier(options.retry);
  try {
    const r = await call(() => iam.send(new ListOrganizationsFeaturesCommand({})));
    return { ...(r.OrganizationId ? { OrganizationId: r.OrganizationId } : {}), EnabledFeatures: [...(r.EnabledFeatures ?? [])] };
  } catch (e) {
    if (has(e, 'ServiceAccessNotEnabled', 'OrganizationNotInAllFeaturesMode')) return { EnabledFeatures: [] };
    if (has(e, 'OrganizationNotFound')) return undefined;
    throw e;
  }
}

/** SDK messages can run over several lines (a deserialization hint); a gap's reason is one. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

export interface OrganizationInputsResult {
  readonly raw: RawOrganizationInputs;
  /** Inputs that exist for this organization but could not be read. */
  readonly gaps: CollectionGap[];
}

/** Both organization inputs; one that fails is a gap, the other is still kept. */
export async function collectOrganizationInputs(
  clients: OrganizationInputClients,
  options: { retry?: RetryOptions; managementAccountId?: string } = {},
): Promise<OrganizationInputsResult> {
  const raw: RawOrganizationInputs = {};
  const gaps: CollectionGap[] = [];
  const [identityCenter, features] = await Promise.allSettled([
    collectIdentityCenter(clients, options),
    collectOrganizationsFeatures(clients.iam, options),
  ]);
  if (identityCenter.status === 'fulfilled') {
    if (identityCenter.value) raw.identityCenter = identityCenter.value;
  } else gaps.push({ input: 'identityCenter', reason: oneLine(describeError(identityCenter.reason)) });
  if (features.status === 'fulfilled') {
    if (features.value) raw.organizationsFeatures = features.value;
  } else gaps.push({ input: 'organizationsFeatures', reason: oneLine(describeError(features.reason)) });
  return { raw, gaps };
}
