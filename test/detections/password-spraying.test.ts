import { describe, expect, it } from 'vitest';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import { detect } from '../../shared/detections/detect.js';
import type { CloudTrailRecord } from '../../shared/detections/record.js';
import { at, failedConsoleLogin, ROOT_ARN } from './records.js';

const sprays = (records: CloudTrailRecord[], config: ConfigInput = {}) => detect(records, makeConfig(config)).detections.filter((d) => d.ruleId === 'password-spraying');
const names = Array.from({ length: 12 }, (_, i) => `user${String(i + 1).padStart(2, '0')}`);

describe('password-spraying', () => {
  it('fires once, on the 10th distinct user name failing from one address within 60 minutes (the defaults)', () => {
    const records = names.map((name, i) => failedConsoleLogin(name, at(i * 5), '203.0.113.200'));
    const found = sprays(records);
    expect(found).toEqual([
      {
        ruleId: 'password-spraying',
        severity: 'high',
        eventId: records[9].eventID,
        eventName: 'ConsoleLogin',
        eventTime: at(45),
        actor: '203.0.113.200',
        sourceIp: '203.0.113.200',
        resource: ROOT_ARN,
        message: '10 distinct user names failed to sign in to the console from 203.0.113.200 within 60 minutes',
      },
    ]);
  });

  it('counts user names, not failures: one user failing again and again is no spray', () => {
    const config = { spraying: { users: 3, windowMinutes: 30 } };
    const records = [0, 1, 2, 3, 4, 5].map((m) => failedConsoleLogin('quinn', at(m), '203.0.113.200'));
    expect(sprays(records, config)).toEqual([]);
    const third = failedConsoleLogin('sam', at(6), '203.0.113.200');
    const fourth = failedConsoleLogin('taylor', at(7), '203.0.113.200');
    expect(sprays([...records, third, fourth], config).map((d) => d.eventId)).toEqual([fourth.eventID]);
  });

  it('a hidden user name counts as a distinct user each time; root is one name', () => {
    const config = { spraying: { users: 3, windowMinutes: 30 } };
    const hidden = [0, 1].map((m) => failedConsoleLogin('HIDDEN_DUE_TO_SECURITY_REASONS', at(m), '203.0.113.9'));
    const rootTwice = [2, 3].map((m) => failedConsoleLogin(null, at(m), '203.0.113.9'));
    expect(sprays([...hidden, ...rootTwice], config).map((d) => d.eventId)).toEqual([rootTwice[0].eventID]);
  });

  it('near miss: the same names from different addresses, and names spread wider than the window', () => {
    const config = { spraying: { users: 3, windowMinutes: 30 } };
    expect(sprays(['a', 'b', 'c'].map((n, i) => failedConsoleLogin(n, at(i), `198.51.100.${i}`)), config)).toEqual([]);
    expect(sprays(['a', 'b', 'c'].map((n, i) => failedConsoleLogin(n, at(i * 16), '198.51.100.1')), config)).toEqual([]);
  });
});
