/**
 * `scan` output in its three formats. The JSON shape is a contract
 * (design.md): {"account", "evaluatedAt", "findings": [{"checkId",
 * "severity", "resource", "title", "message", "details"}], "summary"}.
 */
import { summarize, type Evaluation } from '../../shared/engine/evaluate.js';
import { SEVERITIES, type Finding } from '../../shared/model.js';
import { csv, paint, paintSeverity, shortArn, wrap, type TextStyle } from './text.js';

/** One finding as scan's JSON has it (scan --org adds its account). */
export function findingJson(f: Finding) {
  return { checkId: f.checkId, severity: f.severity, resource: f.resource, title: f.title, message: f.message, details: f.details };
}

export function scanJson(e: Evaluation): unknown {
  return {
    account: e.account,
    evaluatedAt: e.evaluatedAt,
    findings: e.findings.map(findingJson),
    summary: summarize(e),
  };
}

export function scanCsv(e: Evaluation): string {
  return csv(
    ['checkId', 'severity', 'resource', 'title', 'message', 'details'],
    e.findings.map((f) => [f.checkId, f.severity, f.resource, f.title, f.message, f.details]),
  );
}

/**
 * Which checks ran: all of them, or, for a partial scan (a selection), the
 * shorter of the two lists (those that ran, those left out), so nobody reads
 * "no findings" as "every check passed".
 */
export function checksRun(e: Evaluation): string {
  const notSelected = e.notSelectedChecks ?? [];
  const total = e.evaluatedChecks.length + e.skippedChecks.length + notSelected.length;
  const ran = `${e.evaluatedChecks.length} of ${total} checks ran`;
  const skipped = e.skippedChecks.length ? `${e.skippedChecks.length} not evaluated (input not collected)` : '';
  if (notSelected.length === 0) return `${[ran, skipped].filter(Boolean).join('; ')}.`;
  const leftOut = `${notSelected.length} left out by the selection (their findings untouched)`;
  if (e.evaluatedChecks.length <= notSelected.length) {
    return `${ran}: ${e.evaluatedChecks.join(', ') || 'none'}. ${[skipped, leftOut].filter(Boolean).join('; ')}.`;
  }
  return `${ran}. ${[skipped, `${leftOut}: ${notSelected.join(', ')}`].filter(Boolean).join('; ')}.`;
}

/** Findings grouped by severity, most severe first, readable in 80 columns. */
export function scanTable(e: Evaluation, style: TextStyle): string {
  const s = summarize(e);
  const out: string[] = [];
  const alias = e.accountAlias ? ` (${e.accountAlias})` : '';
  out.push(paint(style, `iam-sentinel scan of ${e.account}${alias} at ${e.evaluatedAt}`, 'bold'));
  const counts = SEVERITIES.map((sev) => paintSeverity(style, sev, `${s.bySeverity[sev]} ${sev}`)).join(', ');
  out.push(`${s.total} finding${s.total === 1 ? '' : 's'}: ${counts}`);
  if (s.suppressed) out.push(paint(style, `${s.suppressed} suppressed by config`, 'dim'));
  if (e.skippedChecks.length) {
    out.push(
      paint(style, `Not evaluated (input not collected): ${e.skippedChecks.map((c) => c.checkId).join(', ')}`, 'yellow'),
    );
  }
  for (const sev of SEVERITIES) {
    const group = e.findings.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push('');
    out.push(paintSeverity(style, sev, `${sev.toUpperCase()} (${group.length})`));
    for (const f of group) {
      out.push(`  ${paint(style, f.checkId, 'bold')}  ${shortArn(f.resource)}`);
      out.push(paint(style, wrap(f.message, style.width, '      ', '      '), 'dim'));
    }
  }
  if (s.total === 0) out.push('', paint(style, 'No failing items.', 'green'));
  out.push('', paint(style, wrap(checksRun(e), style.width, '  ', ''), 'dim'));
  return out.join('\n') + '\n';
}
