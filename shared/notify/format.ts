/**
 * What a notification says: the subject line, the plain-text email body and
 * the structured view Slack renders, for a finding change, a reminder, a
 * detection and a run digest. Titles, practices and remediations come from
 * the catalog, so a notification says exactly what `iam-sentinel checks` does.
 */
import { metadataFor } from '../catalog.js';
import { severityRank, type Detection, type Severity } from '../model.js';
import { digestSeverity, type AccountRef, type NotificationContent as Content } from '../findings/notifications.js';
export { digestSeverity };
import type { ChangeKind, FindingChange, FindingState, RunSummary } from '../findings/types.js';
import { cloudTrailEventLink, parseArn, resourceLink, shortResourceName } from './aws-console-links.js';
import type { Fact, Link, NotificationView } from './view.js';

/** SNS rejects a Subject of 100 characters or more. */
export const MAX_SUBJECT_LENGTH = 99;
/** A digest lists this many changes; the rest are counted, so a first scan of a big account still fits one SNS message. */
export const MAX_DIGEST_ITEMS = 50;
const MAX_DETAILS_LENGTH = 500;

export type { AccountRef };

/** What shared/findings asks a renderer for, with the view every notification here carries. */
export interface NotificationContent extends Content {
  /** `view` for rendering, plus the facts as data for subscribers that filter or route. */
  readonly data: Content['data'] & { readonly view: NotificationView };
}

// ---------------------------------------------------------------------------
// Subject

/**
 * SNS subjects must be printable ASCII without line breaks: accents are
 * dropped, anything else non-ASCII becomes "?".
 */
function asciiLine(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 3) return text.slice(0, max);
  return `${text.slice(0, max - 3).trimEnd()}...`;
}

export interface SubjectParts {
  readonly severity: Severity;
  /** Said before the title, e.g. "Reopened" or "Still open 14d". */
  readonly lead?: string;
  readonly title: string;
  /** A short resource name ("user/quinn") said after the title. */
  readonly target?: string | null;
  readonly account: string;
  readonly accountAlias: string | null;
}

/**
 * "[CRITICAL] Root access key used in 111122223333 (prod-alias)", always
 * under 100 characters: a long alias is shortened first (keeping at least
 * 40 characters of what happened), then the title and target.
 */
export function subjectLine(parts: SubjectParts): string {
  const prefix = asciiLine(`[${parts.severity.toUpperCase()}] ${parts.lead ? `${parts.lead}: ` : ''}`) + ' ';
  const where = ` in ${asciiLine(parts.account)}`;
  let what = asciiLine(parts.target ? `${parts.title}: ${parts.target}` : parts.title);
  const alias = parts.accountAlias ? asciiLine(parts.accountAlias) : '';
  const room = MAX_SUBJECT_LENGTH - prefix.length - where.length;
  let aliasPart = alias ? ` (${alias})` : '';
  if (what.length + aliasPart.length > room) {
    const whatShare = Math.min(what.length, Math.max(40, room - aliasPart.length));
    const aliasRoom = room - whatShare - 3; // " (" and ")"
    aliasPart = alias && aliasRoom >= 8 ? ` (${truncate(alias, aliasRoom)})` : '';
    what = truncate(what, room - aliasPart.length);
  }
  return truncate(`${prefix}${what}${where}${aliasPart}`, MAX_SUBJECT_LENGTH);
}

// ---------------------------------------------------------------------------
// Plain-text body

function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');
}

/** The email body: what, where, when, who, why it matters, how to fix, console links. */
export function renderText(view: NotificationView): string {
  const labels = ['What', ...view.facts.map((f) => f.label)];
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  const row = (label: string, value: string) => {
    const [first = '', ...rest] = value.split('\n');
    return [`${`${label}:`.padEnd(width)}${first}`, ...rest.map((line) => ' '.repeat(width) + line)].join('\n');
  };

  const sections: string[] = [];
  sections.push(
    [
      row('What', `${view.headline}\n${view.summary}`),
      row('Severity', view.severity.toUpperCase()),
      ...view.facts.map((f) => row(f.label, f.value)),
    ].join('\n'),
  );
  if (view.items.length > 0) {
    const more = view.moreItems > 0 ? [`  ... and ${view.moreItems} more`] : [];
    sections.push(['Changes:', ...view.items.map((i) => `  - ${i}`), ...more].join('\n'));
  }
  if (view.why) sections.push(`Why it matters:\n${indent(view.why)}`);
  if (view.fix) sections.push(`How to fix:\n${indent(view.fix)}`);
  if (view.links.length > 0) sections.push(['AWS console:', ...view.links.map((l) => `  ${l.text}: ${l.url}`)].join('\n'));
  sections.push(`${view.footer}\n-- iam-sentinel`);
  return `${sections.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------
// Content per kind

function whereFact(ref: AccountRef): Fact {
  return { label: 'Where', value: ref.accountAlias ? `account ${ref.account} (${ref.accountAlias})` : `account ${ref.account}` };
}

function detailsText(details: Readonly<Record<string, unknown>>): string | null {
  const parts = Object.entries(details)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length > 0 ? truncate(parts.join(', '), MAX_DETAILS_LENGTH) : null;
}

function links(...candidates: (Link | null)[]): Link[] {
  return candidates.filter((l): l is Link => l !== null);
}

function content(view: NotificationView, subject: SubjectParts, data: Record<string, unknown>): NotificationContent {
  return { subject: subjectLine(subject), body: renderText(view), data: { ...data, view } };
}

interface FindingFacts {
  readonly checkId: string;
  readonly findingId: string;
  readonly resource: string;
  readonly qualifier?: string;
  readonly severity: Severity;
  readonly title: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

function findingView(f: FindingFacts, ref: AccountRef, facts: Fact[]): NotificationView {
  const meta = metadataFor(f.checkId);
  const details = detailsText(f.details);
  return {
    headline: meta?.title ?? f.title,
    summary: f.message,
    severity: f.severity,
    facts: [
      whereFact(ref),
      { label: 'Resource', value: f.resource },
      ...(f.qualifier ? [{ label: 'Item', value: f.qualifier }] : []),
      ...facts,
      ...(details ? [{ label: 'Details', value: details }] : []),
    ],
    why: meta?.practice ?? null,
    fix: meta?.remediation ?? null,
    links: links(resourceLink(f.resource, f.checkId)),
    items: [],
    moreItems: 0,
    footer: `Check ${f.checkId} - finding ${f.findingId}`,
  };
}

const CHANGE_STATUS: Partial<Record<ChangeKind, string>> = {
  opened: 'new finding',
  reopened: 'reopened: it had been resolved and fails again',
  unsuppressed: 'open again: its suppression ended (expired, or taken out of the config)',
};
const CHANGE_LEAD: Partial<Record<ChangeKind, string>> = { reopened: 'Reopened', unsuppressed: 'Suppression ended' };

/** A finding that opened, reopened or came back from a suppression in a run. */
export function findingChangeContent(change: FindingChange, ref: AccountRef): NotificationContent {
  const status = CHANGE_STATUS[change.change] ?? change.change;
  const view = findingView(change, ref, [
    { label: 'Status', value: status },
    { label: 'When', value: `${change.at} (audit time)` },
  ]);
  return content(
    view,
    {
      severity: change.severity,
      lead: CHANGE_LEAD[change.change],
      title: view.headline,
      target: shortResourceName(change.resource),
      ...ref,
    },
    {
      findingId: change.findingId,
      checkId: change.checkId,
      resource: change.resource,
      ...(change.qualifier ? { qualifier: change.qualifier } : {}),
      change: change.change,
      at: change.at,
    },
  );
}

const DAY_MS = 86_400_000;

/** A still-open finding, reminded about `at` (the run's evaluation time). */
export function reminderContent(state: FindingState, ref: AccountRef, at: string): NotificationContent {
  const days = Math.max(0, Math.floor((Date.parse(at) - Date.parse(state.firstSeen)) / DAY_MS));
  const view = findingView(state, ref, [
    { label: 'Status', value: `still open after ${days} days` },
    { label: 'When', value: `open since ${state.firstSeen}, last seen ${state.lastSeen}` },
  ]);
  return content(
    view,
    { severity: state.severity, lead: `Still open ${days}d`, title: view.headline, target: shortResourceName(state.resource), ...ref },
    {
      findingId: state.findingId,
      checkId: state.checkId,
      resource: state.resource,
      ...(state.qualifier ? { qualifier: state.qualifier } : {}),
      firstSeen: state.firstSeen,
      lastSeen: state.lastSeen,
      openDays: days,
      at,
    },
  );
}

/** A real-time detection from one CloudTrail event. */
export function detectionContent(d: Detection, ref: AccountRef): NotificationContent {
  const meta = metadataFor(d.ruleId);
  const partition = parseArn(d.actor)?.partition ?? parseArn(d.resource ?? '')?.partition ?? 'aws';
  const view: NotificationView = {
    headline: meta?.title ?? `${d.eventName} (${d.ruleId})`,
    summary: d.message,
    severity: d.severity,
    facts: [
      whereFact(ref),
      ...(d.resource ? [{ label: 'Resource', value: d.resource }] : []),
      { label: 'When', value: d.eventTime },
      { label: 'Who', value: d.actor },
      { label: 'Source IP', value: d.sourceIp ?? 'not recorded' },
      { label: 'Event', value: `${d.eventName} (event id ${d.eventId})` },
    ],
    why: meta?.practice ?? null,
    fix: meta?.remediation ?? null,
    links: links(cloudTrailEventLink(d.eventId, partition), resourceLink(d.resource, d.ruleId)),
    items: [],
    moreItems: 0,
    footer: `Rule ${d.ruleId} - CloudTrail event ${d.eventId}`,
  };
  return content(view, { severity: d.severity, title: view.headline, target: d.resource ? shortResourceName(d.resource) : null, ...ref }, { ...d });
}

const CHANGE_ORDER: readonly ChangeKind[] = ['opened', 'reopened', 'unsuppressed', 'severity-changed', 'resolved', 'suppressed'];


function changeLine(c: FindingChange): string {
  const severity = c.change === 'severity-changed' && c.previousSeverity ? `${c.previousSeverity.toUpperCase()} -> ${c.severity.toUpperCase()}` : c.severity.toUpperCase();
  return `${c.change} [${severity}] ${c.title}: ${c.resource}${c.qualifier ? ` (${c.qualifier})` : ''}`;
}

const RUN_NAMES: Readonly<Record<RunSummary['kind'], string>> = {
  scan: 'IAM audit',
  targeted: 'IAM re-evaluation',
  detect: 'IAM detection run',
};

/** One summary of every change a run saw. `folded`: alerts of this run not sent one by one (notify.maxAlertsPerRun), which this digest stands for. */
export function digestContent(run: RunSummary, changes: readonly FindingChange[], ref: AccountRef, folded = 0): NotificationContent {
  const counts = CHANGE_ORDER.map((kind) => [kind, changes.filter((c) => c.change === kind).length] as const).filter(([, n]) => n > 0);
  const countText = counts.map(([kind, n]) => `${n} ${kind}`).join(', ');
  const ordered = [...changes].sort(
    (a, b) =>
      CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      a.findingId.localeCompare(b.findingId),
  );
  const open = Object.entries(run.openBySeverity)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ');
  const severity = digestSeverity(changes);
  const view: NotificationView = {
    headline: `${RUN_NAMES[run.kind]}: ${countText}`,
    summary:
      `${changes.length} finding ${changes.length === 1 ? 'change' : 'changes'} in this run.` +
      (folded > 0 ? ` ${folded} of them would each have alerted: more than notify.maxAlertsPerRun, so this digest stands for them.` : ''),
    severity,
    facts: [
      whereFact(ref),
      { label: 'When', value: `${run.at} (audit time)` },
      { label: 'Open now', value: open || 'nothing' },
      ...(run.collectionGaps.length > 0 ? [{ label: 'Not collected', value: run.collectionGaps.join(', ') }] : []),
    ],
    why: null,
    fix: null,
    links: [],
    items: ordered.slice(0, MAX_DIGEST_ITEMS).map(changeLine),
    moreItems: Math.max(0, ordered.length - MAX_DIGEST_ITEMS),
    footer: `Run ${run.runId} - full list: iam-sentinel history --since ${run.at} --until ${run.at}`,
  };
  return content(
    view,
    { severity, title: view.headline, ...ref },
    {
      runId: run.runId,
      runKind: run.kind,
      at: run.at,
      counts: Object.fromEntries(counts),
      ...(folded > 0 ? { foldedAlerts: folded } : {}),
      changes: ordered.slice(0, MAX_DIGEST_ITEMS).map((c) => ({
        findingId: c.findingId,
        checkId: c.checkId,
        resource: c.resource,
        change: c.change,
        severity: c.severity,
      })),
    },
  );
}
