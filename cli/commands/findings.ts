/** `iam-sentinel findings`: current state of findings, from the store. */
import { SEVERITIES } from '../../shared/model.js';
import type { FindingState, FindingStatus } from '../../shared/store/types.js';
import { CONFIG_OPTION, FORMATS, READ_STORE_OPTIONS, defineCommand, formatOption, options } from '../args.js';
import { readStore } from '../context.js';
import { FINDINGS_EXPORT_FORMATS, asffRegion, findingsAsff, findingsOcsf } from '../format/export.js';
import { ACCOUNT_OPTIONS, accountSelection } from './accounts.js';
import { findingsIn, selectAccounts } from '../../shared/pipeline/org-select.js';
import { columns, csv, paint, paintSeverity, shortArn } from '../format/text.js';
import { out, printJson, stdoutStyle } from '../io.js';

const STATUSES = ['open', 'resolved', 'suppressed', 'all'] as const;
const FIELDS = ['findingId', 'checkId', 'resource', 'severity', 'status', 'firstSeen', 'lastSeen', 'resolvedAt'] as const;

export const FINDINGS_OPTIONS = options({
  status: { type: 'string', allowed: STATUSES, default: 'open', description: 'which findings: still failing, fixed, suppressed by the config, or all' },
  severity: { type: 'string', valueName: 'SEVERITY', allowed: SEVERITIES, description: 'only findings of exactly this severity', defaultText: 'every severity' },
  check: { type: 'string', valueName: 'ID', description: 'only findings of this check', defaultText: 'every check' },
  resource: { type: 'string', valueName: 'ARN', description: 'only findings on this resource', defaultText: 'every resource' },
  ...ACCOUNT_OPTIONS,
  ...formatOption([...FORMATS, ...FINDINGS_EXPORT_FORMATS], 'table (most severe first), json (exactly one document on stdout), csv, ocsf (OCSF 1.3.0 Compliance Findings with their status) or asff (Security Hub findings; needs an AWS Region)'),
  ...CONFIG_OPTION,
  ...READ_STORE_OPTIONS,
});

export const findingsCommand = defineCommand({
  name: 'findings',
  summary: 'findings in the store, by status, severity, check or resource',
  options: FINDINGS_OPTIONS,
  examples: [
    { args: '--status resolved', what: 'what was fixed, from the local store the demo and scan --store local fill' },
    { args: '--severity critical --format json', what: 'open critical findings as one JSON document' },
    { args: '--store aws --table iam-sentinel-prod-findings --check access-key-age', what: 'open access-key-age findings in the deployed table' },
  ],
  async run(parsed, io) {
    const v = parsed.values;
    const { status, severity, format } = v;
    const region = format === 'asff' ? await asffRegion('findings') : undefined;
    const selection = accountSelection(parsed);
    const found = await readStore('findings', parsed, io, async (store) =>
      findingsIn(store, await selectAccounts(store, selection), {
        status: status as FindingStatus | 'all',
        ...(severity ? { severity } : {}),
        ...(v.check ? { checkId: v.check } : {}),
        ...(v.resource ? { resource: v.resource } : {}),
      }),
    );
    const sorted = [...found].sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.checkId.localeCompare(b.checkId) || a.resource.localeCompare(b.resource),
    );
    const rows = sorted.map((f) => Object.fromEntries(FIELDS.map((k) => [k, f[k] ?? null])) as Record<(typeof FIELDS)[number], string | null>);
    if (format === 'json') printJson(io, { findings: rows });
    else if (format === 'csv') out(io, csv(FIELDS, rows.map((r) => FIELDS.map((k) => r[k]))));
    else if (format === 'ocsf') out(io, findingsOcsf(sorted));
    else if (format === 'asff') out(io, findingsAsff(sorted, region!));
    else out(io, findingsTable(sorted, status, io));
    return 0;
  },
});

function findingsTable(found: readonly FindingState[], status: string, io: Parameters<typeof stdoutStyle>[0]): string {
  const style = stdoutStyle(io);
  if (found.length === 0) return paint(style, `No ${status === 'all' ? '' : `${status} `}findings in the store.`, 'dim') + '\n';
  const day = (t: string | null) => (t ? t.slice(0, 10) : '');
  // Findings of several accounts (an organization) say whose they are.
  const several = new Set(found.map((f) => f.account)).size > 1;
  const rows = found.map((f) => [
    ...(several ? [f.account] : []),
    paintSeverity(style, f.severity, f.severity.toUpperCase().padEnd(8)),
    f.status,
    day(f.firstSeen),
    f.status === 'resolved' ? day(f.resolvedAt) : day(f.lastSeen),
    `${f.checkId} ${shortArn(f.resource)}${f.qualifier ? ` (${f.qualifier})` : ''}`,
  ]);
  return `${found.length} finding(s)\n\n` + columns(style, [...(several ? ['account'] : []), 'severity', 'status', 'since', 'last/fixed', 'check resource'], rows);
}
