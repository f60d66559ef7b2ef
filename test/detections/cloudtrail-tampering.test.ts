import { describe, expect, it } from 'vitest';
import { cloudtrailTampering } from '../../shared/detections/cloudtrail-tampering.js';
import { apiCall, matchOf } from './records.js';

const TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail';
const cloudtrail = (eventName: string, options: Parameters<typeof apiCall>[2] = {}) => apiCall('cloudtrail.amazonaws.com', eventName, options);

describe('cloudtrail-tampering', () => {
  it('fires when logging is stopped (trail named by name: ARN built from region and account)', () => {
    expect(matchOf(cloudtrailTampering, cloudtrail('StopLogging', { requestParameters: { name: 'org-trail' } }))).toEqual({
      resource: TRAIL_ARN,
      message: `Logging was stopped on trail ${TRAIL_ARN}`,
    });
  });

  it('fires when a trail is deleted by ARN', () => {
    expect(matchOf(cloudtrailTampering, cloudtrail('DeleteTrail', { requestParameters: { name: TRAIL_ARN } }))?.resource).toBe(TRAIL_ARN);
  });

  it('fires on UpdateTrail and PutEventSelectors, naming the trail from the response', () => {
    const update = cloudtrail('UpdateTrail', {
      requestParameters: { name: 'org-trail', isMultiRegionTrail: false },
      responseElements: { name: 'org-trail', s3BucketName: 'org-trail-logs', isMultiRegionTrail: false, trailARN: TRAIL_ARN, logFileValidationEnabled: true },
    });
    expect(matchOf(cloudtrailTampering, update)?.message).toBe(`Updated trail ${TRAIL_ARN}`);
    const selectors = cloudtrail('PutEventSelectors', {
      requestParameters: { trailName: 'org-trail', eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }] },
      responseElements: { trailARN: TRAIL_ARN, eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: true }] },
    });
    expect(matchOf(cloudtrailTampering, selectors)?.resource).toBe(TRAIL_ARN);
  });

  it('near miss: a denied StopLogging', () => {
    expect(matchOf(cloudtrailTampering, cloudtrail('StopLogging', { requestParameters: { name: 'org-trail' }, errorCode: 'AccessDenied' }))).toBeNull();
  });

  it('near miss: starting logging, creating a trail, reading trail status', () => {
    expect(matchOf(cloudtrailTampering, cloudtrail('StartLogging', { requestParameters: { name: 'org-trail' } }))).toBeNull();
    expect(matchOf(cloudtrailTampering, cloudtrail('CreateTrail', { requestParameters: { name: 'second', s3BucketName: 'b' } }))).toBeNull();
    expect(matchOf(cloudtrailTampering, cloudtrail('GetTrailStatus', { requestParameters: { name: 'org-trail' }, readOnly: true }))).toBeNull();
  });
});
