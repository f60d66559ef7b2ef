/** Stored finding states, as the store returns them, for the exporters' tests. */
import { findingId } from '../../shared/model.js';
import type { FindingState } from '../../shared/store/types.js';

export const ACCOUNT = '123456789012';

export function state(fields: Partial<FindingState> & Pick<FindingState, 'checkId' | 'resource'>): FindingState {
  const base: FindingState = {
    findingId: findingId(fields),
    account: ACCOUNT,
    checkId: fields.checkId,
    resource: fields.resource,
    severity: 'high',
    status: 'open',
    title: 'A title',
    message: 'A message',
    details: {},
    firstSeen: '2026-11-01T00:00:00.000Z',
    lastSeen: '2026-11-01T00:00:00.000Z',
    resolvedAt: null,
    lastNotifiedAt: null,
    version: 1,
  };
  return { ...base, ...fields, findingId: findingId({ ...base, ...fields }) };
}

/** One of each status: open (seen twice), suppressed, resolved. */
export const STATES: readonly FindingState[] = [
  state({
    checkId: 'root-mfa',
    resource: `arn:aws:iam::${ACCOUNT}:root`,
    severity: 'critical',
    title: 'Root user has no MFA',
    message: 'The root user has no MFA device',
    lastSeen: '2026-11-02T00:00:00.000Z',
  }),
  state({
    checkId: 'access-key-age',
    resource: `arn:aws:iam::${ACCOUNT}:user/ci-deploy`,
    qualifier: 'access_key_1',
    severity: 'medium',
    status: 'suppressed',
    title: 'Access key older than 90 days',
    message: 'Access key 1 of ci-deploy is 400 days old',
    suppression: { reason: 'rotated by the deploy pipeline in December', expires: '2026-12-31T00:00:00.000Z' },
  }),
  state({
    checkId: 'cloudtrail-log-validation',
    resource: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/acme-management`,
    severity: 'low',
    status: 'resolved',
    title: 'Trail without log file validation',
    message: 'Trail acme-management does not validate its log files',
    lastSeen: '2026-11-01T00:00:00.000Z',
    resolvedAt: '2026-11-03T00:00:00.000Z',
  }),
];
