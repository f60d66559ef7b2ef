/**
 * CloudTrail records as EventBridge delivers them to the cloudtrail-event
 * function: the envelope AWS wraps around each management event.
 */
import { createHash } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import type { CloudTrailRecord } from '../../shared/detections/record.js';

/** A stable envelope id per delivery, shaped like EventBridge's UUIDs. */
function envelopeId(eventId: string, delivery: number): string {
  const h = createHash('sha256').update(`${eventId}#${delivery}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function envelopeOf(record: CloudTrailRecord, delivery = 0): EventBridgeEvent<string, CloudTrailRecord> {
  const service = record.eventSource.split('.')[0];
  return {
    version: '0',
    id: envelopeId(record.eventID, delivery),
    'detail-type': record.eventType === 'AwsConsoleSignIn' ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
    source: `aws.${service}`,
    account: record.recipientAccountId ?? record.userIdentity.accountId ?? '000000000000',
    time: record.eventTime,
    region: record.awsRegion ?? 'us-east-1',
    resources: [],
    detail: record,
  };
}

/** Every record as an envelope, in event-time order; a record seen twice is delivered twice, as EventBridge may. */
export function deliveries(records: readonly CloudTrailRecord[]): EventBridgeEvent<string, CloudTrailRecord>[] {
  const seen = new Map<string, number>();
  return [...records]
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime))
    .map((r) => {
      const n = seen.get(r.eventID) ?? 0;
      seen.set(r.eventID, n + 1);
      return envelopeOf(r, n);
    });
}
