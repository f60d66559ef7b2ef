/** Small pieces every section of the report uses: badges, resource and time cells, references, remediation text. */
import type { Reference, Severity } from '../../shared/model.js';
import { resourceLink } from '../../shared/notify/aws-console-links.js';
import { splitCommands } from './commands.js';
import { referenceLabel } from '../../shared/catalog.js';
import { SEVERITY_LABELS, ageOf, formatDay, formatTime, shortResource } from './format.js';
import { html, type Html } from './markup.js';

/** Severity as a word on a tinted badge: never colour alone. */
export function severityBadge(severity: Severity): Html {
  return html`<span class="sev sev-${severity}">${SEVERITY_LABELS[severity]}</span>`;
}

/**
 * The short name a reader recognizes (linked to its console page where
 * there is one), the full ARN under it, and the qualifier where one resource
 * fails a check more than once.
 */
export function resourceCell(resource: string | null, id?: string, qualifier?: string): Html {
  if (resource === null) return html`<span class="muted">none</span>`;
  const short = shortResource(resource);
  const link = resourceLink(resource, id);
  const name = link ? html`<a class="res-link" href="${link.url}" title="${link.text}">${short}</a>` : html`<span>${short}</span>`;
  return html`<div class="res">${name}${qualifier ? html` <span class="qualifier">${qualifier}</span>` : ''}</div>${
    short !== resource ? html`<div class="arn">${breakable(resource)}</div>` : ''
  }`;
}

/** A day and how long ago it was. */
export function dayCell(iso: string, now: Date): Html {
  return html`<time datetime="${iso}" title="${formatTime(iso)}">${formatDay(iso)}</time><div class="muted small">${ageOf(iso, now)}</div>`;
}

/** A time in a table cell: the day, then the hour under it. */
export function timeCell(iso: string): Html {
  const [day, hour] = [formatDay(iso), formatTime(iso).slice(11)];
  return html`<time datetime="${iso}">${day}<span class="muted small block">${hour}</span></time>`;
}

/** An ARN that wraps after its slashes before it wraps anywhere else. */
function breakable(arn: string): Html[] {
  return arn.split('/').map((part, i) => html`${i > 0 ? html`/<wbr>` : ''}${part}`);
}

export function referenceList(references: readonly Reference[]): Html {
  if (references.length === 0) return html`<span class="muted">none</span>`;
  return html`<ul class="refs">${references.map(
    (r) => html`<li>${r.url ? html`<a href="${r.url}" rel="noreferrer">${referenceLabel(r)}</a>` : referenceLabel(r)}</li>`,
  )}</ul>`;
}

/** Prose with its AWS CLI commands set as code. */
export function remediationText(text: string): Html {
  return html`${splitCommands(text).map((part) => (part.command ? html`<code class="cmd">${part.text}</code>` : part.text))}`;
}
