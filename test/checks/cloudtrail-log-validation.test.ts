import { describe, expect, it } from 'vitest';
import { cloudtrailLogValidation } from '../../shared/checks/cloudtrail-log-validation.js';
import { ACCOUNT, failures, goodTrail } from '../helpers/account.js';

const unvalidated = { ...goodTrail, LogFileValidationEnabled: false };

describe('cloudtrail-log-validation', () => {
  it('fails for a multi-region trail with validation off, on the trail ARN', () => {
    expect(failures(cloudtrailLogValidation, { trails: [unvalidated] })).toEqual([
      { resource: goodTrail.TrailARN, message: 'Multi-region trail org has log file validation off', details: { trailName: 'org', homeRegion: 'us-east-1' } },
    ]);
  });

  it('reports a trail once however many shadow copies describe-trails lists', () => {
    expect(failures(cloudtrailLogValidation, { trails: [unvalidated, unvalidated, { ...unvalidated, LogFileValidationEnabled: undefined }] })).toHaveLength(1);
  });

  it('passes when validation is on', () => {
    expect(failures(cloudtrailLogValidation)).toEqual([]);
  });

  it('near miss: a single-region trail with validation off is not this check\'s', () => {
    const regional = { ...unvalidated, Name: 'regional', IsMultiRegionTrail: false, TrailARN: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/regional` };
    expect(failures(cloudtrailLogValidation, { trails: [goodTrail, regional] })).toEqual([]);
  });
});
