/**
 * `scan --org` output. The JSON shape is a contract (design.md
 * "Organization"): {"organization", "evaluatedAt", "accounts": [{"account",
 * "name", "status", "reason"?, "summary"?}], "findings": [scan's finding
 * shape + "account"], "summary"}. Findings are most severe first, then by
 * account; within one account they keep the order a scan of that account
 * alone gives.
 */
import { summarize, type ScanSummary } from '../../shared/engine/evaluate.js';
import { SEVERITIES, type Finding, type Severity } from '../../shared/model.js';
import type { AccountOutcome, OrgRunResult } from '../../shared/pipeline/org-scan.js';
import { findingJson, scanTable } from './scan.js';
import { csv, paint, paintSeverity, type TextStyle } from './text.js';

export interface OrgSummary {
  readonly total: number;
  readonly bySeverity: Record<Severity, number>;
  readonly suppressed: number;
  readonly accounts: { readonly total: number; readonly scanned: number; readonly failed: number; readonly skipped: number };
}

/** Every finding of the scanned accounts, with its account. */
export function organizationFindings(result: OrgRunResult): (Finding & { account: string })[] {
  const all = result.outcomes.flatMap((o) => (o.evaluation?.findings ?? []).map((f) => ({ ...f, account: o.account.id })));
  // A stable sort: each account's own order (severity, check, resource) survives.
  return all.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.account.localeCompare(b.account));
}

export function organizationSummary(result: OrgRunResult): OrgSummary {
  const findings = organizationFindings(result);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  const count = (status: AccountOutcome['status']) => result.outcomes.filter((o) => o.status === status).length;
  return {
    total: findings.length,
    bySeverity,
    suppressed: result.outcomes.reduce((n, o) => n + (o.evaluation?.suppressed.length ?? 0), 0),
    accounts: { total: result.outcomes.length, scanned: count('scanned'), failed: count('failed'), skipped: count('skipped') },
  };
}

function accountEntry(o: AccountOutcome): { account: string; name: string; status: string; reason?: string; summary?: ScanSummary } {
  return {
    account: o.account.id,
    name: o.account.name,
    status: o.status,
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
    ...(o.evaluation ? { summary: summarize(o.evaluation) } : {}),
  };
}

export function organizationJson(result: OrgRunResult, evaluatedAt: string): unknown {
  return {
    organization: result.organizationId,
    evaluatedAt,
    accounts: result.outcomes.map(accountEntry),
    findings: organizationFindings(result).map((f) => ({ ...findingJson(f), account: f.account })),
    summary: organizationSummary(result),
  };
}

export function organizationCsv(result: OrgRunResult): string {
  return csv(
    ['account', 'checkId', 'severity', 'resource', 'title', 'message', 'details'],
    organizationFindings(result).map((f) => [f.account, f.checkId, f.severity, f.resource, f.title, f.message, f.details]),
  );
}

const where = (o: AccountOutcome) => `${o.account.name}${o.account.ouName ? `, ${o.account.ouName}` : ''}`;

/** The accounts first (one line each), then each scanned account's findings as `scan` prints them. */
export function organizationTable(result: OrgRunResult, evaluatedAt: string, style: TextStyle): string {
  const s = organizationSummary(result);
  const out: string[] = [];
  out.push(paint(style, `iam-sentinel scan of organization ${result.organizationId} at ${evaluatedAt}`, 'bold'));
  out.push(`${s.accounts.total} account${s.accounts.total === 1 ? '' : 's'}: ${s.accounts.scanned} scanned, ${s.accounts.failed} failed, ${s.accounts.skipped} skipped`);
  out.push(`${s.total} finding${s.total === 1 ? '' : 's'}: ${SEVERITIES.map((sev) => paintSeverity(style, sev, `${s.bySeverity[sev]} ${sev}`)).join(', ')}`);
  out.push('');
  for (const o of result.outcomes) {
    const id = o.account.id;
    if (o.status === 'scanned') {
      const n = o.evaluation!.findings.length;
      out.push(`  ${paint(style, '✔', 'green')} ${id}  ${where(o)}: ${n} finding${n === 1 ? '' : 's'}`);
    } else if (o.status === 'failed') {
      out.push(`  ${paint(style, '✖', 'red')} ${id}  ${where(o)}: ${paint(style, `failed: ${o.reason}`, 'red')}`);
    } else {
      out.push(`  ${paint(style, '-', 'dim')} ${id}  ${where(o)}: ${paint(style, `skipped: ${o.reason}`, 'dim')}`);
    }
  }
  for (const o of result.outcomes) {
    if (!o.evaluation || o.evaluation.findings.length === 0) continue;
    out.push('', paint(style, '─'.repeat(Math.min(style.width, 60)), 'dim'), scanTable(o.evaluation, style).trimEnd());
  }
  return out.join('\n') + '\n';
}
