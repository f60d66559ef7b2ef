/** The report's head: which accounts, when, and the open findings by severity with their change since the previous run. */
import { SEVERITIES, type Severity } from '../../shared/model.js';
import { accountCheckRows, type ReportData } from './data.js';
import { SEVERITY_LABELS, ageOf, formatTime, monthDay, plural } from './format.js';
import { html, type Html } from './markup.js';
import type { TrendPoint } from './trend.js';

export function reportHeader(data: ReportData, points: readonly TrendPoint[]): Html {
  const now = new Date(data.generatedAt);
  const checks = data.coverage.checks;
  const evaluated = checks.filter((c) => c.status === 'evaluated').length;
  const accountChecks = accountCheckRows(checks).length;
  const skipped = checks.filter((c) => c.status === 'skipped');
  const missing = [...new Set(skipped.flatMap((c) => c.missingInputs))];

  return html`<header class="page-header">
<p class="eyebrow">iam-sentinel · IAM compliance report</p>
<h1>${accountsTitle(data)}</h1>
${data.accounts.length > 1 && data.accounts.length <= 6 ? html`<p class="accounts">${data.accounts.map((a, i) => html`${i > 0 ? ' · ' : ''}${accountName(a)}`)}</p>` : ''}
<dl class="meta">
<div><dt>Generated</dt><dd>${timeOf(data.generatedAt)}</dd></div>
<div><dt>Last audit</dt><dd>${data.lastAuditAt ? html`${timeOf(data.lastAuditAt)} <span class="muted">(${ageOf(data.lastAuditAt, now)})</span>` : html`<span class="muted">none recorded yet</span>`}</dd></div>
<div><dt>Checks evaluated</dt><dd>${data.lastAuditAt ? `${evaluated} of ${accountChecks}` : html`<span class="muted">none yet</span>`}</dd></div>
<div><dt>Audits recorded</dt><dd>${data.runs.filter((r) => r.kind === 'scan').length}</dd></div>
</dl>
${
  missing.length > 0
    ? html`<p class="notice" role="note"><strong>Incomplete audit:</strong> the latest audit could not collect ${missing.join(', ')}, so ${plural(skipped.length, 'check was', 'checks were')} skipped; their earlier findings are kept as they were.</p>`
    : ''
}
${totals(data, points)}
</header>`;
}

function accountsTitle(data: ReportData): Html {
  if (data.accounts.length === 0) return html`No account audited yet`;
  if (data.accounts.length === 1) return accountName(data.accounts[0]);
  // More than a few: the table of accounts below names them.
  return html`${data.accounts.length} accounts`;
}

function accountName(a: ReportData['accounts'][number]): Html {
  return a.alias ? html`<span class="alias">${a.alias}</span> <span class="account-id">${a.account}</span>` : html`<span class="account-id">${a.account}</span>`;
}

function timeOf(iso: string): Html {
  return html`<time datetime="${iso}">${formatTime(iso)}</time>`;
}

function totals(data: ReportData, points: readonly TrendPoint[]): Html {
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of data.openFindings) open[f.severity]++;
  const previous = points.length >= 2 ? points[points.length - 2] : undefined;
  const since = previous ? monthDay(previous.at) : '';
  const latest = points[points.length - 1];

  const card = (severity: Severity) => {
    const delta = previous && latest ? latest.open[severity] - previous.open[severity] : null;
    return html`<a class="total total-${severity}" href="#open-${severity}">
<span class="total-label">${SEVERITY_LABELS[severity]}</span>
<span class="total-count">${open[severity]}</span>
${delta === null ? '' : html`<span class="total-delta">${deltaText(delta)} since ${since}</span>`}
</a>`;
  };

  return html`<nav class="totals" aria-label="Open findings by severity">
${SEVERITIES.map(card)}
<a class="total total-other" href="#suppressed"><span class="total-label">Suppressed</span><span class="total-count">${data.suppressedFindings.length}</span></a>
<a class="total total-other" href="#detections"><span class="total-label">Detections</span><span class="total-count">${data.detections.inWindow}</span><span class="total-delta">${detectionsNote(data)}</span></a>
</nav>`;
}

function detectionsNote(data: ReportData): string {
  const latest = data.detections.items[0];
  if (data.detections.inWindow === 0 && latest) return `last ${data.detections.days} days; latest ${monthDay(Date.parse(latest.eventTime))}`;
  return `in the last ${data.detections.days} days`;
}

function deltaText(delta: number): string {
  if (delta === 0) return 'no change';
  return delta > 0 ? `▲ ${delta}` : `▼ ${-delta}`;
}
