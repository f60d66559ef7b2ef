/**
 * `iam-sentinel checks`: the catalog, generated from the checks' and rules'
 * own metadata: a table to read, or data (json, csv, markdown) to build
 * dashboards, suppressions and documentation from. README's catalog tables
 * are the markdown overview (scripts/catalog-markdown.ts).
 */
import { CHECKS } from '../../shared/checks/index.js';
import { DETECTION_RULES } from '../../shared/detections/index.js';
import { referenceLabel } from '../../shared/catalog.js';
import type { Check, Reference, ResourceKind, RuleMetadata, Severity } from '../../shared/model.js';
import { fileOf, type CheckInput } from '../../shared/snapshot/types.js';
import { FORMATS, defineCommand, formatOption, options } from '../args.js';
import { csv, paint, paintSeverity, wrap } from '../format/text.js';
import { out, printJson, stdoutStyle } from '../io.js';

/** One check or rule as `checks --format json` prints it; checks also name their inputs and resource kinds. */
export interface CatalogEntryData {
  readonly kind: 'check' | 'detection';
  readonly id: string;
  readonly title: string;
  /** The catalog's severity (a config's severityOverrides may change what findings show). */
  readonly severity: Severity;
  readonly practice: string;
  readonly references: readonly (Reference & { readonly label: string })[];
  readonly remediation: string;
  /** Checks: the snapshot inputs it reads (not collected → not evaluated). */
  readonly inputs?: readonly CheckInput[];
  /** Checks: the kinds of resource its findings name. */
  readonly resourceKinds?: readonly ResourceKind[];
}

export function referenceList(m: Pick<RuleMetadata, 'references'>): string {
  return m.references.map(referenceLabel).join('; ');
}

function entry(kind: 'check' | 'detection', m: RuleMetadata | Check): CatalogEntryData {
  return {
    kind,
    id: m.id,
    title: m.title,
    severity: m.severity,
    practice: m.practice,
    references: m.references.map((r) => ({ ...r, label: referenceLabel(r) })),
    remediation: m.remediation,
    ...('inputs' in m ? { inputs: m.inputs, resourceKinds: m.resourceKinds } : {}),
  };
}

export function catalogEntries(): { checks: CatalogEntryData[]; detections: CatalogEntryData[] } {
  return { checks: CHECKS.map((c) => entry('check', c)), detections: DETECTION_RULES.map((r) => entry('detection', r)) };
}

/** Prose in markdown: `<user>` in a remediation must not read as an HTML tag. */
const text = (s: string) => s.replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (s: string) => text(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** The overview table (README's catalog section is made of two of these). */
export function catalogTable(list: readonly RuleMetadata[]): string {
  return [
    '| id | severity | what it finds | references |',
    '| --- | --- | --- | --- |',
    ...list.map((m) => `| \`${m.id}\` | ${m.severity} | ${cell(m.title)} | ${cell(referenceList(m))} |`),
  ].join('\n');
}

function markdownReference(r: CatalogEntryData['references'][number]): string {
  return r.url ? `[${r.label}](${r.url})` : r.label;
}

function markdownEntry(e: CatalogEntryData): string {
  const facts = [`- Severity: ${e.severity}`];
  if (e.inputs) facts.push(`- Inputs: ${e.inputs.length ? e.inputs.map((i) => `${i} (\`${fileOf(i)}\`)`).join(', ') : 'none (reports on the run itself)'}`);
  if (e.resourceKinds) facts.push(`- Resources: ${e.resourceKinds.join(', ')}`);
  if (e.references.length) facts.push(`- References: ${e.references.map(markdownReference).join('; ')}`);
  return [`### \`${e.id}\`: ${text(e.title)}`, '', ...facts, '', text(e.practice), '', `**Remediation:** ${text(e.remediation)}`].join('\n');
}

/** The whole catalog as a markdown document: an overview table, then every check and rule in full. */
export function catalogMarkdown(): string {
  const { checks, detections } = catalogEntries();
  const part = (heading: string, list: CatalogEntryData[]) => [`## ${heading} (${list.length})`, '', catalogTable(list), '', ...list.map((e) => markdownEntry(e) + '\n')];
  return ['# iam-sentinel catalog', '', ...part('Periodic checks', checks), ...part('Real-time detections', detections)].join('\n');
}

export const CHECKS_OPTIONS = options({
  ...formatOption([...FORMATS, 'markdown'], 'table (to read), json (every field, for dashboards and suppressions), csv (one row each) or markdown (a document)'),
});

export const checksCommand = defineCommand({
  name: 'checks',
  summary: 'the catalog of checks and detection rules, with references',
  options: CHECKS_OPTIONS,
  examples: [
    { args: '', what: 'every check and rule with its severity and the standards it maps to' },
    { args: '--format json', what: 'the catalog as data: ids, severities, references, inputs, resource kinds, remediations' },
    { args: '--format markdown > catalog.md', what: 'the catalog as a document, every check and rule in full' },
  ],
  async run({ values }, io) {
    const { checks, detections } = catalogEntries();
    if (values.format === 'json') {
      printJson(io, { checks, detections });
      return 0;
    }
    const all = [...checks, ...detections];
    if (values.format === 'csv') {
      out(
        io,
        csv(
          ['kind', 'id', 'severity', 'title', 'references', 'practice', 'remediation', 'inputs', 'resourceKinds'],
          all.map((e) => [e.kind, e.id, e.severity, e.title, referenceList(e), e.practice, e.remediation, e.inputs?.join(';') ?? '', e.resourceKinds?.join(';') ?? '']),
        ),
      );
      return 0;
    }
    if (values.format === 'markdown') {
      out(io, catalogMarkdown());
      return 0;
    }
    const style = stdoutStyle(io);
    const lines: string[] = [];
    for (const [list, heading] of [[checks, 'Periodic checks (scan)'], [detections, 'Real-time detections (detect)']] as const) {
      lines.push(paint(style, heading, 'bold'), '');
      for (const e of list) {
        lines.push(`${paint(style, e.id, 'bold')}  ${paintSeverity(style, e.severity)}  ${e.title}`);
        const refs = referenceList(e);
        if (refs) lines.push(paint(style, wrap(refs, style.width, '    ', '    '), 'dim'));
      }
      lines.push('');
    }
    out(io, lines.join('\n'));
    return 0;
  },
});
