/**
 * Choosing accounts of the store by what the organization calls them:
 * account id, OU (id or name) or account name, as `findings`, `history`
 * and `report` offer (`--account`, `--ou`, `--account-name`). Names come
 * from the organization audit's records (shared/store/organization.ts).
 */
import type { FindingChange, FindingQuery, FindingState, FindingStore, HistoryQuery } from '../store/types.js';

export interface AccountSelection {
  /** An account id. */
  readonly account?: string;
  /** An OU, by id (ou-…, r-… for the root) or by name. */
  readonly ou?: string;
  /** An account name; `*` matches any run of characters. */
  readonly name?: string;
}

export const selects = (s: AccountSelection) => Boolean(s.account || s.ou || s.name);

function nameMatcher(pattern: string): (name: string | null) => boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return (name) => name !== null && re.test(name);
}

/**
 * The accounts a selection names, or undefined when it names none in
 * particular (every account). An OU or name matches only accounts recorded
 * by an organization audit; every given criterion must hold.
 */
export async function selectAccounts(store: Pick<FindingStore, 'listAccountRecords'>, s: AccountSelection): Promise<string[] | undefined> {
  if (!selects(s)) return undefined;
  if (!s.ou && !s.name) return [s.account!];
  const matchesName = s.name ? nameMatcher(s.name) : () => true;
  const ou = s.ou?.toLowerCase();
  return (await store.listAccountRecords())
    .filter((r) => (!s.account || r.account === s.account) && (!ou || r.ouId?.toLowerCase() === ou || r.ouName?.toLowerCase() === ou) && matchesName(r.name))
    .map((r) => r.account)
    .sort();
}

/** queryFindings over the selected accounts (every account when undefined), in the store's order. */
export async function findingsIn(store: FindingStore, accounts: readonly string[] | undefined, query: FindingQuery): Promise<FindingState[]> {
  if (!accounts) return store.queryFindings(query);
  return (await Promise.all(accounts.map((account) => store.queryFindings({ ...query, account })))).flat();
}

/** queryHistory over the selected accounts, oldest first. */
export async function historyIn(store: FindingStore, accounts: readonly string[] | undefined, query: HistoryQuery): Promise<FindingChange[]> {
  if (!accounts) return store.queryHistory(query);
  const all = (await Promise.all(accounts.map((account) => store.queryHistory({ ...query, account })))).flat();
  // A stable sort by time: rows of one time keep the store's order (its keys sort them by finding and version).
  return all.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
