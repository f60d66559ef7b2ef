/**
 * RawSnapshot (AWS formats, from any source) → Snapshot (what checks read).
 * Each input goes through its reader in inputs.ts on its own: one that is
 * cut or bad becomes a collection gap (bad ones also errors naming the file
 * and every place), and every other input is kept.
 */
import { SnapshotFileError } from '../errors.js';
import { INPUT_READERS, MAX_LISTED_ISSUES } from './inputs.js';
import {
  INPUT_FILES,
  INPUT_NAMES,
  type CollectionGap,
  type InputIssue,
  type InputName,
  type RawSnapshot,
  type Snapshot,
} from './types.js';

export { normalizeTrail, recordsAllManagementEvents } from './normalize-trail.js';

export interface NormalizeResult {
  readonly snapshot: Snapshot;
  /** Bad input: one error per bad place (the first MAX_LISTED_ISSUES of a file, then a count); each such input is also a gap. */
  readonly errors: SnapshotFileError[];
}

/** The one-line gap reason of a bad input: the file (never its folder) and its bad places. */
export function badInputReason(input: InputName, issues: readonly InputIssue[], count: number): string {
  const places = issues.map((i) => (i.where ? `${i.where}: ${i.expected}` : i.expected)).join('; ');
  const file = INPUT_FILES[input];
  if (count <= 1) return `malformed: ${file}: ${places}`;
  return `malformed: ${file}: ${count} bad entries${count > issues.length ? ` (the first ${issues.length} listed)` : ''}: ${places}`;
}

/** One error per listed place, then one saying how many more there are. */
export function badInputErrors(input: InputName, path: string, issues: readonly InputIssue[], count: number): SnapshotFileError[] {
  const errors = issues.map((i) => new SnapshotFileError(path, i.where, i.expected, input));
  if (count > issues.length) {
    errors.push(new SnapshotFileError(path, '', `${count - issues.length} more bad entries not listed (the first ${MAX_LISTED_ISSUES} are above)`, input));
  }
  return errors;
}

const ARN_ACCOUNT = /^arn:(aws[a-z-]*):[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

const listAt = (value: unknown, key: string): unknown[] => {
  const list = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(list) ? list : [];
};
const stringAt = (value: unknown, key: string): string | undefined => {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
};

/**
 * ARNs in inputs that were not read (cut, bad): not for judging, only to
 * name the account when nothing read whole names it, so a scan of a damaged
 * folder still files its gaps under the right account.
 */
function* unreadArns(raw: RawSnapshot): Generator<string> {
  if (typeof raw.credentialReport === 'string') {
    const m = /arn:aws[a-z-]*:iam::\d{12}:[^,\s]*/.exec(raw.credentialReport.slice(0, 1 << 16));
    if (m) yield m[0];
  }
  for (const list of ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']) {
    for (const p of listAt(raw.authorizationDetails, list)) {
      const arn = stringAt(p, 'Arn');
      if (arn) yield arn;
    }
  }
  for (const t of listAt(raw.trails, 'trailList')) {
    const arn = stringAt(t, 'TrailARN');
    if (arn) yield arn;
  }
  for (const v of listAt(raw.virtualMfaDevices, 'VirtualMFADevices')) {
    const arn = stringAt(v, 'SerialNumber');
    if (arn) yield arn;
  }
}

/** The account id and partition, from the root ARN in the credential report or any ARN. */
function accountOf(snapshot: Omit<Snapshot, 'accountId' | 'rootArn' | 'gaps'>, raw: RawSnapshot): { accountId: string; partition: string } {
  // Generators, not spread lists: a report of 200,000 rows must not become 200,000 arguments.
  function* candidates(): Generator<string> {
    const report = snapshot.credentialReport;
    if (report?.root) yield report.root.arn;
    for (const r of report?.rows ?? []) yield r.arn;
    const d = snapshot.authorizationDetails;
    for (const list of [d?.users, d?.groups, d?.roles, d?.policies]) for (const p of list ?? []) yield p.arn;
    for (const t of snapshot.trails ?? []) yield t.arn;
    for (const v of snapshot.virtualMfaDevices ?? []) yield v.serialNumber;
    for (const c of snapshot.serverCertificates ?? []) yield c.arn;
    for (const a of snapshot.accessAnalyzers ?? []) yield a.arn;
    yield* unreadArns(raw);
  }
  for (const arn of candidates()) {
    const m = ARN_ACCOUNT.exec(arn);
    if (m) return { partition: m[1], accountId: m[2] };
  }
  return { partition: 'aws', accountId: 'unknown' };
}

export interface InputsResult {
  /** What the checks read, by input: only inputs read whole. */
  readonly values: Partial<Record<InputName, unknown>>;
  readonly gaps: CollectionGap[];
  readonly errors: SnapshotFileError[];
}

/**
 * Reads `inputs` of `raw` through their readers. An absent input is a gap
 * (the source's reason, else "not collected"), unless its reader is optional;
 * `paths` name the files in errors (a folder's full paths), while gap reasons
 * name only the file, so a folder and the live account give the same findings.
 */
export function normalizeInputs(raw: RawSnapshot, inputs: readonly InputName[], paths: Partial<Record<InputName, string>> = INPUT_FILES): InputsResult {
  const errors: SnapshotFileError[] = [];
  const gaps: CollectionGap[] = [];
  const values: Partial<Record<InputName, unknown>> = {};
  for (const input of inputs) {
    const given = raw.gaps.filter((g) => g.input === input);
    const reader = INPUT_READERS[input];
    if (raw[input] === undefined) {
      if (given.length) gaps.push(...given);
      else if (!reader.optional) gaps.push({ input, reason: 'not collected' });
      continue;
    }
    const reading = reader.read(raw[input]);
    if (reading.status === 'read') {
      values[input] = reading.value;
      gaps.push(...reading.parts);
    } else if (reading.status === 'cut') {
      gaps.push({ input, reason: reading.reason });
    } else {
      errors.push(...badInputErrors(input, paths[input] ?? INPUT_FILES[input], reading.issues, reading.count));
      gaps.push({ input, reason: badInputReason(input, reading.issues, reading.count) });
    }
  }
  return { values, gaps, errors };
}

/** Reads every input of `raw` (see normalizeInputs) into the Snapshot the checks read. */
export function normalizeSnapshot(raw: RawSnapshot, paths: Partial<Record<InputName, string>> = INPUT_FILES): NormalizeResult {
  const { values, gaps, errors } = normalizeInputs(raw, INPUT_NAMES, paths);
  // Gaps the source gave for parts (a targeted collection's), kept as given.
  for (const g of raw.gaps) if (!(INPUT_NAMES as readonly string[]).includes(g.input) && !gaps.some((x) => x.input === g.input)) gaps.push(g);

  const read = values as Omit<Snapshot, 'accountId' | 'rootArn' | 'gaps'>;
  const { accountId, partition } = accountOf(read, raw);
  return {
    snapshot: { accountId, rootArn: `arn:${partition}:iam::${accountId}:root`, ...read, gaps },
    errors,
  };
}
