/**
 * `scan --org` and `snapshot --org`: every ACTIVE account of the
 * organization, with management or delegated administrator credentials
 * (design.md "Organization"). The work is shared/pipeline/org-scan.ts; this
 * file reads the options and prints.
 */
import { organizationInputClients, collectOrganizationInputs } from '../../shared/collect/organization-inputs.js';
import { DEFAULT_AUDIT_ROLE, listOrganization, organizationAccess, organizationsClient } from '../../shared/collect/organization.js';
import { UsageError } from '../../shared/errors.js';
import { atLeast, type Severity } from '../../shared/model.js';
import { DEFAULT_CONCURRENCY, scanOrganization, snapshotOrganization, targetAccounts, type OrgRunOptions, type OrgRunResult } from '../../shared/pipeline/org-scan.js';
import { options, stringOption, type Format, type Parsed } from '../args.js';
import type { Config } from '../../shared/config/schema.js';
import { openStore, sinksFrom, storeKindFrom } from '../context.js';
import { organizationCsv, organizationFindings, organizationJson, organizationTable } from '../format/organization.js';
import { log, out, printJson, stdoutStyle, type Io } from '../io.js';
import { orgProgress } from '../org-progress.js';
import { withStep } from '../progress.js';
import { reportRun } from './run-report.js';

const roleNameProblem = (value: string) => (/^[\w+=,.@/-]{1,64}$/.test(value) ? undefined : `expected an IAM role name (got "${value}")`);
const accountIdProblem = (value: string) => (/^\d{12}$/.test(value) ? undefined : `expected 12-digit account ids (got "${value}")`);
const concurrencyProblem = (value: string) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 256 ? undefined : `expected a whole number from 1 to 256 (got "${value}")`;
};

/** The options `scan` and `snapshot` take for --org. */
export const ORG_OPTIONS = options({
  org: { type: 'boolean', group: 'source', description: 'every ACTIVE account of the organization, each through its audit role (management or delegated administrator credentials; README "Running for an organization")' },
  'role-name': { type: 'string', valueName: 'NAME', validate: roleNameProblem, description: 'with --org: the audit role assumed in each account', defaultText: DEFAULT_AUDIT_ROLE },
  accounts: { type: 'string', valueName: 'ID', list: true, validate: accountIdProblem, description: 'with --org: only these account ids, comma-separated', defaultText: 'every ACTIVE account' },
  concurrency: { type: 'string', valueName: 'N', validate: concurrencyProblem, description: 'with --org: accounts read at once (calls stay serial within an account)', defaultText: String(DEFAULT_CONCURRENCY) },
  'identity-center-region': { type: 'string', valueName: 'REGION', description: 'with --org: the Identity Center home Region', defaultText: 'the configured Region' },
});

/** The formats `scan --org` prints. */
export const ORG_FORMATS = ['table', 'json', 'csv'] as const;

export interface OrgSettings {
  readonly roleName: string;
  readonly only?: string[];
  readonly concurrency: number;
  readonly identityCenterRegion?: string;
}

export function orgSettings(command: string, parsed: Parsed): OrgSettings {
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  for (const flag of ['role-name', 'accounts', 'concurrency', 'identity-center-region']) {
    if (v[flag] !== undefined && !v.org) throw new UsageError(`${command}: --${flag} goes with --org`);
  }
  const only = v.accounts as string[] | undefined;
  const identityCenterRegion = stringOption(v['identity-center-region']);
  return {
    roleName: String(v['role-name'] ?? DEFAULT_AUDIT_ROLE),
    concurrency: Number(v.concurrency ?? DEFAULT_CONCURRENCY),
    ...(only ? { only: [...new Set(only)] } : {}),
    ...(identityCenterRegion ? { identityCenterRegion } : {}),
  };
}

/** The organization, its member-account access and its organization inputs, from the caller's credentials. */
async function organizationContext(io: Io, settings: OrgSettings) {
  const organizations = organizationsClient();
  try {
    const listing = await withStep(
      io,
      'Listing the organization',
      () => listOrganization(organizations, settings.only ? { only: new Set(settings.only) } : {}),
      (l) => `${l.accounts.length} account${l.accounts.length === 1 ? '' : 's'} in ${l.organizationId}`,
    );
    return listing;
  } finally {
    organizations.destroy();
  }
}

/**
 * Lists the organization, then runs `work` over its accounts with the
 * progress display (stopped whatever happens) and the organization inputs
 * read from the caller's own credentials for the management account.
 */
async function overOrganization(
  io: Io,
  settings: OrgSettings,
  label: string,
  sessionName: string,
  work: (o: OrgRunOptions) => Promise<OrgRunResult>,
): Promise<OrgRunResult> {
  const inputClients = organizationInputClients(settings.identityCenterRegion);
  const access = organizationAccess({ roleName: settings.roleName, sessionName });
  try {
    const listing = await organizationContext(io, settings);
    const progress = orgProgress(io, label, targetAccounts(listing, settings.only).length);
    try {
      return await work({
        listing,
        access,
        concurrency: settings.concurrency,
        ...(settings.only ? { only: settings.only } : {}),
        organizationInputs: () => collectOrganizationInputs(inputClients, { managementAccountId: listing.managementAccountId }),
        onProgress: progress.onProgress,
      });
    } finally {
      progress.stop();
    }
  } finally {
    access.close();
    inputClients.close();
  }
}

function logFailures(io: Io, result: OrgRunResult): void {
  for (const o of result.outcomes) {
    if (o.status === 'failed') log(io, `iam-sentinel: account ${o.account.id} (${o.account.name}) not scanned: ${o.reason}`);
  }
  const management = result.outcomes.find((o) => o.account.id === result.managementAccountId);
  if (!management || management.status !== 'scanned') {
    log(io, `iam-sentinel: organization checks not run: the management account ${result.managementAccountId} was not scanned${management?.reason ? ` (${management.reason})` : ''}`);
  }
}

export async function scanOrganizationCommand(parsed: Parsed, io: Io, settings: OrgSettings, o: { config: Config; format: Format; failOn?: Severity; now: Date }): Promise<number> {
  const { config } = o;
  const store = await openStore('scan', parsed, io, storeKindFrom('scan', parsed, 'none'), config);
  try {
    const sinks = sinksFrom('scan', parsed, io, store);
    const result = await overOrganization(io, settings, 'Scanning the organization', 'iam-sentinel-scan', (run) =>
      scanOrganization({ ...run, config, now: o.now, ...(store ? { store } : {}), sinks }),
    );

    const inputErrors = result.outcomes.flatMap((a) => a.inputErrors ?? []);
    for (const e of inputErrors) log(io, `iam-sentinel: ${e.message}`);
    for (const a of result.outcomes) {
      for (const g of a.evaluation?.gaps ?? []) log(io, `iam-sentinel: account ${a.account.id}: ${g.input} not collected: ${g.reason}`);
    }
    logFailures(io, result);

    const evaluatedAt = o.now.toISOString();
    if (o.format === 'json') printJson(io, organizationJson(result, evaluatedAt));
    else if (o.format === 'csv') out(io, organizationCsv(result));
    else out(io, organizationTable(result, evaluatedAt, stdoutStyle(io)));
    if (store) {
      const runs = result.outcomes.flatMap((a) => (a.applied ? [a.applied.run] : []));
      const sum = (k: 'opened' | 'reopened' | 'resolved' | 'suppressed') => runs.reduce((n, r) => n + r[k], 0);
      const delivered = result.outcomes.reduce((n, a) => n + (a.delivery?.delivered ?? 0), 0);
      log(io, `iam-sentinel: ${runs.length} account${runs.length === 1 ? '' : 's'} recorded: ${sum('opened')} opened, ${sum('reopened')} reopened, ${sum('resolved')} resolved, ${sum('suppressed')} suppressed${sinks.length ? `; ${delivered} notification${delivered === 1 ? '' : 's'} sent` : ''}`);
      const pending = result.outcomes.filter((a) => a.delivery?.failed);
      for (const a of pending) reportRun(io, undefined, a.delivery);
    }

    if (!result.outcomes.some((a) => a.status === 'scanned')) return 3;
    if (inputErrors.length > 0) return 2;
    if (o.failOn && organizationFindings(result).some((f) => atLeast(f.severity, o.failOn!))) return 1;
    return 0;
  } finally {
    await store?.close();
  }
}

export async function snapshotOrganizationCommand(io: Io, settings: OrgSettings, dir: string): Promise<number> {
  const result = await overOrganization(io, settings, 'Collecting the organization', 'iam-sentinel-snapshot', (run) => snapshotOrganization({ ...run, out: dir }));
  const written = result.outcomes.filter((a) => a.status === 'scanned');
  for (const a of result.outcomes) {
    if (a.status === 'failed') log(io, `iam-sentinel: account ${a.account.id} (${a.account.name}) not collected: ${a.reason}`);
    if (a.status === 'skipped') log(io, `iam-sentinel: account ${a.account.id} (${a.account.name}) skipped: ${a.reason}`);
    for (const g of a.gaps ?? []) log(io, `iam-sentinel: account ${a.account.id}: ${g.input} not collected: ${g.reason} (no file written; scan reports a collection-gap)`);
  }
  log(io, `iam-sentinel: wrote ${written.length} account folder${written.length === 1 ? '' : 's'} to ${dir} (${written.map((a) => a.account.id).join(', ') || 'none'})`);
  return written.length === 0 ? 3 : 0;
}
