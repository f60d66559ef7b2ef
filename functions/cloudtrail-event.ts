/**
 * One CloudTrail event from EventBridge ("AWS API Call via CloudTrail",
 * "AWS Console Sign In via CloudTrail"): run the detection rules, store each
 * detection once per eventId however often the event is delivered, count the
 * burst rules' events in the table, re-evaluate the IAM entity it changed and
 * the principals that change reaches (or ask the audit function for a full
 * audit when they are too many), and deliver what that owes.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { recordsFromJson } from '../shared/detections/read-events.js';
import { auditorHandler, eventTime } from '../shared/lambda/auditor.js';
import { reportEvents, type EventsReport } from '../shared/lambda/outcomes.js';
import { lambdaFullAudit } from '../shared/lambda/full-audit.js';
import { runEvents } from '../shared/pipeline/events.js';

export const handler = auditorHandler<EventBridgeEvent<string, unknown>, EventsReport>(async (event, { config, store, sinks, entities, bursts, auditFunction }, tools) => {
  const { records, errors } = recordsFromJson(event, 'EventBridge event');
  // The Lambda client behind it is made once per container (full-audit.ts).
  const fullAudit = auditFunction ? lambdaFullAudit(auditFunction) : undefined;
  const result = await runEvents({ records, malformed: errors.length, config, now: eventTime(event), store, sinks, entities, bursts, ...(fullAudit ? { fullAudit } : {}) });
  return reportEvents(tools, result, errors);
});
