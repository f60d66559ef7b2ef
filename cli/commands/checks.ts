/** `iam-sentinel checks`: the catalog, generated from the checks' and rules' own metadata. */
import { CHECKS } from '../../shared/checks/index.js';
import { DETECTION_RULES } from '../../shared/detections/index.js';
import { referenceLabel } from '../../shared/catalog.js';
import type { RuleMetadata } from '../../shared/model.js';
import { FORMATS, oneOf, parse } from '../args.js';
import { csv, paint, paintSeverity, wrap } from '../format/text.js';
import { out, printJson, stdoutStyle, type Command } from '../io.js';

export function referenceList(m: RuleMetadata): string {
  return m.references.map(referenceLabel).join('; ');
}

function entry(kind: 'check' | 'detection', m: RuleMetadata) {
  return {
    kind,
    id: m.id,
    title: m.title,
    severity: m.severity,
    practice: m.practice,
    references: m.references,
    remediation: m.remediation,
  };
}

export const checksCommand: Command = {
  name: 'checks',
  summary: 'the catalog of checks and detection rules, with references',
  usage: 'iam-sentinel checks [--format table|json|csv]',
  async run(argv, io) {
    const { values } = parse('checks', argv, { format: { type: 'string' } });
    const format = oneOf('checks', 'format', values.format, FORMATS, 'table');
    const all = [...CHECKS.map((c) => entry('check', c)), ...DETECTION_RULES.map((r) => entry('detection', r))];
    if (format === 'json') {
      printJson(io, { checks: all.filter((e) => e.kind === 'check'), detections: all.filter((e) => e.kind === 'detection') });
      return 0;
    }
    if (format === 'csv') {
      out(io, csv(['kind', 'id', 'severity', 'title', 'references', 'practice', 'remediation'], all.map((e) => [e.kind, e.id, e.severity, e.title, referenceList(e), e.practice, e.remediation])));
      return 0;
    }
    const style = stdoutStyle(io);
    const lines: string[] = [];
    for (const [kind, heading] of [['check', 'Periodic checks (scan)'], ['detection', 'Real-time detections (detect)']] as const) {
      lines.push(paint(style, heading, 'bold'), '');
      for (const e of all.filter((x) => x.kind === kind)) {
        lines.push(`${paint(style, e.id, 'bold')}  ${paintSeverity(style, e.severity)}  ${e.title}`);
        const refs = referenceList(e);
        if (refs) lines.push(paint(style, wrap(refs, style.width, '    ', '    '), 'dim'));
      }
      lines.push('');
    }
    out(io, lines.join('\n'));
    return 0;
  },
};
