/** The trend of open findings: the chart, what it shows in words, and the runs behind it. */
import { SEVERITIES } from '../../shared/model.js';
import type { RunSummary } from '../../shared/store/types.js';
import { trendChart } from './chart.js';
import type { ReportData } from './data.js';
import { SEVERITY_LABELS, formatDay, plural } from './format.js';
import { html, type Html } from './markup.js';
import { timeCell } from './parts.js';
import type { TrendPoint } from './trend.js';

/** The runs table lists this many, newest first; the chart shows them all. */
const RUNS_LISTED = 30;

export function trendSection(data: ReportData, points: readonly TrendPoint[]): Html {
  return html`<section id="trend" aria-labelledby="trend-section-title">
<h2 id="trend-section-title">Open findings over time</h2>
${points.length === 0 ? html`<p class="empty">No audit recorded yet: the trend starts with the first scan kept in a store.</p>` : figure(data, points)}
</section>`;
}

function figure(data: ReportData, points: readonly TrendPoint[]): Html {
  const first = points[0];
  const last = points[points.length - 1];
  const caption =
    points.length === 1
      ? `One audit so far (${formatDay(new Date(first.at).toISOString())}): ${plural(last.total, 'open finding')}. The trend grows with every audit.`
      : `${plural(last.total, 'open finding')} now, ${first.total} at the first of ${plural(points.length, 'run')} (${formatDay(new Date(first.at).toISOString())}). Counts hold between runs.`;
  return html`<figure class="trend">
${trendChart(points)}
<figcaption>${caption}</figcaption>
</figure>
${runsTable(data.runs)}`;
}

function runsTable(runs: readonly RunSummary[]): Html {
  const listed = [...runs].reverse().slice(0, RUNS_LISTED);
  const severalAccounts = new Set(runs.map((r) => r.account)).size > 1;
  return html`<details class="runs">
<summary>${runs.length > RUNS_LISTED ? `The ${RUNS_LISTED} latest of ${runs.length} runs` : plural(runs.length, 'run')}, as numbers</summary>
<table class="wide">
<thead><tr><th scope="col" class="col-time">Run</th>${severalAccounts ? html`<th scope="col">Account</th>` : ''}<th scope="col">Kind</th>${SEVERITIES.map(
    (s) => html`<th scope="col" class="num">${SEVERITY_LABELS[s]}</th>`,
  )}<th scope="col" class="num">Opened</th><th scope="col" class="num">Resolved</th><th scope="col">Not collected</th></tr></thead>
<tbody>${listed.map(
    (r) => html`<tr><td>${timeCell(r.at)}</td>${severalAccounts ? html`<td>${r.account}</td>` : ''}<td>${r.kind === 'scan' ? 'audit' : r.kind}</td>${SEVERITIES.map(
      (s) => html`<td class="num">${r.openBySeverity[s]}</td>`,
    )}<td class="num">${r.opened + r.reopened}</td><td class="num">${r.resolved}</td><td>${r.collectionGaps.length ? r.collectionGaps.join(', ') : html`<span class="muted">—</span>`}</td></tr>`,
  )}</tbody>
</table>
</details>`;
}
