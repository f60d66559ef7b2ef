/** What happened lately: finding changes from the history, and real-time detections, newest first. */
import { cloudTrailEventLink, parseArn } from '../../shared/notify/aws-console-links.js';
import type { ChangeKind, FindingChange, StoredDetection } from '../../shared/store/types.js';
import type { RecentItems, ReportData } from './data.js';
import { plural, shortResource } from './format.js';
import { html, type Html } from './markup.js';
import { resourceCell, severityBadge, timeCell } from './parts.js';

const CHANGE_LABELS: Readonly<Record<ChangeKind, string>> = {
  opened: 'Opened',
  resolved: 'Resolved',
  reopened: 'Reopened',
  suppressed: 'Suppressed',
  unsuppressed: 'Unsuppressed',
  'severity-changed': 'Severity changed',
};

export function changesSection(data: ReportData): Html {
  const changes = data.changes;
  return html`<section id="changes" aria-labelledby="changes-title">
<h2 id="changes-title">Recent changes <span class="count-pill">${changes.items.length}</span></h2>
${
  changes.items.length === 0
    ? html`<p class="empty">No finding has changed yet.</p>`
    : html`<p class="lead">${windowSentence(changes, 'change')}</p>
<table class="wide">
<thead><tr><th scope="col" class="col-time">When</th><th scope="col">Change</th><th scope="col">Check</th><th scope="col" class="col-resource">Resource</th><th scope="col">Finding</th></tr></thead>
<tbody>${changes.items.map(changeRow)}</tbody>
</table>`
}
</section>`;
}

function changeRow(c: FindingChange): Html {
  const severityNote = c.change === 'severity-changed' && c.previousSeverity ? html`<div class="small muted">${c.previousSeverity} → ${c.severity}</div>` : '';
  return html`<tr>
<td>${timeCell(c.at)}</td>
<td><span class="change change-${c.change}">${CHANGE_LABELS[c.change]}</span>${severityNote}</td>
<td>${severityBadge(c.severity)} <code class="check-id">${c.checkId}</code></td>
<td>${resourceCell(c.resource, c.checkId, c.qualifier)}</td>
<td>${c.message}</td>
</tr>`;
}

export function detectionsSection(data: ReportData): Html {
  const detections = data.detections;
  return html`<section id="detections" aria-labelledby="detections-title">
<h2 id="detections-title">Real-time detections <span class="count-pill">${detections.items.length}</span></h2>
${
  detections.items.length === 0
    ? html`<p class="empty">No risky CloudTrail event detected yet.</p>`
    : html`<p class="lead">${windowSentence(detections, 'detection')}</p>
<table class="wide">
<thead><tr><th scope="col" class="col-time">When</th><th scope="col">Rule</th><th scope="col">Event</th><th scope="col">Actor</th><th scope="col" class="col-resource">Resource</th><th scope="col">What happened</th></tr></thead>
<tbody>${detections.items.map(detectionRow)}</tbody>
</table>`
}
</section>`;
}

function detectionRow(d: StoredDetection): Html {
  const event = cloudTrailEventLink(d.eventId, parseArn(d.actor)?.partition ?? 'aws');
  return html`<tr>
<td>${timeCell(d.eventTime)}</td>
<td>${severityBadge(d.severity)} <code class="check-id">${d.ruleId}</code></td>
<td><a href="${event.url}" rel="noreferrer" title="${d.eventId}">${d.eventName}</a></td>
<td><div class="actor" title="${d.actor}">${shortResource(d.actor)}</div>${d.sourceIp ? html`<div class="small muted">from ${d.sourceIp}</div>` : ''}</td>
<td>${resourceCell(d.resource, d.ruleId)}</td>
<td>${d.message}</td>
</tr>`;
}

/** Says which slice of the timeline the table shows. */
function windowSentence<T>(recent: RecentItems<T>, noun: string): string {
  const shown = recent.items.length;
  const days = `the last ${recent.days} days`;
  if (recent.truncated) return `The ${shown} most recent of ${plural(recent.inWindow, noun)} in ${days}, newest first.`;
  if (recent.extended && recent.inWindow === 0) return `None in ${days}; the ${shown === 1 ? `last ${noun}` : `${shown} most recent`}, newest first.`;
  if (recent.extended) return `${plural(recent.inWindow, noun)} in ${days} and the ${shown - recent.inWindow} before them, newest first.`;
  return `${recent.inWindow === 1 ? `The only ${noun}` : `All ${plural(recent.inWindow, noun)}`} of ${days}, newest first.`;
}
