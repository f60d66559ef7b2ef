/**
 * One CloudTrail event from EventBridge ("AWS API Call via CloudTrail",
 * "AWS Console Sign In via CloudTrail"): run the detection rules, store each
 * detection once per eventId however often the event is delivered, re-evaluate
 * the IAM entity it changed, and deliver what that owes.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { recordsFromJson } from '../shared/detections/read-events.js';
import { auditorHandler, eventTime } from '../shared/lambda/auditor.js';
import { reportEvents, type EventsReport } from '../shared/lambda/outcomes.js';
import { runEvents } from '../shared/pipeline/events.js';

export const handler = auditorHandler<EventBridgeEvent<string, unknown>, EventsReport>(async (event, { config, store, sinks, entities, bursts, fullAudit }, tools) => {
  const { records, errors } = recordsFromJson(event, 'EventBridge event');
  const result = await runEvents({ records, malformed: errors.length, config, now: eventTime(event), store, sinks, entities, bursts, ...(fullAudit ? { fullAudit } : {}) });
  return reportEvents(tools, result, errors);
});
