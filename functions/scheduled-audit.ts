/**
 * The scheduled full audit (EventBridge schedule): collect the account,
 * evaluate every check, apply the result to the finding history, deliver
 * the notifications it owes and, with the securityHub parameter, export what
 * changed to Security Hub. Emits the heartbeat metric only when all of it
 * succeeded; anything left undone fails the invocation, so Lambda retries it.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { auditorHandler, eventTime } from '../shared/lambda/auditor.js';
import { reportAudit, type AuditReport } from '../shared/lambda/outcomes.js';
import { runScan } from '../shared/pipeline/scan.js';

export const handler = auditorHandler<ScheduledEvent, AuditReport>(async (event, { accounts, config, store, sinks, securityHub }, tools) => {
  const result = await runScan({ source: accounts, config, now: eventTime(event), store, sinks });
  const exported = securityHub ? await securityHub({ accounts: [result.evaluation.account] }) : undefined;
  return reportAudit(tools, result, exported);
});
