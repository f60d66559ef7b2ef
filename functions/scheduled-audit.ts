/**
 * The scheduled full audit (EventBridge schedule): collect the account,
 * evaluate every check, apply the result to the finding history and deliver
 * the notifications it owes. Emits the heartbeat metric only when all of it
 * succeeded; anything left undone fails the invocation, so Lambda retries it.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { auditorHandler, evaluationTime } from '../shared/lambda/auditor.js';
import { reportAudit, type AuditReport } from '../shared/lambda/outcomes.js';
import { runScan } from '../shared/pipeline/scan.js';

export const handler = auditorHandler<ScheduledEvent, AuditReport>(async (event, dependencies, tools) => {
  const { accounts, config, store, sinks } = dependencies;
  return reportAudit(tools, await runScan({ source: accounts, config, now: evaluationTime(event, dependencies, tools), store, sinks, replay: dependencies.replay }));
});
