/**
 * AWS calls of a full live audit (collectAccount) of a generated account,
 * counted through the mocked API, beside what an audit asking per user and
 * per role would need for the same facts.
 */
import { collectAccount } from '../shared/collect/account.js';
import { countingClients } from '../shared/collect/counting.js';
import type { RawSnapshot } from '../shared/snapshot/types.js';
import { IAM_MAX_PAGE, serveAccount } from './fake-aws-api.js';

export interface FullAuditCalls {
  readonly total: number;
  /** Calls per operation, e.g. { GetAccountAuthorizationDetails: 26, … }. */
  readonly byOperation: Record<string, number>;
  /** Inputs the collection could not read (none expected: the mock serves them all). */
  readonly gaps: readonly string[];
}

export async function countFullAuditCalls(raw: RawSnapshot): Promise<FullAuditCalls> {
  const api = serveAccount(raw);
  try {
    const counting = countingClients(api.clients);
    // No real waiting between credential report polls: the count is the point, not the wall time.
    const collected = await collectAccount(counting.clients, { sleep: async () => {} });
    const byOperation = Object.fromEntries(Object.entries(counting.counts()).sort(([a], [b]) => a.localeCompare(b)));
    return { total: counting.total(), byOperation, gaps: collected.gaps.map((g) => `${g.input}: ${g.reason}`) };
  } finally {
    api.restore();
  }
}

export interface PerUserApproachCalls {
  readonly total: number;
  readonly formula: string;
}

/** Operations a per-entity audit asks for every user and for every role. */
export const PER_USER_OPERATIONS = ['ListMFADevices', 'ListAttachedUserPolicies', 'ListUserPolicies', 'ListGroupsForUser', 'ListAccessKeys'] as const;
export const PER_ROLE_OPERATIONS = ['ListAttachedRolePolicies', 'ListRolePolicies'] as const;

/**
 * An audit that walks the account entity by entity: ListUsers and ListRoles
 * pages (1000 per page) to enumerate, then the per-user and per-role calls
 * above. A lower bound: fetching each inline policy and each managed policy
 * version would add more on top.
 */
export function perUserApproachCalls(users: number, roles: number): PerUserApproachCalls {
  const listUsers = Math.ceil(users / IAM_MAX_PAGE);
  const listRoles = Math.ceil(roles / IAM_MAX_PAGE);
  const total = listUsers + PER_USER_OPERATIONS.length * users + listRoles + PER_ROLE_OPERATIONS.length * roles;
  return {
    total,
    formula:
      `ceil(users/${IAM_MAX_PAGE}) ListUsers + ${PER_USER_OPERATIONS.length}·users (${PER_USER_OPERATIONS.join(', ')}) + ` +
      `ceil(roles/${IAM_MAX_PAGE}) ListRoles + ${PER_ROLE_OPERATIONS.length}·roles (${PER_ROLE_OPERATIONS.join(', ')}) = ` +
      `${listUsers} + ${PER_USER_OPERATIONS.length}·${users} + ${listRoles} + ${PER_ROLE_OPERATIONS.length}·${roles}`,
  };
}
