/**
 * A report of several accounts: it opens with a table of accounts (open by
 * severity, last audit, failed audits) and has a section per account; a
 * one-account report has neither; names and reasons from the store are
 * escaped like everything else.
 */
import { describe, expect, it } from 'vitest';
import { assembleReportData } from '../../cli/report/data.js';
import { renderReport } from '../../cli/report/html.js';
import type { AccountRecord } from '../../shared/store/types.js';
import { HOSTILE, REPORT_NOW, daysBefore, oneRunReport, run, state } from './fixtures.js';

const A = '111111111111';
const B = '222222222222';
const ORPHAN = '333333333333';

function record(account: string, fields: Partial<AccountRecord> = {}): AccountRecord {
  return { account, name: null, ouId: null, ouName: null, lastAuditAt: null, lastFailedAt: null, lastFailureReason: null, failedAudits: 0, consecutiveFailures: 0, ...fields };
}

function organizationReport() {
  const at = daysBefore(0);
  return assembleReportData({
    now: REPORT_NOW,
    accounts: [{ account: A, alias: 'acme-root' }],
    findings: [
      state({ account: A, checkId: 'root-mfa', resource: `arn:aws:iam::${A}:root`, severity: 'critical' }),
      state({ account: B, checkId: 'admin-policy', resource: `arn:aws:iam::${B}:user/quinn`, severity: 'high' }),
      state({ account: B, checkId: 'user-no-group', resource: `arn:aws:iam::${B}:user/quinn`, severity: 'low' }),
    ],
    runs: [run(at, { critical: 1 }, { account: A }), run(daysBefore(2), { high: 1, low: 1 }, { account: B })],
    history: [],
    detections: [],
    records: [
      record(A, { name: 'management', ouId: 'r-root', ouName: 'Root', lastAuditAt: at }),
      record(B, { name: `prod${HOSTILE}`, ouId: 'ou-prod', ouName: 'Prod', lastAuditAt: daysBefore(2), failedAudits: 1 }),
      record(ORPHAN, { name: 'orphan', ouName: 'Sandbox', failedAudits: 2, consecutiveFailures: 2, lastFailedAt: at, lastFailureReason: `cannot assume ${HOSTILE}` }),
    ],
  });
}

const section = (page: string, id: string) => {
  const start = page.indexOf(`<section id="${id}"`);
  expect(start, id).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('</section>', start));
};

describe('accounts in the report', () => {
  it('a row per account, the never-read one included: open by severity, last audit, failed audits', () => {
    const data = organizationReport();
    expect(data.accountRows.map((r) => [r.account, r.name, r.ouName, r.open.critical, r.open.high, r.open.low, r.lastAuditAt, r.failedAudits, r.consecutiveFailures])).toEqual([
      [A, 'management', 'Root', 1, 0, 0, daysBefore(0), 0, 0],
      [B, `prod${HOSTILE}`, 'Prod', 0, 1, 1, daysBefore(2), 1, 0],
      [ORPHAN, 'orphan', 'Sandbox', 0, 0, 0, null, 2, 2],
    ]);
    expect(data.accounts.map((a) => a.account)).toEqual([A, B, ORPHAN]);
  });

  it('the page opens with the table of accounts, before the trend, each linked to its own section', () => {
    const page = renderReport(organizationReport());
    expect(page.indexOf('<section id="accounts"')).toBeLessThan(page.indexOf('<section id="trend"'));
    const table = section(page, 'accounts');
    expect(table).toContain('1 account not read by the latest audit');
    expect(table).toContain('2 in a row');
    expect(table).toContain(`href="#account-${ORPHAN}"`);
    expect(table).toContain('<span class="count count-critical" title="1 critical finding">1</span>');
    const pages = section(page, 'by-account');
    for (const id of [A, B, ORPHAN]) expect(pages).toContain(`id="account-${id}"`);
    expect(pages.slice(pages.indexOf(`id="account-${B}"`), pages.indexOf(`id="account-${ORPHAN}"`))).toContain('admin-policy');
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('a one-account report has no table of accounts and no per-account sections', () => {
    const page = renderReport(oneRunReport());
    expect(page).not.toContain('<section id="accounts"');
    expect(page).not.toContain('<section id="by-account"');
  });

  it('organization checks are said to run with the management account, not claimed as evaluated everywhere', () => {
    const data = organizationReport();
    const sso = data.coverage.checks.find((c) => c.entry.id === 'sso-admin-permission-set')!;
    expect(sso.status).toBe('organization');
    expect(section(renderReport(data), 'coverage')).toContain("with the management account's audit");
  });
});
