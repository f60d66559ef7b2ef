/**
 * The scheduled full audit (EventBridge schedule): collect the account,
 * evaluate every check, apply the result to the finding history, deliver
 * the notifications it owes and, with the securityHub parameter, export what
 * changed to Security Hub. Emits the heartbeat metric only when all of it
 * succeeded; anything left undone fails the invocation, so Lambda retries it.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { auditorHandler, evaluationTime } from '../shared/lambda/auditor.js';
import { reportAudit, type AuditReport } from '../shared/lambda/outcomes.js';
import { runScan } from '../shared/pipeline/scan.js';

export const handler = auditorHandler<ScheduledEvent, AuditReport>(async (event, dependencies, tools) => {
  const { accounts, config, store, sinks, securityHub } = dependencies;
  const result = await runScan({ source: accounts, config, now: evaluationTime(event, dependencies, tools), store, sinks, replay: dependencies.replay });
  const exported = securityHub ? await securityHub({ accounts: [result.evaluation.account] }) : undefined;
  return reportAudit(tools, result, exported);
});
