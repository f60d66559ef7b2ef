/** `iam-sentinel findings`: current state of findings, from the store. */
import { SEVERITIES } from '../../shared/model.js';
import type { FindingState, FindingStatus } from '../../shared/store/types.js';
import { FORMATS, STORE_OPTIONS, oneOf, parse, severityOption, stringOption } from '../args.js';
import { readStore } from '../context.js';
import { ACCOUNT_OPTIONS, ACCOUNT_USAGE, accountSelection } from './accounts.js';
import { findingsIn, selectAccounts } from '../../shared/pipeline/org-select.js';
import { columns, csv, paint, paintSeverity, shortArn } from '../format/text.js';
import { out, printJson, stdoutStyle, type Command } from '../io.js';

const STATUSES = ['open', 'resolved', 'suppressed', 'all'] as const;
const FIELDS = ['findingId', 'checkId', 'resource', 'severity', 'status', 'firstSeen', 'lastSeen', 'resolvedAt'] as const;

export const findingsCommand: Command = {
  name: 'findings',
  summary: 'findings in the store, by status, severity, check or resource',
  usage: `iam-sentinel findings [--status open|resolved|suppressed|all] [--severity S]
                      [--check ID] [--resource ARN] ${ACCOUNT_USAGE} [--format table|json|csv]
                      [--store local|aws] [--data-dir DIR] [--table NAME]`,
  async run(argv, io) {
    const parsed = parse('findings', argv, {
      status: { type: 'string' },
      severity: { type: 'string' },
      check: { type: 'string' },
      resource: { type: 'string' },
      format: { type: 'string' },
      config: { type: 'string' },
      ...STORE_OPTIONS,
      ...ACCOUNT_OPTIONS,
    });
    const v = parsed.values;
    const selection = accountSelection(parsed);
    const status = oneOf('findings', 'status', v.status, STATUSES, 'open');
    const severity = severityOption('findings', 'severity', v.severity);
    const format = oneOf('findings', 'format', v.format, FORMATS, 'table');
    const found = await readStore('findings', parsed, io, async (store) =>
      findingsIn(store, await selectAccounts(store, selection), {
        status: status as FindingStatus | 'all',
        ...(severity ? { severity } : {}),
        ...(stringOption(v.check) ? { checkId: stringOption(v.check) } : {}),
        ...(stringOption(v.resource) ? { resource: stringOption(v.resource) } : {}),
      }),
    );
    const sorted = [...found].sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.checkId.localeCompare(b.checkId) || a.resource.localeCompare(b.resource),
    );
    const rows = sorted.map((f) => Object.fromEntries(FIELDS.map((k) => [k, f[k] ?? null])) as Record<(typeof FIELDS)[number], string | null>);
    if (format === 'json') printJson(io, { findings: rows });
    else if (format === 'csv') out(io, csv(FIELDS, rows.map((r) => FIELDS.map((k) => r[k]))));
    else out(io, findingsTable(sorted, status, io));
    return 0;
  },
};

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
