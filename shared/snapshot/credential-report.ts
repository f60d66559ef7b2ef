/**
 * The IAM credential report: a CSV whose columns AWS documents by name.
 * Values N/A, no_information and not_supported are legal and mean "no value".
 */
import { SnapshotFileError } from '../errors.js';
import type { AccessKeyColumns, CredentialReport, CredentialReportRow, Instant } from './types.js';

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

/**
 * Parses the decoded credential report.
 * @throws SnapshotFileError naming the line and column at fault.
 */
export function parseCredentialReport(csv: string, file = 'credential-report.csv'): CredentialReport {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const index = new Map(header.map((h, i) => [h, i]));
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((c) => !index.has(c) && !c.startsWith('cert_') && c !== 'password_next_rotation');
  if (missing.length) {
    throw new SnapshotFileError(file, 'line 1', `expected the credential report header with columns ${missing.join(', ')}`);
  }

  const rows: CredentialReportRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    const text = lines[n];
    if (text.trim() === '') continue;
    const cells = splitCsvLine(text);
    const line = n + 1;
    if (cells.length !== header.length) {
      throw new SnapshotFileError(file, `line ${line}`, `expected ${header.length} columns, found ${cells.length}`);
    }
    const cell = (c: Column) => {
      const i = index.get(c);
      return i === undefined ? '' : cells[i].trim();
    };
    const date = (c: Column): Instant => {
      const v = cell(c);
      if (NO_VALUE.has(v)) return null;
      const t = Date.parse(v);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t)) {
        throw new SnapshotFileError(file, `line ${line}, column ${c}`, `expected an ISO 8601 time, N/A, no_information or not_supported, found "${v}"`);
      }
      return t;
    };
    const bool = (c: Column): boolean => {
      const v = cell(c);
      if (v === 'true') return true;
      if (v === 'false' || NO_VALUE.has(v)) return false;
      throw new SnapshotFileError(file, `line ${line}, column ${c}`, `expected true, false or N/A, found "${v}"`);
    };
    const text_ = (c: Column): string | null => {
      const v = cell(c);
      return NO_VALUE.has(v) ? null : v;
    };
    const key = (slot: 1 | 2): AccessKeyColumns => ({
      slot,
      active: bool(`access_key_${slot}_active`),
      lastRotated: date(`access_key_${slot}_last_rotated`),
      lastUsed: date(`access_key_${slot}_last_used_date`),
      lastUsedRegion: text_(`access_key_${slot}_last_used_region`),
      lastUsedService: text_(`access_key_${slot}_last_used_service`),
    });
    const user = cell('user');
    const arn = cell('arn');
    if (!/^arn:aws[a-z-]*:iam::\d{12}:(root|user\/.+)$/.test(arn)) {
      throw new SnapshotFileError(file, `line ${line}, column arn`, `expected an IAM user or root ARN, found "${arn}"`);
    }
    rows.push({
      user,
      arn,
      isRoot: user === ROOT_USER,
      userCreationTime: date('user_creation_time'),
      passwordEnabled: bool('password_enabled'),
      passwordLastUsed: date('password_last_used'),
      passwordLastChanged: date('password_last_changed'),
      mfaActive: bool('mfa_active'),
      accessKeys: [key(1), key(2)],
      activeCertificates: [bool('cert_1_active'), bool('cert_2_active')].filter(Boolean).length,
      line,
    });
  }
  return {
    rows,
    root: rows.find((r) => r.isRoot),
    users: rows.filter((r) => !r.isRoot),
    byArn: new Map(rows.map((r) => [r.arn, r])),
  };
}

/** Writes rows back in AWS's format (used by test builders and synthetic accounts). */
export function formatCredentialReport(rows: readonly Record<string, string>[]): string {
  const lines = [CREDENTIAL_REPORT_COLUMNS.join(',')];
  for (const row of rows) lines.push(CREDENTIAL_REPORT_COLUMNS.map((c) => row[c] ?? 'N/A').join(','));
  return lines.join('\n') + '\n';
}
