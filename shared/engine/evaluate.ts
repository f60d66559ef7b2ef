/**
 * Runs the periodic checks over a snapshot: runs only those the config
 * selects (`checks`), skips checks whose inputs were not collected (the
 * findings of either are neither opened nor resolved), applies severity
 * overrides and suppressions, and says exactly what was evaluated so the
 * finding lifecycle knows what it may resolve.
 */
import type { Config, Suppression } from '../config/schema.js';
import { SEVERITIES, lowered, type Check, type Finding, type Severity } from '../model.js';
import { isOrganizationInput } from '../snapshot/organization.js';
import type { CheckInput, CollectionGap, Snapshot } from '../snapshot/types.js';
import { effectiveSeverity, selectChecks } from './selection.js';

export interface SuppressedFinding extends Finding {
  readonly suppression: { readonly reason: string; readonly expires: string | null };
}

export interface EvaluationScope {
  /** Only findings on these resources were evaluated (targeted re-evaluation). */
  readonly resources: readonly string[];
}

export interface Evaluation {
  readonly account: string;
  /** Account alias, where collected. */
  readonly accountAlias: string | null;
  /** ISO time of `now`. */
  readonly evaluatedAt: string;
  /** Failing items, not suppressed, most severe first. */
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** Checks that ran with all their inputs: their absent findings are passing. */
  readonly evaluatedChecks: string[];
  /** Checks not run because an input (or a part of one) was not read whole. */
  readonly skippedChecks: { readonly checkId: string; readonly missing: CheckInput[] }[];
  /** Checks the config's selection (`checks`, or scan's --checks…) left out; absent where nothing was left out. */
  readonly notSelectedChecks?: string[];
  /** Every gap, each with the checks of this run it skipped. */
  /** Resources an evaluated check could not judge (rights unknown): their findings of that check stay as they are. */
  readonly unjudged?: readonly { readonly checkId: string; readonly resources: readonly string[] }[];
  readonly gaps: readonly CollectionGap[];
  /** Set for a targeted re-evaluation: only these resources were looked at. */
  readonly scope?: EvaluationScope;
}

export interface ScanSummary {
  readonly total: number;
  readonly bySeverity: Record<Severity, number>;
  readonly suppressed: number;
  readonly checksEvaluated: number;
  readonly checksSkipped: number;
  readonly collectionGaps: string[];
  /** Ids of the checks that ran (an addition to design.md's summary). */
  readonly evaluatedChecks: string[];
  /** Ids of the checks the selection left out: never opened, never resolved by this run. */
  readonly notSelectedChecks: string[];
}

/** Glob with `*` only, anchored: how suppressions name resources. */
function globMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

export function activeSuppression(
  finding: Pick<Finding, 'checkId' | 'resource'>,
  suppressions: readonly Suppression[],
  now: Date,
): Suppression | undefined {
  return suppressions.find(
    (s) =>
      (s.checkId === '*' || s.checkId === finding.checkId) &&
      globMatch(s.resource, finding.resource) &&
      (s.expires === undefined || Date.parse(s.expires) > now.getTime()),
  );
}

const bySeverityThenId = (a: Finding, b: Finding) =>
  SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
  a.checkId.localeCompare(b.checkId) ||
  a.resource.localeCompare(b.resource) ||
  (a.qualifier ?? '').localeCompare(b.qualifier ?? '');

export interface EvaluateOptions {
  /** Limit results to these resources (targeted re-evaluation). */
  readonly scope?: EvaluationScope;
}

export function evaluate(
  snapshot: Snapshot,
  checks: readonly Check[],
  config: Config,
  now: Date,
  options: EvaluateOptions = {},
): Evaluation {
  const missing = new Set<CheckInput>(snapshot.gaps.map((g) => g.input));
  const inScope = options.scope ? new Set(options.scope.resources) : null;
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const evaluatedChecks: string[] = [];
  const skippedChecks: Evaluation['skippedChecks'] = [];
  const unjudged: { checkId: string; resources: readonly string[] }[] = [];

  // An organization-level input absent without a gap (the account cannot read it): its checks do not apply here and decide nothing.
  const applicable = checks.filter((c) => !c.inputs.some((i) => isOrganizationInput(i) && snapshot[i] === undefined && !missing.has(i)));
  const { selected, notSelected } = selectChecks(applicable, config);
  // Which checks each gap skips is known before any check runs, so the gap's finding can say it truthfully.
  const runnable: Check[] = [];
  for (const check of selected) {
    const lacking = check.inputs.filter((i) => missing.has(i));
    if (lacking.length > 0) skippedChecks.push({ checkId: check.id, missing: lacking });
    else runnable.push(check);
  }
  const gaps = snapshot.gaps.map(
    (g): CollectionGap => ({ ...g, skippedChecks: skippedChecks.filter((s) => s.missing.includes(g.input)).map((s) => s.checkId) }),
  );
  const seen: Snapshot = { ...snapshot, gaps };
  const unreported = usersWithoutReportRow(seen);

  for (const check of runnable) {
    evaluatedChecks.push(check.id);
    const own = check.unjudged?.(seen, config) ?? [];
    // A user the credential report has no row for is not judged by the checks that read rows: nothing was read of it.
    const unknown = unreported.length > 0 && readsUserRows(check) ? [...new Set([...own, ...unreported])] : own;
    if (unknown.length > 0) unjudged.push({ checkId: check.id, resources: unknown });
    const severity = effectiveSeverity(check, config);
    for (const failure of check.evaluate(seen, config, now)) {
      if (inScope && !inScope.has(failure.resource)) continue;
      const finding: Finding = {
        checkId: check.id,
        severity: failure.conditional ? lowered(severity) : severity,
        resource: failure.resource,
        ...(failure.qualifier ? { qualifier: failure.qualifier } : {}),
        title: check.title,
        message: failure.message,
        details: failure.conditional ? { ...failure.details, conditional: true } : (failure.details ?? {}),
      };
      const suppression = activeSuppression(finding, config.suppressions, now);
      if (suppression) {
        suppressed.push({ ...finding, suppression: { reason: suppression.reason, expires: suppression.expires ?? null } });
      } else {
        findings.push(finding);
      }
    }
  }

  findings.sort(bySeverityThenId);
  suppressed.sort(bySeverityThenId);
  return {
    account: snapshot.accountId,
    accountAlias: snapshot.accountAliases?.[0] ?? null,
    evaluatedAt: now.toISOString(),
    findings,
    suppressed,
    evaluatedChecks,
    skippedChecks,
    ...(notSelected.length ? { notSelectedChecks: notSelected } : {}),
    ...(unjudged.length > 0 ? { unjudged } : {}),
    gaps,
    ...(options.scope ? { scope: options.scope } : {}),
  };
}

export function summarize(e: Evaluation): ScanSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of e.findings) bySeverity[f.severity]++;
  return {
    total: e.findings.length,
    bySeverity,
    suppressed: e.suppressed.length,
    checksEvaluated: e.evaluatedChecks.length,
    checksSkipped: e.skippedChecks.length,
    collectionGaps: e.gaps.map((g) => g.input),
    evaluatedChecks: [...e.evaluatedChecks],
    notSelectedChecks: [...(e.notSelectedChecks ?? [])],
  };
}

/**
 * Users the authorization details list but the credential report has no row
 * for (a report from before they existed, or a report cut or made by hand,
 * header only): what the report says of them is unknown, not "fine".
 */
function usersWithoutReportRow(snapshot: Snapshot): string[] {
  const report = snapshot.credentialReport;
  const users = snapshot.authorizationDetails?.users;
  if (!report || !users) return [];
  return users.filter((u) => !report.byArn.has(u.arn)).map((u) => u.arn);
}

/** A check that judges users by their credential report rows. */
function readsUserRows(check: Check): boolean {
  return check.inputs.includes('credentialReport') && check.resourceKinds.includes('user');
}
