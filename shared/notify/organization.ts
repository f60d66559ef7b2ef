/**
 * The organization audit's digest: one notification per scheduled run of
 * the hub that could not read every account, with one line per account not
 * audited (design.md "Organization": a failed account is reported, its
 * findings untouched). Its id is the run's, so a retried report owes it once.
 */
import { MAX_DIGEST_ITEMS, renderText, subjectLine } from './format.js';
import type { Notification } from './types.js';
import type { NotificationView } from './view.js';

export interface AccountNotAudited {
  readonly id: string;
  readonly name: string | null;
  readonly ouName: string | null;
  readonly reason: string;
  /** Audits in a row that could not read it, this one included. */
  readonly consecutiveFailures: number;
}

export interface OrganizationRun {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** The run's evaluation time (the schedule's). */
  readonly at: string;
  /** Accounts the run set out to audit (ACTIVE ones). */
  readonly accounts: number;
  readonly failed: readonly AccountNotAudited[];
  /** Accounts not ACTIVE, left out. */
  readonly skipped: number;
}

export const organizationDigestId = (run: Pick<OrganizationRun, 'organizationId' | 'at'>) => `org-digest|${run.organizationId}|${run.at}`;

function line(a: AccountNotAudited): string {
  const where = [a.name, a.ouName].filter(Boolean).join(', ');
  const streak = a.consecutiveFailures >= 2 ? ` (${a.consecutiveFailures} audits in a row)` : '';
  return `${a.id}${where ? ` ${where}` : ''}: ${a.reason}${streak}`;
}

/** The digest of a run with accounts not audited; null when every account was. */
export function organizationDigest(run: OrganizationRun): Notification | null {
  if (run.failed.length === 0) return null;
  const again = run.failed.filter((a) => a.consecutiveFailures >= 2).length;
  const severity = again > 0 ? 'high' : 'medium';
  const view: NotificationView = {
    headline: `IAM audit of the organization: ${run.failed.length} of ${run.accounts} account${run.accounts === 1 ? '' : 's'} not audited`,
    summary:
      `The audit could not read ${run.failed.length === 1 ? 'this account' : 'these accounts'}, so ${run.failed.length === 1 ? 'its' : 'their'} findings are left as they were.` +
      (again > 0 ? ` ${again} of them failed the previous audit too.` : ''),
    severity,
    facts: [
      { label: 'Organization', value: `${run.organizationId} (management account ${run.managementAccountId})` },
      { label: 'When', value: `${run.at} (audit time)` },
      { label: 'Audited', value: `${run.accounts - run.failed.length} of ${run.accounts}${run.skipped ? `; ${run.skipped} not ACTIVE, skipped` : ''}` },
    ],
    why: 'An account the audit cannot read is not watched: a new administrator, a root key or an open trust there goes unreported until it can be read again.',
    fix: 'Check that the account has the spoke stack (the StackSet instance, or the plain stack in the management account) with its iam-sentinel-audit role, that the role trusts the hub functions, and that no service control policy denies sts:AssumeRole or the role\'s reads.',
    links: [],
    items: run.failed.slice(0, MAX_DIGEST_ITEMS).map(line),
    moreItems: Math.max(0, run.failed.length - MAX_DIGEST_ITEMS),
    footer: `Organization audit of ${run.at} - accounts: iam-sentinel report --html report.html`,
  };
  return {
    id: organizationDigestId(run),
    kind: 'digest',
    severity,
    account: run.managementAccountId,
    accountAlias: null,
    subject: subjectLine({ severity, title: `IAM audit: ${run.failed.length} of ${run.accounts} accounts not audited`, account: run.organizationId, accountAlias: null }),
    body: renderText(view),
    data: { view, organizationId: run.organizationId, at: run.at, failedAccounts: run.failed.map((a) => a.id) },
    createdAt: run.at,
  };
}
