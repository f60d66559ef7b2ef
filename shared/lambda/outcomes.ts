/**
 * What a handler's run amounts to: metrics and one summary log line, a small
 * report as the invocation's result, and an IncompleteRunError when part of
 * the work could not be done. Everything that could be done is done first
 * (state applied, other notifications delivered); the error then makes
 * Lambda retry the event, which is safe because every step is idempotent,
 * and hands it to the dead-letter queue if the problem persists.
 */
import type { EventInputError } from '../errors.js';
import { exportProblems, type SecurityHubExportResult } from '../export/securityhub.js';
import type { DeliveryResult } from '../notify/deliver.js';
import type { EventsResult } from '../pipeline/events.js';
import type { MemberAudit, RunReport } from '../pipeline/org-hub.js';
import type { ScanResult } from '../pipeline/scan.js';
import type { ApplyResult } from '../store/types.js';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { count, METRIC, type Observability } from './observability.js';

export class IncompleteRunError extends Error {
  override name = 'IncompleteRunError';
  constructor(
    what: string,
    readonly problems: readonly string[],
  ) {
    super(`${what} left ${problems.length} problem${problems.length === 1 ? '' : 's'} for a retry: ${problems.join('; ')}`);
  }
}

export interface AuditReport {
  readonly account: string;
  readonly evaluatedAt: string;
  /** Failing items found by this audit (not suppressed). */
  readonly findings: number;
  readonly opened: number;
  readonly reopened: number;
  readonly resolved: number;
  readonly collectionGaps: readonly string[];
  readonly notificationsDelivered: number;
  /** Findings imported into Security Hub, when the deployment exports there. */
  readonly findingsExported?: number;
}

export interface EventsReport {
  /** Distinct events evaluated. */
  readonly events: number;
  /** Redeliveries of an event already in this batch. */
  readonly skipped: number;
  readonly detections: number;
  /** Detections stored for the first time (0 when EventBridge delivers an event again). */
  readonly newDetections: number;
  readonly reevaluated: readonly string[];
  readonly opened: number;
  readonly reopened: number;
  readonly resolved: number;
  readonly notificationsDelivered: number;
  readonly findingsExported?: number;
  /** Present when a change reached too many principals to re-evaluate here: whether a full audit was asked for. */
  readonly fullAudit?: { readonly requested: boolean; readonly reasons: readonly string[] };
}

/** Counts what an export sent; its refusals and failures are problems for a retry (the export sends only what is still owed). */
function exportOutcome(tools: Observability, exported: SecurityHubExportResult | undefined): { fields: { findingsExported?: number }; problems: string[] } {
  if (!exported) return { fields: {}, problems: [] };
  const imported = exported.accounts.reduce((n, a) => n + a.imported, 0);
  count(tools, METRIC.findingsExported, imported);
  return { fields: { findingsExported: imported }, problems: exportProblems(exported) };
}

/** Says what an apply did besides its own run: completing a run a crashed invocation left half-applied, or dropping one too old to complete. */
function logRecoveries(tools: Observability, applied: readonly (ApplyResult | undefined)[]): void {
  for (const a of applied) {
    for (const run of a?.completed ?? []) tools.logger.info('Completed a run a crashed invocation left half-applied', { runId: run.runId, at: run.at, opened: run.opened, resolved: run.resolved });
    for (const why of a?.abandoned ?? []) tools.logger.warn('Dropped a half-applied run that could no longer be completed', { why });
  }
}

function deliveryProblems(tools: Observability, delivery: DeliveryResult | undefined): string[] {
  if (!delivery) return [];
  count(tools, METRIC.notificationsDelivered, delivery.delivered);
  count(tools, METRIC.notificationFailures, delivery.failures.length);
  // Failure reasons are scrubbed of Slack webhook paths and tokens (notify/secrets.ts) before they get here.
  return delivery.failures.map((f) => `notification ${f.notificationId} not delivered to ${f.sink} (${f.error})`);
}

export function reportAudit(tools: Observability, result: ScanResult, exported?: SecurityHubExportResult): AuditReport {
  const { evaluation, applied } = result;
  const run = applied?.run;
  const exportResult = exportOutcome(tools, exported);
  const report: AuditReport = {
    account: evaluation.account,
    evaluatedAt: evaluation.evaluatedAt,
    findings: evaluation.findings.length,
    opened: run?.opened ?? 0,
    reopened: run?.reopened ?? 0,
    resolved: run?.resolved ?? 0,
    collectionGaps: evaluation.gaps.map((g) => g.input),
    notificationsDelivered: result.delivery?.delivered ?? 0,
    ...exportResult.fields,
  };
  count(tools, METRIC.findingsOpened, report.opened);
  count(tools, METRIC.findingsReopened, report.reopened);
  count(tools, METRIC.findingsResolved, report.resolved);
  count(tools, METRIC.collectionGaps, evaluation.gaps.length);
  logRecoveries(tools, [applied]);
  // A gap is a finding of its own (collection-gap), not a failed run: the audit of everything else stands.
  if (evaluation.gaps.length > 0) tools.logger.warn('Inputs not collected', { gaps: evaluation.gaps });
  for (const e of result.inputErrors) tools.logger.warn('Malformed snapshot input', { error: e.message });
  for (const n of result.raw.notes ?? []) tools.logger.warn('Input read with a caveat', { input: n.input, note: n.message });

  const problems = [...deliveryProblems(tools, result.delivery), ...exportResult.problems];
  if (problems.length > 0) throw new IncompleteRunError(`audit of ${report.account} at ${report.evaluatedAt}`, problems);
  count(tools, METRIC.auditsCompleted, 1);
  tools.logger.info('Audit completed', { report });
  return report;
}

export function reportEvents(tools: Observability, result: EventsResult, malformed: readonly EventInputError[], exported?: SecurityHubExportResult): EventsReport {
  const exportResult = exportOutcome(tools, exported);
  let opened = 0;
  let reopened = 0;
  let resolved = 0;
  for (const r of result.reevaluations) {
    opened += r.applied?.run.opened ?? 0;
    reopened += r.applied?.run.reopened ?? 0;
    resolved += r.applied?.run.resolved ?? 0;
  }
  const failedReevaluations = result.reevaluations.filter((r) => r.error);
  const report: EventsReport = {
    events: result.summary.events,
    skipped: result.summary.skipped,
    detections: result.detections.length,
    newDetections: result.newDetections?.length ?? 0,
    reevaluated: result.reevaluations.filter((r) => !r.error).map((r) => r.entity.arn),
    opened,
    reopened,
    resolved,
    notificationsDelivered: result.delivery?.delivered ?? 0,
    ...exportResult.fields,
    ...(result.fullAudit ? { fullAudit: { requested: result.fullAudit.requested, reasons: result.fullAudit.reasons } } : {}),
  };
  if (result.fullAudit && !result.fullAudit.error) {
    // Requested, or (no audit function configured, a local run) at least not silent.
    const level = result.fullAudit.requested ? 'info' : 'warn';
    tools.logger[level](result.fullAudit.requested ? 'Full audit requested' : 'Full audit owed, none configured to run', { reasons: result.fullAudit.reasons });
  }
  count(tools, METRIC.detections, report.newDetections);
  count(tools, METRIC.findingsOpened, opened);
  count(tools, METRIC.findingsReopened, reopened);
  count(tools, METRIC.findingsResolved, resolved);
  count(tools, METRIC.reevaluationFailures, failedReevaluations.length);
  count(tools, METRIC.malformedEvents, malformed.length);
  logRecoveries(tools, result.reevaluations.map((r) => r.applied));

  const problems = [
    // A malformed event will not get better on retry, but the dead-letter queue keeps it for a look.
    ...malformed.map((e) => `malformed event: ${e.message}`),
    ...failedReevaluations.map((r) => `re-evaluation of ${r.entity.arn} failed (${r.error})`),
    ...(result.fullAudit?.error ? [`full audit owed (${result.fullAudit.reasons.join('; ')}) could not be requested (${result.fullAudit.error})`] : []),
    ...deliveryProblems(tools, result.delivery),
    ...exportResult.problems,
  ];
  if (problems.length > 0) throw new IncompleteRunError(`${report.events} CloudTrail event${report.events === 1 ? '' : 's'}`, problems);
  tools.logger.info('Events processed', { report, detections: result.detections.map((d) => ({ ruleId: d.ruleId, eventId: d.eventId })) });
  return report;
}

/** One member account's audit in the organization hub: what the state machine reads (`status` decides the Map item). */
export type MemberAuditReport =
  | ({ readonly status: 'scanned'; readonly name: string } & AuditReport)
  | { readonly status: 'failed'; readonly account: string; readonly name: string; readonly reason: string };

export function reportMemberAudit(tools: Observability, audit: MemberAudit): MemberAuditReport {
  if (audit.status === 'failed') {
    // Not an invocation error: the account, not the function, is at fault. The run's report records it and alerts.
    tools.logger.warn('Account not audited', { account: audit.account.id, reason: audit.reason });
    return { status: 'failed', account: audit.account.id, name: audit.account.name, reason: audit.reason };
  }
  return { status: 'scanned', name: audit.account.name, ...reportAudit(tools, audit.result) };
}

/** The organization audit run's report: failed accounts counted (and those failing again), the run marked complete. */
export function reportOrganizationRunOutcome(tools: Observability, report: RunReport): RunReport {
  // Zero included: the alarm on accounts failing twice needs a data point every run.
  tools.metrics.addMetric(METRIC.accountsNotAudited, MetricUnit.Count, report.failed.length);
  tools.metrics.addMetric(METRIC.accountsNotAuditedTwice, MetricUnit.Count, report.failedTwiceOrMore);
  count(tools, METRIC.accountsAudited, report.audited);
  if (report.failed.length > 0) tools.logger.warn('Accounts not audited', { failed: report.failed });
  const problems = deliveryProblems(tools, report.delivery);
  if (problems.length > 0) throw new IncompleteRunError(`report of the organization audit at ${report.time}`, problems);
  tools.logger.info('Organization audit reported', { report: { ...report, failed: report.failed.map((f) => f.id) } });
  return report;
}
