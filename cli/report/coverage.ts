/** The catalog as this report saw it: which checks the latest audit evaluated, and every detection rule, with the standards they map to. */
import { accountCheckRows, type CoverageRow, type ReportData } from './data.js';
import { plural } from './format.js';
import { html, type Html } from './markup.js';
import { referenceList, severityBadge } from './parts.js';

const STATUS_LABELS: Readonly<Record<CoverageRow['status'], string>> = {
  evaluated: 'Evaluated',
  skipped: 'Skipped',
  'not-selected': 'Not selected',
  'not-run': 'Not run yet',
  organization: 'Organization check',
};

export function coverageSection(data: ReportData): Html {
  const { checks, rules } = data.coverage;
  const evaluated = checks.filter((c) => c.status === 'evaluated').length;
  const accountChecks = accountCheckRows(checks).length;
  const intro = data.lastAuditAt
    ? `The latest audit evaluated ${evaluated} of ${plural(accountChecks, 'periodic check')}; ${plural(rules.length, 'detection rule')} watch every CloudTrail event.`
    : `No audit has run yet: ${plural(checks.length, 'periodic check')} will run at the first; ${plural(rules.length, 'detection rule')} watch every CloudTrail event.`;
  return html`<section id="coverage" aria-labelledby="coverage-title">
<h2 id="coverage-title">Coverage</h2>
<p class="lead">${intro}</p>
<h3>Periodic checks</h3>
<table class="wide coverage">
<thead><tr><th scope="col">Check</th><th scope="col">Default severity</th><th scope="col">Status</th><th scope="col" class="num">Open</th><th scope="col">References</th></tr></thead>
<tbody>${checks.map((row) => html`<tr>
<td><code class="check-id">${row.entry.id}</code><div class="small">${row.entry.title}</div></td>
<td>${severityBadge(row.entry.severity)}</td>
<td>${status(row)}</td>
<td class="num">${row.count}</td>
<td>${referenceList(row.entry.references)}</td>
</tr>`)}</tbody>
</table>
<h3>Real-time detection rules</h3>
<table class="wide coverage">
<thead><tr><th scope="col">Rule</th><th scope="col">Default severity</th><th scope="col" class="num">Shown above</th><th scope="col">References</th></tr></thead>
<tbody>${rules.map((row) => html`<tr>
<td><code class="check-id">${row.entry.id}</code><div class="small">${row.entry.title}</div></td>
<td>${severityBadge(row.entry.severity)}</td>
<td class="num">${row.count}</td>
<td>${referenceList(row.entry.references)}</td>
</tr>`)}</tbody>
</table>
</section>`;
}

function status(row: CoverageRow): Html {
  const label = html`<span class="status status-${row.status}">${STATUS_LABELS[row.status]}</span>`;
  if (row.status === 'organization') return html`${label}<div class="small muted">with the management account's audit (scan --org, the hub)</div>`;
  if (row.status === 'not-selected') return html`${label}<div class="small muted">left out by the check selection (--checks, --min-severity, config checks)</div>`;
  if (row.status !== 'skipped') return label;
  return html`${label}<div class="small muted">not collected: ${row.missingInputs.join(', ')}</div>`;
}
