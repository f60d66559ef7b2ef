/**
 * The organization's side of collection: its accounts (ListAccounts, with
 * each account's name and OU from ListParents and DescribeOrganizationalUnit)
 * and clients that act inside one member account through its audit role.
 * Calls within one account are serial (IAM throttles per account, so more
 * at once only buys throttling); accounts run in parallel, bounded by the
 * caller (shared/pipeline/org-scan.ts, the hub's Distributed Map).
 */
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListParentsCommand,
  OrganizationsClient,
  type Account,
} from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { CLIENT_RETRY, configuredRegion, createClients, type AwsClients } from './clients.js';
import { accessThroughAuditRole, type MemberClients, type OrganizationAccess, type OrganizationAccessOptions as AccessOptions } from './organization-access.js';
import { retrier, type Retrier, type RetryOptions } from './retry.js';

export { DEFAULT_AUDIT_ROLE, serialClient, type AccountAccess, type OrganizationAccess } from './organization-access.js';

/** Where an account sits: its parent OU (or the root, with ouName "Root"). */
export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, … : only ACTIVE accounts are audited. */
  readonly status: string;
  readonly ouId: string | null;
  readonly ouName: string | null;
}

export interface OrganizationListing {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** In ListAccounts order. */
  readonly accounts: readonly OrganizationAccount[];
}

export const isActive = (a: Pick<OrganizationAccount, 'status'>) => a.status === 'ACTIVE';

/** ListParents calls at once: Organizations allows a few requests per second per account. */
const PARENT_LOOKUPS_IN_FLIGHT = 4;

export interface ListOrganizationOptions {
  readonly retry?: RetryOptions;
  /** Only these accounts (ids); the others are not looked up at all. */
  readonly only?: ReadonlySet<string>;
}

/**
 * The organization and its accounts, with the caller's credentials (the
 * management account, or a delegated administrator of Organizations).
 */
export async function listOrganization(organizations: OrganizationsClient, options: ListOrganizationOptions = {}): Promise<OrganizationListing> {
  const call = retrier(options.retry);
  const { Organization: org } = await call(() => organizations.send(new DescribeOrganizationCommand({})));
  if (!org?.Id || !org.MasterAccountId) throw new Error('DescribeOrganization returned no organization id or management account');

  const listed: Account[] = [];
  let token: string | undefined;
  do {
    const page = await call(() => organizations.send(new ListAccountsCommand({ NextToken: token })));
    listed.push(...(page.Accounts ?? []));
    token = page.NextToken;
  } while (token);

  const wanted = listed.filter((a) => a.Id && (!options.only || options.only.has(a.Id)));
  const ouNames = new Map<string, Promise<string | null>>();
  const accounts = await mapBounded(wanted, PARENT_LOOKUPS_IN_FLIGHT, async (a): Promise<OrganizationAccount> => {
    const parent = await parentOf(organizations, call, a.Id!, ouNames);
    return { id: a.Id!, name: a.Name ?? a.Id!, status: String(a.State ?? a.Status ?? 'UNKNOWN').toUpperCase(), ...parent };
  });
  return { organizationId: org.Id, managementAccountId: org.MasterAccountId, accounts };
}

async function parentOf(
  organizations: OrganizationsClient,
  call: Retrier,
  accountId: string,
  ouNames: Map<string, Promise<string | null>>,
): Promise<Pick<OrganizationAccount, 'ouId' | 'ouName'>> {
  const { Parents } = await call(() => organizations.send(new ListParentsCommand({ ChildId: accountId })));
  const parent = Parents?.[0];
  if (!parent?.Id) return { ouId: null, ouName: null };
  if (parent.Type === 'ROOT') return { ouId: parent.Id, ouName: 'Root' };
  let name = ouNames.get(parent.Id);
  if (!name) {
    name = call(() => organizations.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parent.Id })))
      .then((r) => r.OrganizationalUnit?.Name ?? null)
      // The OU's name is a label: an account is still audited, by OU id, when it cannot be read.
      .catch(() => null);
    ouNames.set(parent.Id, name);
  }
  return { ouId: parent.Id, ouName: await name };
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

// ---------------------------------------------------------------- one member account

export interface OrganizationAccessOptions extends AccessOptions {
  /** For tests and the benchmark: the clients of an account given its credentials (default real SDK clients). */
  readonly clientsFor?: (account: string, credentials: AwsCredentialIdentityProvider) => AwsClients & { close?(): void };
}

/** Real IAM and CloudTrail clients of one account (region as configured; CloudTrail per region on demand). */
function sdkClientsFor(_account: string, credentials: AwsCredentialIdentityProvider): AwsClients & { close(): void } {
  const made: { destroy(): void }[] = [];
  const keep = <C extends { destroy(): void }>(c: C) => (made.push(c), c);
  const regional = new Map<string, CloudTrailClient>();
  const clients = createClients({
    iam: keep(new IAMClient({ region: configuredRegion, credentials, ...CLIENT_RETRY })),
    cloudTrail: keep(new CloudTrailClient({ region: configuredRegion, credentials, ...CLIENT_RETRY })),
    cloudTrailIn: (region) => {
      let c = regional.get(region);
      if (!c) regional.set(region, (c = keep(new CloudTrailClient({ region, credentials, ...CLIENT_RETRY }))));
      return c;
    },
    accessAnalyzer: keep(new AccessAnalyzerClient({ region: configuredRegion, credentials, ...CLIENT_RETRY })),
    account: keep(new AccountClient({ region: configuredRegion, credentials, ...CLIENT_RETRY })),
  });
  return Object.assign(clients, { close: () => made.forEach((c) => c.destroy()) });
}

/** Every client a full audit of a member account reads with, each one call at a time. */
function auditClients(make: MemberClients<AwsClients>['make']): MemberClients<AwsClients> {
  return {
    make,
    serialized: (inner, serial) => ({
      get iam() {
        return serial(inner.iam);
      },
      get cloudTrail() {
        return serial(inner.cloudTrail);
      },
      cloudTrailIn: (region) => serial(inner.cloudTrailIn(region)),
      get accessAnalyzer() {
        return serial(inner.accessAnalyzer);
      },
      get account() {
        return serial(inner.account);
      },
    }),
  };
}

/** Access to member accounts through their audit role, with the caller's credentials, for full audits. */
export function organizationAccess(options: OrganizationAccessOptions = {}): OrganizationAccess {
  return accessThroughAuditRole(auditClients(options.clientsFor ?? sdkClientsFor), options);
}

export function organizationsClient(): OrganizationsClient {
  return new OrganizationsClient({ region: configuredRegion, ...CLIENT_RETRY });
}
