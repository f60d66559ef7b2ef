/**
 * What the HTML report shows, gathered from a finding store: current
 * findings, run summaries for the trend, recent changes and detections, and
 * the catalog's coverage as of the latest audit. Gathering (queries) is kept
 * apart from assembling (pure), so the page can be rendered from fixtures.
 */
import { CHECKS } from '../../shared/checks/index.js';
import { DETECTION_RULES } from '../../shared/detections/index.js';
import { SEVERITIES, type Reference, type Severity } from '../../shared/model.js';
import { isOrganizationInput } from '../../shared/snapshot/organization.js';
import type { AccountRecord, FindingChange, FindingState, FindingStore, RunSummary, StoredDetection } from '../../shared/store/types.js';

export interface ReportAccount {
  readonly account: string;
  readonly alias: string | null;
}

/** One account of the report's table of accounts (an organization's report opens with it). */
export interface AccountRow extends ReportAccount {
  /** The organization's name for it and its OU, where an organization audit recorded them. */
  readonly name: string | null;
  readonly ouName: string | null;
  readonly open: Record<Severity, number>;
  /** Evaluation time of its latest full audit. */
  readonly lastAuditAt: string | null;
  /** Organization audits that could not read it, in all and in a row, and the latest one's reason. */
  readonly failedAudits: number;
  readonly consecutiveFailures: number;
  readonly lastFailedAt: string | null;
  readonly lastFailureReason: string | null;
}

/** A check or rule as the report describes it: the metadata beside its logic. */
export interface CatalogEntry {
  readonly kind: 'check' | 'detection';
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly practice: string;
  readonly remediation: string;
  readonly references: readonly Reference[];
  /** Snapshot inputs a check reads; empty for detection rules. */
  readonly inputs: readonly string[];
}

/** 'organization': an organization check, run with the management account's audit (scan --org, the hub). */
export type CoverageStatus = 'evaluated' | 'skipped' | 'not-selected' | 'not-run' | 'organization';

export interface CoverageRow {
  readonly entry: CatalogEntry;
  /**
   * Checks: evaluated by the latest audit of every account, skipped (an
   * input was not collected) in at least one, or not run yet (no audit).
   * Detection rules are always 'evaluated': they run on every event.
   */
  readonly status: CoverageStatus;
  /** Inputs the latest audit could not collect, for a skipped check. */
  readonly missingInputs: readonly string[];
  /** Open findings of the check, or detections of the rule in the report. */
  readonly count: number;
}

/** The recent end of a timeline, newest first. */
export interface RecentItems<T> {
  readonly items: readonly T[];
  /** Items within `days` before the report time. */
  readonly inWindow: number;
  readonly days: number;
  /** True when older items were added because the window held fewer than `atLeast`. */
  readonly extended: boolean;
  /** True when items of the window were left out to stay under `atMost`. */
  readonly truncated: boolean;
}

export interface ReportData {
  readonly generatedAt: string;
  readonly accounts: readonly ReportAccount[];
  /** Every account with its open findings, last audit and failed audits, in account order. */
  readonly accountRows: readonly AccountRow[];
  /** Evaluation time of the latest full audit (scan run); null before the first. */
  readonly lastAuditAt: string | null;
  /** Most severe first, then by check and resource. */
  readonly openFindings: readonly FindingState[];
  readonly suppressedFindings: readonly FindingState[];
  /** Scan and targeted runs, oldest first: the trend of open findings. */
  readonly runs: readonly RunSummary[];
  readonly changes: RecentItems<FindingChange>;
  readonly detections: RecentItems<StoredDetection>;
  readonly coverage: { readonly checks: readonly CoverageRow[]; readonly rules: readonly CoverageRow[] };
  /** Every check and rule, for titles and remediations of the findings shown. */
  readonly catalog: readonly CatalogEntry[];
}

export interface RecentWindow {
  /** Days before the report time that count as recent. */
  readonly days: number;
  /** Shown even when older than `days`, so a quiet month still shows what happened last. */
  readonly atLeast: number;
  /** Never more than this many rows. */
  readonly atMost: number;
}

export const DEFAULT_RECENT_WINDOW: RecentWindow = { days: 30, atLeast: 20, atMost: 200 };

export const CATALOG_ENTRIES: readonly CatalogEntry[] = [
  ...CHECKS.map((c): CatalogEntry => ({ ...metadataOf(c), kind: 'check', inputs: c.inputs })),
  ...DETECTION_RULES.map((r): CatalogEntry => ({ ...metadataOf(r), kind: 'detection', inputs: [] })),
];

function metadataOf(m: Omit<CatalogEntry, 'kind' | 'inputs'>): Omit<CatalogEntry, 'kind' | 'inputs'> {
  return { id: m.id, title: m.title, severity: m.severity, practice: m.practice, remediation: m.remediation, references: m.references };
}

const DAY_MS = 86_400_000;

export interface ReportInput {
  readonly now: Date;
  /** Accounts to name in the header; accounts seen in the data but absent here are added without alias. */
  readonly accounts?: readonly ReportAccount[];
  readonly findings: readonly FindingState[];
  readonly runs: readonly RunSummary[];
  /** Any order. */
  readonly history: readonly FindingChange[];
  /** Any order. */
  readonly detections: readonly StoredDetection[];
  readonly catalog?: readonly CatalogEntry[];
  readonly window?: Partial<RecentWindow>;
  /** The organization audit's records of the accounts (names, OUs, failed audits). */
  readonly records?: readonly AccountRecord[];
}

/** Pure: orders, windows and summarizes what the queries returned. */
export function assembleReportData(input: ReportInput): ReportData {
  const now = input.now.getTime();
  const window = { ...DEFAULT_RECENT_WINDOW, ...input.window };
  const catalog = input.catalog ?? CATALOG_ENTRIES;
  const notAfterNow = (iso: string) => Date.parse(iso) <= now;

  const runs = input.runs.filter((r) => r.kind !== 'detect' && notAfterNow(r.at)).sort((a, b) => compare(a.at, b.at) || compare(a.account, b.account));
  const openFindings = input.findings.filter((f) => f.status === 'open').sort(bySeverityCheckResource);
  const suppressedFindings = input.findings.filter((f) => f.status === 'suppressed').sort(bySeverityCheckResource);
  const changes = recent(input.history.filter((c) => notAfterNow(c.at)), (c) => c.at, now, window);
  const detections = recent(input.detections.filter((d) => notAfterNow(d.eventTime)), (d) => d.eventTime, now, window);

  const latestScans = latestScanPerAccount(runs);
  const lastAuditAt = latestScans.reduce<string | null>((latest, r) => (latest === null || r.at > latest ? r.at : latest), null);

  const accounts = accountsOf(input, runs);
  return {
    generatedAt: input.now.toISOString(),
    accounts,
    accountRows: accountRowsOf(accounts, input.records ?? [], openFindings, latestScans),
    lastAuditAt,
    openFindings,
    suppressedFindings,
    runs,
    changes,
    detections,
    coverage: coverageOf(catalog, latestScans, openFindings, detections.items),
    catalog,
  };
}

function accountsOf(input: ReportInput, runs: readonly RunSummary[]): ReportAccount[] {
  const named = new Map((input.accounts ?? []).map((a) => [a.account, a]));
  const seen = [
    ...runs.map((r) => r.account),
    ...input.findings.map((f) => f.account),
    ...input.detections.map((d) => d.account),
    // An account an organization audit could never read has no run, only its record.
    ...(input.records ?? []).map((r) => r.account),
  ];
  for (const account of seen) if (!named.has(account)) named.set(account, { account, alias: null });
  return [...named.values()].sort((a, b) => compare(a.account, b.account));
}

function accountRowsOf(
  accounts: readonly ReportAccount[],
  records: readonly AccountRecord[],
  open: readonly FindingState[],
  latestScans: readonly RunSummary[],
): AccountRow[] {
  const recordOf = new Map(records.map((r) => [r.account, r]));
  const scanOf = new Map(latestScans.map((r) => [r.account, r]));
  const extra = records.filter((r) => !accounts.some((a) => a.account === r.account)).map((r) => ({ account: r.account, alias: null }));
  return [...accounts, ...extra]
    .sort((a, b) => compare(a.account, b.account))
    .map((a) => {
      const record = recordOf.get(a.account);
      const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
      for (const f of open) if (f.account === a.account) counts[f.severity]++;
      const scanned = scanOf.get(a.account)?.at ?? null;
      const recorded = record?.lastAuditAt ?? null;
      return {
        ...a,
        name: record?.name ?? null,
        ouName: record?.ouName ?? null,
        open: counts,
        lastAuditAt: scanned && recorded ? (scanned > recorded ? scanned : recorded) : (scanned ?? recorded),
        failedAudits: record?.failedAudits ?? 0,
        consecutiveFailures: record?.consecutiveFailures ?? 0,
        lastFailedAt: record?.lastFailedAt ?? null,
        lastFailureReason: record?.lastFailureReason ?? null,
      };
    });
}

function latestScanPerAccount(runs: readonly RunSummary[]): RunSummary[] {
  const latest = new Map<string, RunSummary>();
  for (const run of runs) if (run.kind === 'scan') latest.set(run.account, run);
  return [...latest.values()];
}

/** The checks each account's audit runs: organization checks run once per organization, so they are not among them. */
export function accountCheckRows(checks: readonly CoverageRow[]): CoverageRow[] {
  return checks.filter((row) => !row.entry.inputs.some(isOrganizationInput));
}

function coverageOf(
  catalog: readonly CatalogEntry[],
  latestScans: readonly RunSummary[],
  open: readonly FindingState[],
  detections: readonly StoredDetection[],
): ReportData['coverage'] {
  const count = (ids: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  };
  const openByCheck = count(open.map((f) => f.checkId));
  const detectionsByRule = count(detections.map((d) => d.ruleId));
  const gaps = new Set(latestScans.flatMap((r) => r.collectionGaps));
  // Left out by a selection in every account's latest audit: it did not run, whatever its inputs.
  const notSelected = (id: string) => latestScans.length > 0 && latestScans.every((r) => r.notSelectedChecks?.includes(id));

  const checks = catalog
    .filter((e) => e.kind === 'check')
    .map((entry): CoverageRow => {
      const missingInputs = entry.inputs.filter((i) => gaps.has(i));
      // Whether an organization check ran is not recorded per run: it runs where its inputs are, with the management account.
      const organization = entry.inputs.some(isOrganizationInput) && missingInputs.length === 0 && latestScans.length > 0;
      const status: CoverageStatus =
        latestScans.length === 0 ? 'not-run' : notSelected(entry.id) ? 'not-selected' : missingInputs.length > 0 ? 'skipped' : organization ? 'organization' : 'evaluated';
      return { entry, status, missingInputs, count: openByCheck.get(entry.id) ?? 0 };
    });
  const rules = catalog
    .filter((e) => e.kind === 'detection')
    .map((entry): CoverageRow => ({ entry, status: 'evaluated', missingInputs: [], count: detectionsByRule.get(entry.id) ?? 0 }));
  return { checks, rules };
}

/** Newest first: everything of the last `days`, at least `atLeast` items, at most `atMost`. */
export function recent<T>(items: readonly T[], timeOf: (item: T) => string, now: number, window: RecentWindow): RecentItems<T> {
  const newestFirst = [...items].sort((a, b) => compare(timeOf(b), timeOf(a)));
  const since = now - window.days * DAY_MS;
  const inWindow = newestFirst.filter((i) => Date.parse(timeOf(i)) >= since).length;
  const shown = Math.min(Math.max(inWindow, Math.min(window.atLeast, newestFirst.length)), window.atMost);
  return {
    items: newestFirst.slice(0, shown),
    inWindow,
    days: window.days,
    extended: shown > inWindow,
    truncated: shown < inWindow,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const bySeverityCheckResource = (a: FindingState, b: FindingState) =>
  SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
  compare(a.checkId, b.checkId) ||
  compare(a.resource, b.resource) ||
  compare(a.qualifier ?? '', b.qualifier ?? '');

/** The store's read side; `listAccounts` and `listAccountRecords`, where a backend has them, name accounts (aliases, organization names). */
export type ReportStore = Pick<FindingStore, 'queryFindings' | 'queryHistory' | 'queryDetections' | 'listRuns'> & {
  listAccounts?(): Promise<readonly ReportAccount[]>;
  listAccountRecords?(): Promise<readonly AccountRecord[]>;
};

export interface CollectOptions {
  /** Only this account; omitted: every account in the store. */
  readonly account?: string;
  /** Only these accounts (an OU's, chosen by name: shared/pipeline/org-select.ts); omitted: every account. */
  readonly only?: readonly string[];
  /** The report time: nothing later is shown, ages count from it. */
  readonly now: Date;
  /** Aliases to show for accounts (the store's run summaries do not carry them). */
  readonly accounts?: readonly ReportAccount[];
  readonly window?: Partial<RecentWindow>;
}

export async function collectReportData(store: ReportStore, options: CollectOptions): Promise<ReportData> {
  const window = { ...DEFAULT_RECENT_WINDOW, ...options.window };
  const until = options.now.toISOString();
  const since = new Date(options.now.getTime() - window.days * DAY_MS).toISOString();
  // One account, a chosen few (each queried on its own), or every account.
  const chosen = options.only ?? (options.account === undefined ? undefined : [options.account]);
  const each = async <T>(query: (account: { account?: string }) => Promise<T[]>): Promise<T[]> =>
    chosen ? (await Promise.all(chosen.map((account) => query({ account })))).flat() : query({});

  // A quiet window still shows the last few items: only then is the whole timeline read.
  const recentOrLast = async <T>(query: (range: { since?: string; until: string }) => Promise<T[]>): Promise<T[]> => {
    const inWindow = await query({ since, until });
    return inWindow.length >= window.atLeast ? inWindow : query({ until });
  };

  const [open, suppressed, runs, history, detections, listed, records] = await Promise.all([
    each((a) => store.queryFindings({ status: 'open', ...a })),
    each((a) => store.queryFindings({ status: 'suppressed', ...a })),
    each((a) => store.listRuns({ until, ...a })),
    recentOrLast((range) => each((a) => store.queryHistory({ ...range, ...a }))),
    recentOrLast((range) => each((a) => store.queryDetections({ ...range, ...a }))),
    store.listAccounts ? store.listAccounts() : Promise.resolve([]),
    store.listAccountRecords ? store.listAccountRecords() : Promise.resolve([]),
  ]);

  const isChosen = (account: string) => chosen === undefined || chosen.includes(account);
  const named = new Map<string, ReportAccount>(listed.map((a) => [a.account, a]));
  for (const a of options.accounts ?? []) if (a.alias !== null || !named.has(a.account)) named.set(a.account, a);
  const accounts = [...named.values()].filter((a) => isChosen(a.account));

  return assembleReportData({
    now: options.now,
    accounts,
    findings: [...open, ...suppressed],
    runs,
    history,
    detections,
    window,
    records: records.filter((r) => isChosen(r.account)),
  });
}
