import { describe, expect, it } from 'vitest';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import { detect } from '../../shared/detections/detect.js';
import type { CloudTrailRecord } from '../../shared/detections/record.js';
import { at, consoleLogin, failedConsoleLogin, iamUser, ROOT_ARN, userArn } from './records.js';

const bursts = (records: CloudTrailRecord[], config: ConfigInput = {}) => detect(records, makeConfig(config)).detections.filter((d) => d.ruleId === 'console-login-failures');

describe('console-login-failures', () => {
  it('fires once, on the 5th failure of one user within 15 minutes (the defaults), with the count and the window', () => {
    const records = [0, 3, 6, 9, 12, 13, 14].map((m) => failedConsoleLogin('quinn', at(m)));
    const found = bursts(records);
    expect(found).toEqual([
      {
        ruleId: 'console-login-failures',
        severity: 'high',
        eventId: records[4].eventID,
        eventName: 'ConsoleLogin',
        eventTime: at(12),
        actor: 'IAMUser',
        sourceIp: '192.0.2.10',
        resource: userArn('quinn'),
        message: '5 failed console sign-ins for IAM user quinn within 15 minutes',
      },
    ]);
  });

  it('the window is by eventTime, edge included, whatever order the records come in', () => {
    const records = [15, 0, 10, 5, 12].map((m) => failedConsoleLogin('quinn', at(m)));
    expect(bursts(records).map((d) => d.eventTime)).toEqual([at(15)]);
    // Spread 15 minutes and one second: four in any window.
    const wider = [0, 5, 10, 12].map((m) => failedConsoleLogin('quinn', at(m))).concat(failedConsoleLogin('quinn', at(15 + 1 / 60)));
    expect(bursts(wider)).toEqual([]);
  });

  it('counts root\'s failures under root, and a later burst after a quiet window fires again', () => {
    const first = [0, 1, 2].map((m) => failedConsoleLogin(null, at(m)));
    const second = [30, 31, 32].map((m) => failedConsoleLogin(null, at(m)));
    const found = bursts([...first, ...second], { loginFailures: { count: 3, windowMinutes: 10 } });
    expect(found.map((d) => [d.eventId, d.resource, d.message])).toEqual([
      [first[2].eventID, ROOT_ARN, '3 failed console sign-ins for the root user within 10 minutes'],
      [second[2].eventID, ROOT_ARN, '3 failed console sign-ins for the root user within 10 minutes'],
    ]);
  });

  it('counts each eventId once, and users separately', () => {
    const records = [0, 1].map((m) => failedConsoleLogin('quinn', at(m)));
    expect(bursts([...records, ...records.map((r) => structuredClone(r)), failedConsoleLogin('sam', at(2))], { loginFailures: { count: 3, windowMinutes: 10 } })).toEqual([]);
  });

  it('near miss: successful sign-ins, hidden user names, and failed API calls do not count', () => {
    const config = { loginFailures: { count: 3, windowMinutes: 10 } };
    const success = [0, 1, 2].map((m) => consoleLogin({ ...iamUser('quinn'), arn: userArn('quinn') }, { eventTime: at(m) }));
    expect(bursts(success, config)).toEqual([]);
    const hidden = [0, 1, 2].map((m) => failedConsoleLogin('HIDDEN_DUE_TO_SECURITY_REASONS', at(m)));
    expect(bursts(hidden, config)).toEqual([]);
  });
});
