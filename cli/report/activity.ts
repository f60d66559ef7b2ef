/**
 * What happened lately: finding changes from the history, grouped by the run
 * that saw them, and real-time detections, newest first.
 */
import { SEVERITIES } from '../../shared/model.js';
import { cloudTrailEventLink, parseArn } from '../../shared/notify/aws-console-links.js';
import type { ChangeKind, FindingChange, StoredDetection } from '../../shared/store/types.js';
import type { RecentItems, ReportData } from './data.js';
import { formatTime, plural, shortResource } from './format.js';
import { html, type Html } from './markup.js';
import { resourceCell, severityBadge, timeCell } from './parts.js';

/** Also the order within a run: what got worse first. */
const CHANGE_LABELS: Readonly<Record<ChangeKind, string>> = {
  opened: 'Opened',
  reopened: 'Reopened',
  'severity-changed': 'Severity changed',
  unsuppressed: 'Unsuppressed',
  suppressed: 'Suppressed',
  resolved: 'Resolved',
};
const CHANGE_ORDER = Object.keys(CHANGE_LABELS) as ChangeKind[];

export function changesSection(data: ReportData): Html {
  const changes = data.changes;
  return html`<section id="changes" aria-labelledby="changes-title">
<h2 id="changes-title">Recent changes <span class="count-pill">${changes.items.length}</span></h2>
${
  changes.items.length === 0
    ? html`<p class="empty">No finding has changed yet.</p>`
    : html`<p class="lead">${windowSentence(changes, 'change')}</p>
<table class="wide fixed">
<thead><tr><th scope="col" class="col-change">Change</th><th scope="col">Check and finding</th><th scope="col" class="col-resource">Resource</th></tr></thead>
${byRun(changes.items).map(runGroup)}
</table>`
}
</section>`;
}

/** Changes of one run share its time; runs newest first, as the items come. */
function byRun(changes: readonly FindingChange[]): FindingChange[][] {
  const groups = new Map<string, FindingChange[]>();
  for (const c of changes) groups.set(c.at, [...(groups.get(c.at) ?? []), c]);
  return [...groups.values()];
}

function runGroup(changes: FindingChange[]): Html {
  const sorted = [...changes].sort(
    (a, b) =>
      CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.checkId.localeCompare(b.checkId) ||
      a.resource.localeCompare(b.resource),
  );
  const counts = CHANGE_ORDER.map((kind) => [kind, changes.filter((c) => c.change === kind).length] as const).filter(([, n]) => n > 0);
  return html`<tbody>
<tr class="group-head"><th colspan="3" scope="rowgroup"><time datetime="${changes[0].at}">${formatTime(changes[0].at)}</time><span class="muted"> · ${counts.map(([kind, n]) => `${n} ${kind.replace('-', ' ')}`).join(' · ')}</span></th></tr>
${sorted.map(changeRow)}
</tbody>`;
}

function changeRow(c: FindingChange): Html {
  const severityNote = c.change === 'severity-changed' && c.previousSeverity ? html`<div class="small muted">${c.previousSeverity} → ${c.severity}</div>` : '';
  return html`<tr>
<td><span class="change change-${c.change}">${CHANGE_LABELS[c.change]}</span>${severityNote}</td>
<td><div class="rule-line">${severityBadge(c.severity)} <code class="check-id">${c.checkId}</code></div><div>${c.message}</div></td>
<td>${resourceCell(c.resource, c.checkId, c.qualifier)}</td>
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
<table class="wide fixed">
<thead><tr><th scope="col" class="col-time">When</th><th scope="col" class="col-rule">Rule and event</th><th scope="col" class="col-actor">Actor</th><th scope="col" class="col-resource">Resource</th><th scope="col">What happened</th></tr></thead>
<tbody>${detections.items.map(detectionRow)}</tbody>
</table>`
}
</section>`;
}

function detectionRow(d: StoredDetection): Html {
  const event = cloudTrailEventLink(d.eventId, parseArn(d.actor)?.partition ?? 'aws');
  return html`<tr>
<td>${timeCell(d.eventTime)}</td>
<td><div class="rule-line">${severityBadge(d.severity)} <code class="check-id">${d.ruleId}</code></div><a href="${event.url}" rel="noreferrer" title="CloudTrail event ${d.eventId}">${d.eventName}</a></td>
<td>${actorCell(d.actor)}${d.sourceIp ? html`<div class="small muted">from ${d.sourceIp}</div>` : ''}</td>
<td>${resourceCell(d.resource, d.ruleId)}</td>
<td>${d.message}</td>
</tr>`;
}

/** A role session reads as its session name (usually the person) and the role it came through. */
function actorCell(actor: string): Html {
  const arn = parseArn(actor);
  if (arn?.resourceType === 'assumed-role') {
    const role = actor.split('/')[1] ?? '';
    return html`<div class="actor" title="${actor}">${arn.name}</div><div class="small muted actor">via role ${role}</div>`;
  }
  return html`<div class="actor" title="${actor}">${shortResource(actor)}</div>`;
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

