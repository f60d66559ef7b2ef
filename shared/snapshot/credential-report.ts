/**
 * The IAM credential report: a CSV whose columns AWS documents by name.
 * Values N/A, no_information and not_supported are legal and mean "no value".
 */
import { SnapshotFileError } from '../errors.js';
import { parseAwsTime } from './time.js';
import type { AccessKeyColumns, CredentialReport, CredentialReportRow, InputIssue, Instant } from './types.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;
type Column = (typeof CREDENTIAL_REPORT_COLUMNS)[number];

const NO_VALUE = new Set(['N/A', 'no_information', 'not_supported', '']);
export const ROOT_USER = '<root_account>';

/** Splits one CSV line; AWS does not quote, but a hand-made report might. */
function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export interface CredentialReportReading {
  /** Absent when any row (or the header) cannot be read: the report is then not judged at all. */
  readonly report?: CredentialReport;
  /** Every place that could not be read, in file order. */
  readonly issues: readonly InputIssue[];
}

/** A bad cell: stops reading its row, which is reported with the place. */
class CellError {
  constructor(readonly issue: InputIssue) {}
}

const DATE_EXPECTED = 'expected an ISO 8601 time on the calendar, N/A, no_information or not_supported';
const KEY_COLUMNS = {
  1: ['access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service'],
  2: ['access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service'],
} as const satisfies Record<1 | 2, readonly Column[]>;

/** The cells of one row, read by column name through the header's positions. */
class RowCells {
  constructor(
    private readonly position: ReadonlyMap<string, number>,
    private readonly cells: readonly string[],
    private readonly line: number,
  ) {}

  private fail(c: Column, expected: string): never {
    throw new CellError({ where: `line ${this.line}, column ${c}`, expected });
  }
  cell(c: Column): string {
    const i = this.position.get(c);
    return i === undefined ? '' : this.cells[i].trim();
  }
  date(c: Column): Instant {
    const v = this.cell(c);
    if (NO_VALUE.has(v)) return null;
    const t = v.length > 10 && v[10] === 'T' ? parseAwsTime(v) : null;
    return t ?? this.fail(c, `${DATE_EXPECTED}, found "${v}"`);
  }
  bool(c: Column): boolean {
    const v = this.cell(c);
    if (v === 'true') return true;
    if (v === 'false' || NO_VALUE.has(v)) return false;
    return this.fail(c, `expected true, false or N/A, found "${v}"`);
  }
  /** A column older reports lack (cert_1_active): absent is false, present must be read. */
  optionalBool(c: Column): boolean {
    return this.position.has(c) ? this.bool(c) : false;
  }
  text(c: Column): string | null {
    const v = this.cell(c);
    return NO_VALUE.has(v) ? null : v;
  }
  key(slot: 1 | 2): AccessKeyColumns {
    const [active, rotated, used, region, service] = KEY_COLUMNS[slot];
    return { slot, active: this.bool(active), lastRotated: this.date(rotated), lastUsed: this.date(used), lastUsedRegion: this.text(region), lastUsedService: this.text(service) };
  }
  row(): CredentialReportRow {
    const user = this.cell('user');
    const arn = this.cell('arn');
    if (!ARN.test(arn)) this.fail('arn', `expected an IAM user or root ARN, found "${arn}"`);
    return {
      user,
      arn,
      isRoot: user === ROOT_USER,
      userCreationTime: this.date('user_creation_time'),
      passwordEnabled: this.bool('password_enabled'),
      passwordLastUsed: this.date('password_last_used'),
      passwordLastChanged: this.date('password_last_changed'),
      mfaActive: this.bool('mfa_active'),
      accessKeys: [this.key(1), this.key(2)],
      activeCertificates: [this.optionalBool('cert_1_active'), this.optionalBool('cert_2_active')].filter(Boolean).length,
      line: this.line,
    };
  }
}

const ARN = /^arn:aws[a-z-]*:iam::\d{12}:(root|user\/.+)$/;

/**
 * Reads the decoded credential report line by line (a report of 200,000
 * users is as easy as one of ten) and collects every bad row, not only the
 * first. Dates must be on the calendar.
 */
export function readCredentialReport(csv: string): CredentialReportReading {
  const text = csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv;
  /** The line starting at `start`, without its line break, and where the next one starts (-1: none). */
  const lineAt = (start: number) => {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    return { line: text.slice(start, end > start && text[end - 1] === '\r' ? end - 1 : end), next: nl === -1 ? -1 : nl + 1 };
  };
  const first = lineAt(0);
  const header = splitCsvLine(first.line).map((h) => h.trim());
  const position = new Map(header.map((h, i) => [h, i]));
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((c) => !position.has(c) && !c.startsWith('cert_') && c !== 'password_next_rotation');
  if (missing.length) {
    return { issues: [{ where: 'line 1', expected: `expected the credential report header with columns ${missing.join(', ')}` }] };
  }

  const issues: InputIssue[] = [];
  const rows: CredentialReportRow[] = [];
  let line = 1;
  for (let start = first.next; start !== -1; ) {
    const { line: rowText, next } = lineAt(start);
    start = next;
    line++;
    if (rowText.trim() === '') continue;
    const cells = splitCsvLine(rowText);
    if (cells.length !== header.length) {
      issues.push({ where: `line ${line}`, expected: `expected ${header.length} columns, found ${cells.length}` });
      continue;
    }
    try {
      rows.push(new RowCells(position, cells, line).row());
    } catch (e) {
      if (!(e instanceof CellError)) throw e;
      issues.push(e.issue);
    }
  }
  if (issues.length) return { issues };
  const users = rows.filter((r) => !r.isRoot);
  return {
    report: { rows, root: rows.find((r) => r.isRoot), users, byArn: new Map(rows.map((r) => [r.arn, r])) },
    issues,
  };
}

/**
 * Parses the decoded credential report.
 * @throws SnapshotFileError naming the first line and column at fault.
 */
export function parseCredentialReport(csv: string, file = 'credential-report.csv'): CredentialReport {
  const { report, issues } = readCredentialReport(csv);
  if (!report) throw new SnapshotFileError(file, issues[0].where, issues[0].expected);
  return report;
}

/** Writes rows back in AWS's format (used by test builders and synthetic accounts). */
export function formatCredentialReport(rows: readonly Record<string, string>[]): string {
  const lines = [CREDENTIAL_REPORT_COLUMNS.join(',')];
  for (const row of rows) lines.push(CREDENTIAL_REPORT_COLUMNS.map((c) => row[c] ?? 'N/A').join(','));
  return lines.join('\n') + '\n';
}
