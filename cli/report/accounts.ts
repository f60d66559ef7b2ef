/**
 * A report of several accounts (an organization) opens with a table of its
 * accounts: open findings by severity, the latest audit, the audits that
 * could not read it; and it has a section per account with that account's
 * open findings, most severe first. A one-account report has neither.
 */
import { SEVERITIES, type Severity } from '../../shared/model.js';
import type { FindingState } from '../../shared/store/types.js';
import type { AccountRow, ReportData } from './data.js';
import { SEVERITY_LABELS, ageOf, formatTime, plural } from './format.js';
import { html, type Html } from './markup.js';
import { dayCell, resourceCell, severityBadge } from './parts.js';

export const showsAccounts = (data: ReportData) => data.accountRows.length > 1;

export const accountAnchor = (account: string) => `account-${account}`;

function label(row: AccountRow): Html {
  const main = row.name ?? row.alias;
  return html`<a class="account-name" href="#${accountAnchor(row.account)}">${main ?? row.account}</a>${main ? html` <span class="account-id">${row.account}</span>` : ''}${
    row.alias && row.name && row.alias !== row.name ? html`<div class="small muted">alias ${row.alias}</div>` : ''
  }`;
}

/** Counts as badges where there are findings, a dash where there are none (never colour alone). */
function openCell(row: AccountRow, severity: Severity): Html {
  const n = row.open[severity];
  return n === 0 ? html`<span class="muted">–</span>` : html`<span class="count count-${severity}" title="${plural(n, `${SEVERITY_LABELS[severity].toLowerCase()} finding`)}">${n}</span>`;
}

function auditCell(row: AccountRow, now: Date): Html {
  if (!row.lastAuditAt) return html`<span class="muted">never</span>`;
  return html`<time datetime="${row.lastAuditAt}" title="${formatTime(row.lastAuditAt)}">${ageOf(row.lastAuditAt, now)}</time>`;
}

function failuresCell(row: AccountRow, now: Date): Html {
  if (row.failedAudits === 0) return html`<span class="muted">none</span>`;
  const current = row.consecutiveFailures > 0;
  return html`<span class="${current ? 'failing' : 'muted'}">${plural(row.failedAudits, 'failed audit')}</span>${
    current
      ? html`<div class="small failing">${row.consecutiveFailures >= 2 ? `${row.consecutiveFailures} in a row` : 'the latest one'}${row.lastFailedAt ? `, ${ageOf(row.lastFailedAt, now)}` : ''}</div>`
      : ''
  }${row.lastFailureReason && current ? html`<div class="small muted reason">${row.lastFailureReason}</div>` : ''}`;
}

export function accountsTableSection(data: ReportData): Html {
  if (!showsAccounts(data)) return html``;
  const now = new Date(data.generatedAt);
  const failing = data.accountRows.filter((r) => r.consecutiveFailures > 0).length;
  const withOu = data.accountRows.some((r) => r.ouName);
  return html`<section id="accounts" aria-labelledby="accounts-title">
<h2 id="accounts-title">Accounts <span class="count-pill">${data.accountRows.length}</span></h2>
<p class="lead">Open findings of each account, its latest audit, and the audits that could not read it${failing ? html` (<strong class="failing">${plural(failing, 'account')} not read by the latest audit</strong>)` : ''}.</p>
<table class="wide accounts-table">
<thead><tr><th scope="col">Account</th>${withOu ? html`<th scope="col">OU</th>` : ''}${SEVERITIES.map((s) => html`<th scope="col" class="num">${severityBadge(s)}</th>`)}<th scope="col">Last audit</th><th scope="col">Failed audits</th></tr></thead>
<tbody>${data.accountRows.map(
    (row) => html`<tr${row.consecutiveFailures > 0 ? html` class="row-failing"` : ''}>
<td>${label(row)}</td>
${withOu ? html`<td class="ou">${row.ouName ?? html`<span class="muted">–</span>`}</td>` : ''}
${SEVERITIES.map((s) => html`<td class="num">${openCell(row, s)}</td>`)}
<td>${auditCell(row, now)}</td>
<td>${failuresCell(row, now)}</td>
</tr>`,
  )}</tbody>
</table>
</section>`;
}

function accountFindings(findings: readonly FindingState[], now: Date): Html {
  if (findings.length === 0) return html`<p class="empty">No open findings.</p>`;
  return html`<table class="wide fixed">
<thead><tr><th scope="col" class="col-sev">Severity</th><th scope="col">Check and finding</th><th scope="col" class="col-resource">Resource</th><th scope="col" class="col-day">Open since</th></tr></thead>
<tbody>${findings.map(
    (f) => html`<tr>
<td>${severityBadge(f.severity)}</td>
<td><code class="check-id">${f.checkId}</code><div class="small">${f.message}</div></td>
<td>${resourceCell(f.resource, f.checkId, f.qualifier)}</td>
<td>${dayCell(f.firstSeen, now)}</td>
</tr>`,
  )}</tbody>
</table>`;
}

export function accountPagesSection(data: ReportData): Html {
  if (!showsAccounts(data)) return html``;
  const now = new Date(data.generatedAt);
  return html`<section id="by-account" aria-labelledby="by-account-title">
<h2 id="by-account-title">By account</h2>
<p class="lead">Each account's open findings on their own; the how-to-fix of each check is with the findings above.</p>
${data.accountRows.map((row) => {
    const findings = data.openFindings.filter((f) => f.account === row.account);
    const total = findings.length;
    return html`<details class="account-page" id="${accountAnchor(row.account)}"${total > 0 && data.accountRows.length <= 12 ? ' open' : ''}>
<summary><span class="account-title">${row.name ?? row.alias ?? row.account}</span> <span class="account-id">${row.account}</span>${row.ouName ? html` <span class="muted small">${row.ouName}</span>` : ''} <span class="count-pill">${plural(total, 'open finding')}</span>${
      row.consecutiveFailures > 0 ? html` <span class="failing small">not read by the latest audit</span>` : ''
    }</summary>
<dl class="meta">
<div><dt>Last audit</dt><dd>${row.lastAuditAt ? html`<time datetime="${row.lastAuditAt}">${formatTime(row.lastAuditAt)}</time> <span class="muted">(${ageOf(row.lastAuditAt, now)})</span>` : html`<span class="muted">never</span>`}</dd></div>
<div><dt>Failed audits</dt><dd>${row.failedAudits === 0 ? 'none' : `${row.failedAudits}${row.lastFailedAt ? `, latest ${formatTime(row.lastFailedAt)}` : ''}`}</dd></div>
${row.lastFailureReason && row.consecutiveFailures > 0 ? html`<div class="wide-fact"><dt>Why the latest audit could not read it</dt><dd class="reason">${row.lastFailureReason}</dd></div>` : ''}
</dl>
${accountFindings(findings, now)}
</details>`;
  })}
</section>`;
}
