import type { DetectionRule } from '../model.js';
import type { CloudTrailRecord } from './record.js';
import { accountOf, isSuccessfulCall, partitionOf, stringParam } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

const CLOUDTRAIL_SOURCE = 'cloudtrail.amazonaws.com';
const EVENTS: ReadonlySet<string> = new Set(['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors']);

const VERBS: Readonly<Record<string, string>> = {
  StopLogging: 'Logging was stopped on',
  DeleteTrail: 'Deleted',
  UpdateTrail: 'Updated',
  PutEventSelectors: 'Event selectors were changed on',
};

/** The trail's ARN: as given, as the response names it, or built from its name, region and account. */
function trailArn(record: CloudTrailRecord): string | null {
  // PutEventSelectors names the trail `trailName`; the others `name`. Either may be an ARN.
  const given = stringParam(record, 'name') ?? stringParam(record, 'trailName');
  if (given?.startsWith('arn:')) return given;
  const fromResponse = record.responseElements?.trailARN;
  if (typeof fromResponse === 'string' && fromResponse) return fromResponse;
  const account = accountOf(record);
  if (!given || !account || !record.awsRegion) return given ?? null;
  return `arn:${partitionOf(record)}:cloudtrail:${record.awsRegion}:${account}:trail/${given}`;
}

export const cloudtrailTampering: DetectionRule = {
  id: 'cloudtrail-tampering',
  title: 'CloudTrail logging stopped or changed',
  severity: 'critical',
  practice:
    'Keep CloudTrail recording every management event in every region: stopping, deleting or narrowing a trail blinds both the audit and these detections, and is what an intruder does first.',
  references: [
    ...cis('3.1'),
    ...cis('4.5'),
    { standard: 'SecurityHub', id: 'CloudTrail.1' },
    { standard: 'SecurityHub', id: 'CloudWatch.5' },
    { standard: 'AWSConfig', id: 'multi-region-cloudtrail-enabled' },
  ],
  remediation:
    'Confirm the change was planned. If not, restore logging at once: aws cloudtrail start-logging --name <trail>; aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'; recreate a deleted trail with aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation. Then review what the caller did while logging was off.',
  reads: [{ eventSource: CLOUDTRAIL_SOURCE, eventNames: [...EVENTS] }],
  match(record) {
    if (!isSuccessfulCall(record, CLOUDTRAIL_SOURCE, EVENTS)) return null;
    const trail = trailArn(record);
    return { resource: trail, message: `${VERBS[record.eventName]} trail ${trail ?? '(unnamed)'}` };
  },
};
