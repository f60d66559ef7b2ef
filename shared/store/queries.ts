/**
 * The store's read side: findings, history, detections, runs and accounts,
 * each one Query on the most selective key the filter offers.
 */
import type { FindingChange, FindingState, RunSummary, StoredDetection } from '../findings/types.js';
import { SEVERITIES } from '../model.js';
import { changeFromItem, detectionFromItem, runFromItem, runStatusOf, stateFromItem, type Item } from './items.js';
import { accountKey, detectionKey, historyKey, isoKey, runKey, stateKey, timeWindow } from './keys.js';
import type { TableReader } from './read.js';
import { INDEX } from './table.js';
import type { FindingQuery, HistoryQuery } from './types.js';

const bySortKey = (a: Item, b: Item) => compare(String(a.sk), String(b.sk));
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The states on one resource, read consistently. */
export async function statesOnResource(reader: TableReader, account: string, resource: string): Promise<FindingState[]> {
  const items = await reader.partition(null, stateKey.pk(account), { prefix: stateKey.resourcePrefix(resource) }, { consistent: true });
  // The prefix can also match a longer resource name that contains "#"; keep exact matches only.
  return items.map(stateFromItem).filter((s) => s.resource === resource);
}

export class FindingQueries {
  constructor(private readonly reader: TableReader) {}

  async findings(query: FindingQuery): Promise<FindingState[]> {
    const status = query.status === 'all' ? undefined : query.status;
    const perAccount = await Promise.all((await this.accountsFor(query.account)).map((a) => this.findingsOf(a, { ...query, status })));
    return perAccount
      .flat()
      .filter(
        (s) =>
          (!status || s.status === status) &&
          (!query.severity || s.severity === query.severity) &&
          (!query.checkId || s.checkId === query.checkId) &&
          (!query.resource || s.resource === query.resource),
      )
      .sort(
        (a, b) =>
          SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
          compare(a.checkId, b.checkId) ||
          compare(a.resource, b.resource) ||
          compare(a.qualifier ?? '', b.qualifier ?? '') ||
          compare(a.account, b.account),
      );
  }

  /** One Query on the most selective key the filter offers; the caller filters the rest. */
  private async findingsOf(account: string, query: FindingQuery & { status?: FindingState['status'] }): Promise<FindingState[]> {
    if (query.resource) return statesOnResource(this.reader, account, query.resource);
    if (query.checkId) {
      const prefix = stateKey.checkStatusPrefix(query.status);
      return (await this.reader.partition(INDEX.byCheck, stateKey.checkPk(account, query.checkId), { prefix })).map(stateFromItem);
    }
    if (query.status) {
      const prefix = query.severity ? stateKey.severityPrefix(query.severity) : undefined;
      return (await this.reader.partition(INDEX.byStatus, stateKey.statusPk(account, query.status), prefix ? { prefix } : {})).map(stateFromItem);
    }
    return (await this.reader.partition(null, stateKey.pk(account))).map(stateFromItem);
  }

  async history(query: HistoryQuery): Promise<FindingChange[]> {
    const window = timeWindow('', query.since, query.until);
    const perAccount = await Promise.all(
      (await this.accountsFor(query.account)).map(async (account) => {
        if (query.resource) {
          const items = await this.reader.partition(INDEX.byResource, historyKey.resourcePk(account, query.resource), { window });
          return items.filter((i) => !query.checkId || i.checkId === query.checkId);
        }
        if (query.checkId) {
          return this.reader.partition(INDEX.byCheck, stateKey.checkPk(account, query.checkId), {
            window: timeWindow(historyKey.checkPrefix, query.since, query.until),
          });
        }
        return this.reader.partition(null, historyKey.pk(account), { window });
      }),
    );
    return perAccount.flat().sort(bySortKey).map(changeFromItem);
  }

  async detections(query: { since?: string; until?: string; account?: string }): Promise<StoredDetection[]> {
    const perAccount = await Promise.all(
      (await this.accountsFor(query.account)).map((account) =>
        this.reader.partition(INDEX.byTime, detectionKey.timePk(account), { window: timeWindow('', query.since, query.until) }),
      ),
    );
    return perAccount
      .flat()
      .sort((a, b) => compare(String(a[INDEX.byTime.sort]), String(b[INDEX.byTime.sort])))
      .map(detectionFromItem);
  }

  /** Complete runs only: a large run still being applied from its journal is not part of the trend yet. */
  async runs(query: { since?: string; until?: string; account?: string }): Promise<RunSummary[]> {
    const perAccount = await Promise.all(
      (await this.accountsFor(query.account)).map((account) =>
        this.reader.partition(null, runKey.pk(account), { window: timeWindow('', query.since, query.until) }),
      ),
    );
    // Runs of several accounts at one time: account order, not the random runId's.
    return perAccount
      .flat()
      .filter((i) => runStatusOf(i) === 'complete')
      .sort((a, b) => compare(isoKey(String(a.at)), isoKey(String(b.at))) || compare(String(a.account), String(b.account)) || bySortKey(a, b))
      .map(runFromItem);
  }

  async accounts(): Promise<{ account: string; alias: string | null }[]> {
    const items = await this.reader.partition(null, accountKey.pk);
    return items.map((i) => ({ account: String(i.account), alias: typeof i.alias === 'string' ? i.alias : null }));
  }

  async accountIds(): Promise<string[]> {
    return (await this.accounts()).map((a) => a.account);
  }

  private async accountsFor(account: string | undefined): Promise<string[]> {
    return account ? [account] : this.accountIds();
  }
}
