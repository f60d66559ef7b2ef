/**
 * The scheduled full audit (EventBridge schedule): collect the account,
 * evaluate every check, apply the result to the finding history, deliver
 * the notifications it owes and, with the securityHub parameter, export what
 * changed to Security Hub. Emits the heartbeat metric only when all of it
 * succeeded; anything left undone fails the invocation, so Lambda retries it.
 *
 * In an organization hub (serverless.yml organization=true) the schedule
 * starts the audit state machine instead, and each of its Map items invokes
 * this function for one member account ({"account": {...}, "time", ...}):
 * the same audit, through that account's audit role (shared/pipeline/org-hub.ts).
 */
import type { ScheduledEvent } from 'aws-lambda';
import { auditDependencies, type AuditDependencies } from '../shared/lambda/audit-dependencies.js';
import { auditorHandler, evaluationTime } from '../shared/lambda/auditor.js';
import { reportAudit, reportMemberAudit, type AuditReport, type MemberAuditReport } from '../shared/lambda/outcomes.js';
import { auditMemberAccount, isAccountAuditEvent } from '../shared/pipeline/org-hub.js';
import { runScan } from '../shared/pipeline/scan.js';

export const handler = auditorHandler<ScheduledEvent, AuditReport | MemberAuditReport, AuditDependencies>(async (event, deps, tools) => {
  const now = evaluationTime(event, deps, tools);
  if (isAccountAuditEvent(event)) {
    if (!deps.organization) throw new Error('an organization account audit needs IAM_SENTINEL_AUDIT_ROLE (deploy with organization=true)');
    return reportMemberAudit(tools, await auditMemberAccount(event, { ...deps, ...deps.organization }, now));
  }
  const { accounts, config, store, sinks, securityHub } = deps;
  const result = await runScan({ source: accounts, config, now, store, sinks, replay: deps.replay });
  const exported = securityHub ? await securityHub({ accounts: [result.evaluation.account] }) : undefined;
  return reportAudit(tools, result, exported);
}, auditDependencies);
