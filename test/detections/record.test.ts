import { describe, expect, it } from 'vitest';
import { cloudTrailRecordSchema, isWellFormedRecord } from '../../shared/detections/record.js';
import { consoleLogin, envelope, iamCall, iamUserConsole, root } from './records.js';

/** Values each field is set to in turn: every JSON type, and the edge cases of each constraint. */
const PROBES: readonly unknown[] = [undefined, null, 0, 1, true, false, '', 'x', [], {}, { a: 1 }, ['x'], '2026-11-10T10:00:00Z', '2026-11-10 10:00:00', '2026-11-10T10:00:00.123Z'];

const FIELD_PATHS: readonly (readonly string[])[] = [
  [],
  ['eventVersion'],
  ['userIdentity'],
  ['userIdentity', 'type'],
  ['userIdentity', 'principalId'],
  ['userIdentity', 'arn'],
  ['userIdentity', 'accountId'],
  ['userIdentity', 'accessKeyId'],
  ['userIdentity', 'userName'],
  ['userIdentity', 'invokedBy'],
  ['userIdentity', 'sessionContext'],
  ['userIdentity', 'sessionContext', 'sessionIssuer'],
  ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'],
  ['userIdentity', 'sessionContext', 'attributes'],
  ['userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated'],
  ['eventTime'],
  ['eventSource'],
  ['eventName'],
  ['eventType'],
  ['awsRegion'],
  ['sourceIPAddress'],
  ['userAgent'],
  ['requestParameters'],
  ['responseElements'],
  ['additionalEventData'],
  ['errorCode'],
  ['errorMessage'],
  ['eventID'],
  ['readOnly'],
  ['recipientAccountId'],
];

function withValue(base: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(base) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
  return copy;
}

describe('record schema and its fast path', () => {
  const bases = [iamCall('CreateUser', { userIdentity: iamUserConsole('alice'), requestParameters: { userName: 'bob' } }), consoleLogin(root())];

  it('the fast path accepts real records, so the schema is rarely needed', () => {
    for (const record of bases) {
      expect(isWellFormedRecord(record)).toBe(true);
      expect(cloudTrailRecordSchema.safeParse(record).success).toBe(true);
    }
  });

  it('the fast path never accepts what the schema rejects', () => {
    let rejected = 0;
    for (const base of bases) {
      for (const path of FIELD_PATHS) {
        for (const value of PROBES) {
          const candidate = withValue(base, path, value);
          const schemaAccepts = cloudTrailRecordSchema.safeParse(candidate).success;
          if (isWellFormedRecord(candidate)) expect({ path, value, schemaAccepts }).toEqual({ path, value, schemaAccepts: true });
          if (!schemaAccepts) rejected++;
        }
      }
    }
    // The probes do exercise rejections, not only acceptances.
    expect(rejected).toBeGreaterThan(100);
  });

  it('an envelope is not a record', () => {
    expect(isWellFormedRecord(envelope(bases[0]))).toBe(false);
    expect(cloudTrailRecordSchema.safeParse(envelope(bases[0])).success).toBe(false);
  });
});
