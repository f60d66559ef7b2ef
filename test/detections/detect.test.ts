import { describe, expect, it } from 'vitest';
import { defaultConfig, makeConfig } from '../../shared/config/schema.js';
import { DetectionRun, detect } from '../../shared/detections/detect.js';
import { ROOT_ARN, consoleLogin, iamCall, iamUser, iamUserConsole, identityCenterUser, root, userArn } from './records.js';

const mfaOff = (eventTime: string) =>
  iamCall('DeactivateMFADevice', { eventTime, userIdentity: iamUserConsole('quinn'), requestParameters: { userName: 'quinn', serialNumber: 'arn:aws:iam::111122223333:mfa/quinn' } });

describe('detect', () => {
  it('gives every matching rule a detection with the event fields', () => {
    const login = consoleLogin(root(), { eventTime: '2026-11-10T09:41:07Z' });
    const { detections } = detect([login], defaultConfig);
    expect(detections).toEqual([
      {
        ruleId: 'console-login-no-mfa',
        severity: 'high',
        eventId: login.eventID,
        eventName: 'ConsoleLogin',
        eventTime: '2026-11-10T09:41:07Z',
        actor: ROOT_ARN,
        sourceIp: '203.0.113.55',
        resource: ROOT_ARN,
        message: 'The root user signed in to the console without MFA from 203.0.113.55',
      },
      expect.objectContaining({ ruleId: 'root-activity', severity: 'critical', eventId: login.eventID }),
    ]);
  });

  it('evaluates each eventID once, however often it is delivered', () => {
    const login = consoleLogin(root());
    const result = detect([login, structuredClone(login), login], defaultConfig);
    expect(result.detections.map((d) => d.ruleId)).toEqual(['console-login-no-mfa', 'root-activity']);
    expect(result.summary).toEqual({ events: 1, skipped: 2, errors: 0, failedConsoleLogins: 0 });
  });

  it('sorts by eventTime, then ruleId, whatever the input order and time precision', () => {
    const late = consoleLogin(root(), { eventTime: '2026-11-10T12:00:00Z' });
    const early = mfaOff('2026-11-10T08:00:00Z');
    const middle = mfaOff('2026-11-10T09:30:00.250Z');
    const { detections } = detect([late, middle, early], defaultConfig);
    expect(detections.map((d) => [d.eventTime, d.ruleId])).toEqual([
      ['2026-11-10T08:00:00Z', 'mfa-removed'],
      ['2026-11-10T09:30:00.250Z', 'mfa-removed'],
      ['2026-11-10T12:00:00Z', 'console-login-no-mfa'],
      ['2026-11-10T12:00:00Z', 'root-activity'],
    ]);
  });

  it('applies severity overrides per rule', () => {
    const config = makeConfig({ severityOverrides: { 'mfa-removed': 'critical', 'root-activity': 'medium' } });
    const { detections } = detect([mfaOff('2026-11-10T08:00:00Z'), consoleLogin(root())], config);
    expect(Object.fromEntries(detections.map((d) => [d.ruleId, d.severity]))).toEqual({
      'mfa-removed': 'critical',
      'root-activity': 'medium',
      'console-login-no-mfa': 'high',
    });
  });

  it('counts failed console sign-ins and the malformed records it is told about; failures fire nothing', () => {
    const failed = [consoleLogin(iamUserConsole('quinn'), { success: false }), consoleLogin(root(), { success: false })];
    const result = detect(failed, defaultConfig, 3);
    expect(result.detections).toEqual([]);
    expect(result.summary).toEqual({ events: 2, skipped: 0, errors: 3, failedConsoleLogins: 2 });
  });

  it('names the actor by its identity type when the record has no ARN', () => {
    const record = iamCall('CreateAccessKey', { userIdentity: identityCenterUser(), requestParameters: { userName: 'build-agent' } });
    const [detection] = detect([record], defaultConfig).detections;
    expect(detection).toMatchObject({ ruleId: 'access-key-created', actor: 'IdentityCenterUser', resource: userArn('build-agent') });
  });

  it('dedupes across batches fed to one run', () => {
    const run = new DetectionRun(defaultConfig);
    const record = iamCall('CreateAccessKey', { userIdentity: iamUser('admin'), requestParameters: { userName: 'ci' } });
    run.add(record);
    run.add(structuredClone(record));
    expect(run.result().summary).toMatchObject({ events: 1, skipped: 1 });
    // An administrator's key for another user: access-key-created and backdoor-credentials, each once.
    expect(run.result().detections.map((d) => d.ruleId)).toEqual(['access-key-created', 'backdoor-credentials']);
  });
});
