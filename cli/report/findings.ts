/**
 * Open findings, most severe first, grouped by check so each check's why and
 * how-to-fix is said once above the resources that fail it; then the
 * suppressed findings with their reason and expiry.
 */
import { SEVERITIES, type Severity } from '../../shared/model.js';
import type { FindingState } from '../../shared/store/types.js';
import type { CatalogEntry, ReportData } from './data.js';
import { SEVERITY_LABELS, ageOf, formatDay, plural } from './format.js';
import { html, type Html } from './markup.js';
import { dayCell, referenceList, remediationText, resourceCell, severityBadge } from './parts.js';

export function openFindingsSection(data: ReportData): Html {
  const now = new Date(data.generatedAt);
  const catalog = new Map(data.catalog.map((e) => [e.id, e]));
  const bySeverity = SEVERITIES.map((severity) => ({ severity, findings: data.openFindings.filter((f) => f.severity === severity) }));
  const empty =
    data.lastAuditAt === null && data.openFindings.length === 0
      ? html`<p class="empty">No audit recorded yet, so nothing has been checked. Run <code>iam-sentinel scan</code> with a store to fill this report.</p>`
      : data.openFindings.length === 0
        ? html`<p class="empty">No open findings.</p>`
        : '';

  return html`<section id="findings" aria-labelledby="findings-title">
<h2 id="findings-title">Open findings <span class="count-pill">${data.openFindings.length}</span></h2>
${empty}
${bySeverity.map(({ severity, findings }) => (findings.length === 0 ? '' : severityGroup(severity, findings, catalog, now)))}
</section>`;
}

function severityGroup(severity: Severity, findings: readonly FindingState[], catalog: ReadonlyMap<string, CatalogEntry>, now: Date): Html {
  const checkIds = [...new Set(findings.map((f) => f.checkId))];
  return html`<div class="severity-group" id="open-${severity}">
<h3>${severityBadge(severity)} <span>${plural(findings.length, `${SEVERITY_LABELS[severity].toLowerCase()} finding`)}</span></h3>
${checkIds.map((id) => checkGroup(id, findings.filter((f) => f.checkId === id), catalog.get(id), now))}
</div>`;
}

function checkGroup(checkId: string, findings: readonly FindingState[], entry: CatalogEntry | undefined, now: Date): Html {
  const title = entry?.title ?? findings[0].title;
  return html`<article class="check-group" id="check-${checkId}">
<header class="check-head">
${severityBadge(findings[0].severity)}
<h4>${title}</h4>
<code class="check-id">${checkId}</code>
<span class="muted small">${plural(findings.length, 'finding')}</span>
</header>
<table class="findings">
<thead><tr><th scope="col" class="col-resource">Resource</th><th scope="col">Finding</th><th scope="col" class="col-day">Open since</th><th scope="col" class="col-day">Last seen</th></tr></thead>
<tbody>${findings.map(
    (f) => html`<tr>
<td>${resourceCell(f.resource, f.checkId, f.qualifier)}</td>
<td>${f.message}</td>
<td>${dayCell(f.firstSeen, now)}</td>
<td>${dayCell(f.lastSeen, now)}</td>
</tr>`,
  )}</tbody>
</table>
${remediation(entry)}
</article>`;
}

function remediation(entry: CatalogEntry | undefined): Html {
  if (!entry) return html`<p class="muted small">This check is not in the catalog of this version, so no remediation is known.</p>`;
  return html`<details class="remediation">
<summary>How to fix</summary>
<div class="remediation-body">
<p><strong>Why it matters.</strong> ${entry.practice}</p>
<p><strong>Fix.</strong> ${remediationText(entry.remediation)}</p>
<div class="refs-line"><strong>References</strong> ${referenceList(entry.references)}</div>
</div>
</details>`;
}

export function suppressedSection(data: ReportData): Html {
  const now = new Date(data.generatedAt);
  const titles = new Map(data.catalog.map((e) => [e.id, e.title]));
  return html`<section id="suppressed" aria-labelledby="suppressed-title">
<h2 id="suppressed-title">Suppressed findings <span class="count-pill">${data.suppressedFindings.length}</span></h2>
${
  data.suppressedFindings.length === 0
    ? html`<p class="empty">No finding is suppressed.</p>`
    : html`<p class="lead">Accepted for a reason given in the configuration; each comes back as open when its suppression expires or is removed.</p>
<table class="wide">
<thead><tr><th scope="col">Severity</th><th scope="col">Check</th><th scope="col" class="col-resource">Resource</th><th scope="col">Reason</th><th scope="col" class="col-day">Expires</th><th scope="col" class="col-day">Found</th></tr></thead>
<tbody>${data.suppressedFindings.map(
        (f) => html`<tr>
<td>${severityBadge(f.severity)}</td>
<td><code class="check-id">${f.checkId}</code><div class="small">${titles.get(f.checkId) ?? f.title}</div></td>
<td>${resourceCell(f.resource, f.checkId, f.qualifier)}<div class="small muted">${f.message}</div></td>
<td>${f.suppression?.reason ?? html`<span class="muted">none given</span>`}</td>
<td>${expiry(f.suppression?.expires ?? null, now)}</td>
<td>${dayCell(f.firstSeen, now)}</td>
</tr>`,
      )}</tbody>
</table>`
}
</section>`;
}

function expiry(expires: string | null, now: Date): Html {
  if (expires === null) return html`<span class="muted">never</span>`;
  const left = Math.ceil((Date.parse(expires) - now.getTime()) / 86_400_000);
  const when = left <= 0 ? ageOf(expires, now) : left === 1 ? 'in 1 day' : `in ${left} days`;
  return html`<time datetime="${expires}">${formatDay(expires)}</time><div class="muted small">${when}</div>`;
}
