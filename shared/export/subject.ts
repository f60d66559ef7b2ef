/**
 * What every exporter starts from: one check finding, whether it comes
 * straight from a scan's evaluation (no history: first and last seen at the
 * evaluation time) or from the store (with its lifecycle status and dates).
 * OCSF, ASFF and JUnit are all built from this one shape, so a finding reads
 * the same in each of them.
 */
import type { Evaluation } from '../engine/evaluate.js';
import type { Finding } from '../model.js';
import type { FindingState, FindingStatus } from '../store/types.js';

export interface ExportFinding extends Finding {
  readonly account: string;
  /** The account alias where known. */
  readonly accountName: string | null;
  readonly status: FindingStatus;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly resolvedAt: string | null;
  readonly suppression?: { readonly reason: string; readonly expires: string | null };
  /** True when it comes from the store: it has a history (first seen, reopened, resolved). */
  readonly stored: boolean;
}

/** Every item a scan judged failing: open ones, then those a config suppression covers. */
export function findingsOfEvaluation(e: Evaluation): ExportFinding[] {
  const base = { account: e.account, accountName: e.accountAlias, firstSeen: e.evaluatedAt, lastSeen: e.evaluatedAt, resolvedAt: null, stored: false };
  return [
    ...e.findings.map((f): ExportFinding => ({ ...base, ...f, status: 'open' })),
    ...e.suppressed.map((f): ExportFinding => ({ ...base, ...f, status: 'suppressed' })),
  ];
}

export function findingOfState(s: FindingState, accountName: string | null = null): ExportFinding {
  return {
    account: s.account,
    accountName,
    checkId: s.checkId,
    severity: s.severity,
    resource: s.resource,
    ...(s.qualifier ? { qualifier: s.qualifier } : {}),
    title: s.title,
    message: s.message,
    details: s.details,
    status: s.status,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    resolvedAt: s.resolvedAt,
    ...(s.suppression ? { suppression: s.suppression } : {}),
    stored: true,
  };
}

/**
 * When the finding last became what it is now: its resolution time once
 * resolved, else the evaluation that last saw it. Never earlier than any
 * state exported before it, so Security Hub takes each re-import as newer.
 */
export function updatedAt(f: Pick<ExportFinding, 'status' | 'lastSeen' | 'resolvedAt'>): string {
  return f.status === 'resolved' && f.resolvedAt ? f.resolvedAt : f.lastSeen;
}

/**
 * The stable, readable identity of a finding outside iam-sentinel (OCSF
 * finding_info.uid, ASFF Id): the same for a scan and for the store, in
 * every account and organization mode.
 */
export function findingUid(f: Pick<ExportFinding, 'account' | 'checkId' | 'resource' | 'qualifier'>): string {
  return `iam-sentinel:${f.account}:${f.checkId}:${f.resource}${f.qualifier ? `:${f.qualifier}` : ''}`;
}

export function detectionUid(account: string, ruleId: string, eventId: string): string {
  return `iam-sentinel:${account}:${ruleId}:${eventId}`;
}

/** Epoch milliseconds of an ISO time: OCSF's timestamp_t. */
export function epochMillis(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${JSON.stringify(iso)}`);
  return ms;
}
