import { describe, expect, it } from 'vitest';
import { eventTime } from '../../shared/lambda/auditor.js';
import { HandlerDependencies } from '../../shared/lambda/dependencies.js';
import { EnvironmentError, readEnvironment, type LambdaEnvironment } from '../../shared/lambda/environment.js';
import { ConfigError } from '../../shared/errors.js';

const DEPLOYED = {
  POWERTOOLS_SERVICE_NAME: 'iam-sentinel-prod',
  IAM_SENTINEL_TABLE: 'iam-sentinel-prod-findings',
  IAM_SENTINEL_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:iam-sentinel-prod-alerts',
  IAM_SENTINEL_CONFIG_PARAMETER: '',
  IAM_SENTINEL_NOTIFY: 'sns',
};

describe('readEnvironment', () => {
  it('reads what serverless.yml sets; an empty parameter is no parameter', () => {
    expect(readEnvironment(DEPLOYED)).toEqual({
      serviceName: 'iam-sentinel-prod',
      tableName: 'iam-sentinel-prod-findings',
      topicArn: DEPLOYED.IAM_SENTINEL_TOPIC_ARN,
      sinks: ['sns'],
      replay: false,
    });
  });

  it('reads the local overrides', () => {
    const env = readEnvironment({
      IAM_SENTINEL_TABLE: 't',
      IAM_SENTINEL_SNAPSHOT_DIR: 'examples/demo-account',
      IAM_SENTINEL_DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      IAM_SENTINEL_NOTIFY: 'console, outbox,slack,outbox',
      IAM_SENTINEL_DATA_DIR: '.iam-sentinel',
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x',
      IAM_SENTINEL_CONFIG: 'examples/iam-sentinel.config.json',
    });
    expect(env).toMatchObject({
      serviceName: 'iam-sentinel',
      snapshotDir: 'examples/demo-account',
      dynamoEndpoint: 'http://127.0.0.1:8000',
      sinks: ['console', 'outbox', 'slack'],
      dataDir: '.iam-sentinel',
      configFile: 'examples/iam-sentinel.config.json',
    });
  });

  it('reads the stack\'s own resources for monitor-tampering, the audit function and the burst wait', () => {
    const env = readEnvironment({
      ...DEPLOYED,
      IAM_SENTINEL_MONITOR_KMS_KEY_ARNS: 'arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      // The config and webhook parameters joined by serverless.yml: either may be empty.
      IAM_SENTINEL_MONITOR_PARAMETERS: 'iam-sentinel/prod/config,',
      IAM_SENTINEL_AUDIT_FUNCTION: 'iam-sentinel-prod-scheduled-audit',
      IAM_SENTINEL_BURST_SETTLE_MS: '0',
    });
    expect(env).toMatchObject({
      monitor: { kmsKeyArns: ['arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'], parameterNames: ['iam-sentinel/prod/config'] },
      auditFunction: 'iam-sentinel-prod-scheduled-audit',
      burstSettleMs: 0,
    });
    expect(() => readEnvironment({ ...DEPLOYED, IAM_SENTINEL_BURST_SETTLE_MS: 'soon' })).toThrow('IAM_SENTINEL_BURST_SETTLE_MS: expected a whole number of milliseconds');
  });

  it.each([
    [{ ...DEPLOYED, IAM_SENTINEL_TABLE: ' ' }, 'IAM_SENTINEL_TABLE: must be set (the findings table)'],
    [{ ...DEPLOYED, IAM_SENTINEL_TOPIC_ARN: undefined }, 'IAM_SENTINEL_TOPIC_ARN: must be set (the sns sink publishes to it)'],
    [{ ...DEPLOYED, IAM_SENTINEL_NOTIFY: 'outbox' }, 'IAM_SENTINEL_DATA_DIR: must be set (the outbox sink writes outbox.jsonl there)'],
    [{ ...DEPLOYED, IAM_SENTINEL_NOTIFY: 'slack' }, 'SLACK_WEBHOOK_URL: must be set (the slack sink posts to it)'],
    [{ ...DEPLOYED, IAM_SENTINEL_NOTIFY: 'sns,email' }, 'IAM_SENTINEL_NOTIFY: unknown sink "email" (expected a comma-separated list of sns, console, outbox, slack)'],
  ])('names the variable that is wrong: %#', (env, message) => {
    expect(() => readEnvironment(env)).toThrow(EnvironmentError);
    expect(() => readEnvironment(env)).toThrow(message);
  });
});

describe('the deployed config', () => {
  const env = (configParameter?: string): LambdaEnvironment => ({
    serviceName: 'iam-sentinel-prod',
    tableName: 't',
    sinks: [],
    snapshotDir: 'examples/demo-account',
    replay: false,
    ...(configParameter ? { configParameter } : {}),
  });

  it('without a parameter: the defaults, watching this deployment', async () => {
    const { config } = await new HandlerDependencies(env()).resolve(undefined);
    expect(config.serviceName).toBe('iam-sentinel-prod');
    expect(config.notify.minSeverity).toBe('high');
  });

  it('from the parameter (as @middy/ssm parsed it, or as text); a serviceName of its own wins', async () => {
    const deps = new HandlerDependencies(env('/cfg'));
    expect((await deps.resolve({ maxAccessKeyAgeDays: 30 })).config).toMatchObject({ maxAccessKeyAgeDays: 30, serviceName: 'iam-sentinel-prod' });
    expect((await deps.resolve('{"serviceName": "iam-sentinel"}')).config.serviceName).toBe('iam-sentinel');
  });

  it('a wrong or empty parameter is a ConfigError naming the parameter and the place', async () => {
    const deps = new HandlerDependencies(env('/cfg'));
    await expect(deps.resolve({ notify: { minSeverity: 'loud' } })).rejects.toThrow(ConfigError);
    await expect(deps.resolve({ notify: { minSeverity: 'loud' } })).rejects.toThrow(/^SSM parameter \/cfg: notify\.minSeverity: /);
    await expect(deps.resolve('{"maxAccessKeyAgeDays": ')).rejects.toThrow(/^SSM parameter \/cfg: expected valid JSON/);
    await expect(deps.resolve(undefined)).rejects.toThrow('SSM parameter /cfg: expected the JSON configuration, found no value');
  });

  it('the stack\'s own KMS key and parameters join those the config lists', async () => {
    const key = 'arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    const deps = new HandlerDependencies({ ...env('/cfg'), monitor: { kmsKeyArns: [key], parameterNames: ['/cfg'] } });
    const { config } = await deps.resolve({ monitor: { parameterNames: ['/acme/other'] } });
    expect(config.monitor).toEqual({ kmsKeyArns: [key], parameterNames: ['/acme/other', '/cfg'] });
  });

  it('one store per container, a new one only when the history retention changes', async () => {
    const deps = new HandlerDependencies(env('/cfg'));
    const a = (await deps.resolve({})).store;
    expect((await deps.resolve({ maxAccessKeyAgeDays: 30 })).store).toBe(a);
    const b = (await deps.resolve({ historyRetentionDays: 365 })).store;
    expect(b).not.toBe(a);
    await b.close();
  });
});

describe('eventTime', () => {
  const clock = () => new Date('2030-01-01T00:00:00Z');
  it('is the time EventBridge scheduled the run, so a retry evaluates as of the same moment', () => {
    expect(eventTime({ time: '2026-11-20T12:00:00Z' }, clock).toISOString()).toBe('2026-11-20T12:00:00.000Z');
  });
  it('is the clock when invoked by hand', () => {
    expect(eventTime({}, clock)).toEqual(clock());
    expect(eventTime({ time: 'soon' }, clock)).toEqual(clock());
    expect(eventTime(null, clock)).toEqual(clock());
  });
  it('is the clock, and says so, when the event is dated more than a day past it (a typo cannot freeze the history)', () => {
    const told: unknown[] = [];
    const onImplausible = (info: unknown) => void told.push(info);
    expect(eventTime({ time: '9999-12-31T00:00:00Z' }, { clock, onImplausible })).toEqual(clock());
    expect(told).toEqual([{ eventTime: '9999-12-31T00:00:00Z', clock: '2030-01-01T00:00:00.000Z', reason: 'more than a day past the clock' }]);
    // Within a day (skew, time zones) it stands; and IAM_SENTINEL_REPLAY (the local demo) takes any time as it is.
    expect(eventTime({ time: '2030-01-01T23:00:00Z' }, { clock, onImplausible }).toISOString()).toBe('2030-01-01T23:00:00.000Z');
    expect(eventTime({ time: '2030-06-01T00:00:00Z' }, { clock, replay: true, onImplausible }).toISOString()).toBe('2030-06-01T00:00:00.000Z');
    expect(told).toHaveLength(1);
  });
  it('IAM_SENTINEL_REPLAY=true is read as replaying history', () => {
    expect(readEnvironment({ ...DEPLOYED, IAM_SENTINEL_REPLAY: 'true' }).replay).toBe(true);
    expect(readEnvironment(DEPLOYED).replay).toBe(false);
  });
});
