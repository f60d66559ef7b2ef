import { describe, expect, it } from 'vitest';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import { detect } from '../../shared/detections/detect.js';
import type { CloudTrailRecord } from '../../shared/detections/record.js';
import { apiCall, assumedRole, at, deniedCall, iamUser, ROOT_ARN, userArn } from './records.js';

const found = (records: CloudTrailRecord[], config: ConfigInput = {}) => detect(records, makeConfig(config)).detections.filter((d) => d.ruleId === 'access-denied-burst');

describe('access-denied-burst', () => {
  it('fires once, on the 20th denied call of one identity within 10 minutes (the defaults), across services and error codes', () => {
    const services = [
      ['iam.amazonaws.com', 'ListUsers', 'AccessDenied'],
      ['s3.amazonaws.com', 'ListBuckets', 'AccessDenied'],
      ['ec2.amazonaws.com', 'DescribeInstances', 'Client.UnauthorizedOperation'],
      ['kms.amazonaws.com', 'ListKeys', 'AccessDeniedException'],
      ['ec2.amazonaws.com', 'RunInstances', 'UnauthorizedOperation'],
    ] as const;
    const records = Array.from({ length: 25 }, (_, i) => {
      const [source, name, code] = services[i % services.length];
      return deniedCall(source, name, at(i * 0.4), iamUser('legacy-uploader'), code);
    });
    expect(found(records)).toEqual([
      {
        ruleId: 'access-denied-burst',
        severity: 'medium',
        eventId: records[19].eventID,
        eventName: records[19].eventName,
        eventTime: records[19].eventTime,
        actor: userArn('legacy-uploader'),
        sourceIp: '198.51.100.7',
        resource: ROOT_ARN,
        message: `20 calls by ${userArn('legacy-uploader')} were denied within 10 minutes`,
      },
    ]);
  });

  it('counts per identity ARN: each role session is its own', () => {
    const config = { accessDenied: { count: 3, windowMinutes: 5 } };
    const a = [0, 1].map((m) => deniedCall('s3.amazonaws.com', 'GetObject', at(m), assumedRole('app', 'session-a')));
    const b = [2].map((m) => deniedCall('s3.amazonaws.com', 'GetObject', at(m), assumedRole('app', 'session-b')));
    expect(found([...a, ...b], config)).toEqual([]);
    const third = deniedCall('s3.amazonaws.com', 'GetObject', at(3), assumedRole('app', 'session-a'));
    expect(found([...a, ...b, third], config).map((d) => d.eventId)).toEqual([third.eventID]);
  });

  it('near miss: other error codes, successful calls, and callers without an ARN', () => {
    const config = { accessDenied: { count: 3, windowMinutes: 5 } };
    const throttled = [0, 1, 2].map((m) => deniedCall('iam.amazonaws.com', 'ListUsers', at(m), iamUser('app'), 'ThrottlingException'));
    expect(found(throttled, config)).toEqual([]);
    const ok = [0, 1, 2].map((m) => apiCall('iam.amazonaws.com', 'ListUsers', { eventTime: at(m), readOnly: true }));
    expect(found(ok, config)).toEqual([]);
    const noArn = [0, 1, 2].map((m) => deniedCall('iam.amazonaws.com', 'ListUsers', at(m), { type: 'AWSService', invokedBy: 'config.amazonaws.com' }));
    expect(found(noArn, config)).toEqual([]);
  });
});
