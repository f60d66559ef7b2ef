import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../shared/config/schema.js';
import { detectFromPaths } from '../../shared/detections/detect.js';

const FIXTURE = 'test/fixtures/handbook-cloudtrail';

describe('handbook example (examples/README.md, cloudtrail/)', () => {
  it('gives root-activity and console-login-no-mfa for the root sign-in and mfa-removed for quinn, once each', async () => {
    const result = await detectFromPaths([FIXTURE], defaultConfig);
    expect(result.detections.map((d) => [d.ruleId, d.eventName, d.actor, d.resource])).toEqual([
      ['console-login-no-mfa', 'ConsoleLogin', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:root'],
      ['root-activity', 'ConsoleLogin', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:root'],
      ['mfa-removed', 'DeactivateMFADevice', 'arn:aws:iam::111122223333:user/quinn', 'arn:aws:iam::111122223333:user/quinn'],
    ]);
    expect(result.detections[0]).toEqual({
      ruleId: 'console-login-no-mfa',
      severity: 'high',
      eventId: 'e7e47000-0000-0000-0000-000000000065',
      eventName: 'ConsoleLogin',
      eventTime: '2026-11-10T09:41:07Z',
      actor: 'arn:aws:iam::111122223333:root',
      sourceIp: '203.0.113.101',
      resource: 'arn:aws:iam::111122223333:root',
      message: 'The root user signed in to the console without MFA from 203.0.113.101',
    });
  });

  it('reads both files, counts the envelope as a duplicate delivery, and nothing fires for the failed CreateAccessKey', async () => {
    const result = await detectFromPaths([FIXTURE], defaultConfig);
    expect(result.files).toHaveLength(2);
    expect(result.summary).toEqual({ events: 3, skipped: 1, errors: 0, failedConsoleLogins: 0 });
    expect(result.detections.filter((d) => d.eventName === 'CreateAccessKey')).toEqual([]);
    expect(result.inputErrors).toEqual([]);
  });
});
