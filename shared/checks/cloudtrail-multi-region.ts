import type { Check } from '../model.js';
import type { Trail } from '../snapshot/types.js';
import { distinctTrails } from './lib/trails.js';
import { cis } from './lib/references.js';

/**
 * Why a trail does not count as the account's multi-region management-event
 * trail; empty when it does. Status or selectors missing from the snapshot
 * (null) are given the benefit of the doubt: a snapshot made with
 * describe-trails alone must not raise a high-severity finding on a guess.
 */
function shortcomings(t: Trail): string[] {
  const out: string[] = [];
  if (!t.isMultiRegion) out.push('not multi-region');
  if (t.isLogging === false) out.push('not logging');
  if (t.recordsAllManagementEvents === false) out.push('does not record all read and write management events');
  return out;
}

export const cloudtrailMultiRegion: Check = {
  id: 'cloudtrail-multi-region',
  title: 'No multi-region CloudTrail trail records management events',
  severity: 'high',
  practice:
    'Keep a record of every API call: at least one trail should be multi-region, logging, and recording all read and write management events, so that activity in any region, including regions you do not use, is captured. Where the snapshot lacks a trail\'s status (get-trail-status) or event selectors (get-event-selectors), the trail is given the benefit of the doubt.',
  references: [
    ...cis('3.1'),
    { standard: 'SecurityHub', id: 'CloudTrail.1' },
  ],
  remediation:
    'Create (or convert) a multi-region trail and start it: aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket> --is-multi-region-trail (or aws cloudtrail update-trail --name <trail> --is-multi-region-trail), then aws cloudtrail start-logging --name <trail>, and record all management events: aws cloudtrail put-event-selectors --trail-name <trail> --event-selectors \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'. Include get-trail-status and get-event-selectors output in snapshots so they can be verified.',
  inputs: ['trails'],
  resourceKinds: ['account'],
  evaluate(snapshot) {
    const trails = distinctTrails(snapshot.trails ?? []);
    const judged = trails.map((t) => ({ trail: t, reasons: shortcomings(t) }));
    if (judged.some((j) => j.reasons.length === 0)) return [];
    return [
      {
        resource: snapshot.rootArn,
        message:
          trails.length === 0
            ? `Account ${snapshot.accountId} has no CloudTrail trail`
            : `No trail in account ${snapshot.accountId} is multi-region, logging and recording all management events (${judged
                .map((j) => `${j.trail.name}: ${j.reasons.join(', ')}`)
                .join('; ')})`,
        details: {
          trails: judged.map((j) => ({ name: j.trail.name, arn: j.trail.arn, homeRegion: j.trail.homeRegion, reasons: j.reasons })),
        },
      },
    ];
  },
};
