/**
 * One CloudTrail event from EventBridge ("AWS API Call via CloudTrail",
 * "AWS Console Sign In via CloudTrail"): run the detection rules, store each
 * detection once per eventId however often the event is delivered, count the
 * burst rules' events in the table, re-evaluate the IAM entity it changed and
 * the principals that change reaches (or ask the audit function for a full
 * audit when they are too many), deliver what that owes and, with the
 * securityHub parameter, export the re-evaluated findings to Security Hub.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { recordsFromJson } from '../shared/detections/read-events.js';
import { scopeOfReevaluations } from '../shared/export/securityhub.js';
import { auditorHandler, evaluationTime } from '../shared/lambda/auditor.js';
import { eventDependencies, type EventDependencies } from '../shared/lambda/event-dependencies.js';
import { reportEvents, type EventsReport } from '../shared/lambda/outcomes.js';
import { lambdaFullAudit } from '../shared/lambda/full-audit.js';
import { runEvents } from '../shared/pipeline/events.js';

export const handler = auditorHandler<EventBridgeEvent<string, unknown>, EventsReport, EventDependencies>(async (event, dependencies, tools) => {
  const { config, store, sinks, entities, bursts, auditFunction, securityHub } = dependencies;
  const { records, errors } = recordsFromJson(event, 'EventBridge event');
  const now = evaluationTime(event, dependencies, tools);
  // The Lambda client behind it is made once per container (full-audit.ts).
  const fullAudit = auditFunction ? lambdaFullAudit(auditFunction) : undefined;
  // Each invocation delivers only what it can claim: a burst of events at once sends every notification once.
  const result = await runEvents({ records, malformed: errors.length, config, now, store, sinks, entities, bursts, replay: dependencies.replay, ...(fullAudit ? { fullAudit } : {}) });
  const scope = securityHub ? scopeOfReevaluations(result.reevaluations) : null;
  const exported = securityHub && scope ? await securityHub(scope) : undefined;
  return reportEvents(tools, result, errors, exported);
}, eventDependencies);
