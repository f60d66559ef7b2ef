import { describe, expect, it } from 'vitest';
import { cloudtrailMultiRegion } from '../../shared/checks/cloudtrail-multi-region.js';
import { ACCOUNT, ROOT_ARN, failures, goodTrail } from '../helpers/account.js';
import type { RawTrail } from '../../shared/snapshot/types.js';

const trail = (name: string, overrides: Partial<RawTrail> = {}): RawTrail => ({
  ...goodTrail,
  Name: name,
  TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${name}`,
  ...overrides,
});

describe('cloudtrail-multi-region', () => {
  it('fails when the account has no trail', () => {
    expect(failures(cloudtrailMultiRegion, { trails: [] })).toEqual([
      { resource: ROOT_ARN, message: `Account ${ACCOUNT} has no CloudTrail trail`, details: { trails: [] } },
    ]);
  });

  it('fails when no trail qualifies, saying why for each', () => {
    const trails = [
      trail('regional', { IsMultiRegionTrail: false }),
      trail('stopped', { IsLogging: false }),
      trail('writes', { EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }),
    ];
    const [finding, ...rest] = failures(cloudtrailMultiRegion, { trails });
    expect(rest).toEqual([]);
    expect(finding.resource).toBe(ROOT_ARN);
    expect(finding.message).toBe(
      `No trail in account ${ACCOUNT} is multi-region, logging and recording all management events (regional: not multi-region; stopped: not logging; writes: does not record all read and write management events)`,
    );
    expect(finding.details?.trails).toEqual([
      { name: 'regional', arn: trails[0].TrailARN, homeRegion: 'us-east-1', reasons: ['not multi-region'] },
      { name: 'stopped', arn: trails[1].TrailARN, homeRegion: 'us-east-1', reasons: ['not logging'] },
      { name: 'writes', arn: trails[2].TrailARN, homeRegion: 'us-east-1', reasons: ['does not record all read and write management events'] },
    ]);
  });

  it('fails for selectors that leave management events out', () => {
    const excluded = trail('no-kms', { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }] });
    const dataOnly = trail('data', { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] });
    const advancedReads = trail('reads', {
      EventSelectors: undefined,
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }],
    });
    for (const t of [excluded, dataOnly, advancedReads]) expect(failures(cloudtrailMultiRegion, { trails: [t] })).toHaveLength(1);
  });

  it('passes when one trail is multi-region, logging and recording all management events', () => {
    const advanced = trail('advanced', { EventSelectors: undefined, AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
    expect(failures(cloudtrailMultiRegion, { trails: [trail('regional', { IsMultiRegionTrail: false }), goodTrail] })).toEqual([]);
    expect(failures(cloudtrailMultiRegion, { trails: [advanced] })).toEqual([]);
  });

  it('near miss: status and selectors not in the snapshot get the benefit of the doubt', () => {
    const describeOnly = trail('describe-only', { IsLogging: undefined, EventSelectors: undefined, HasCustomEventSelectors: true });
    expect(failures(cloudtrailMultiRegion, { trails: [describeOnly] })).toEqual([]);
  });

  it('near miss: a shadow copy of a qualifying trail still qualifies, and a stopped one is listed once', () => {
    const stopped = trail('org', { IsLogging: false });
    const [finding] = failures(cloudtrailMultiRegion, { trails: [stopped, { ...stopped, HomeRegion: 'us-east-1' }] });
    expect(finding.details?.trails).toHaveLength(1);
  });
});
