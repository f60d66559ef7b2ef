import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const { heartbeatPeriodSecondsOf, securityHubFlagOf, slackWebhookParameterNameOf } = createRequire(import.meta.url)('../../infra/params.cjs') as {
  heartbeatPeriodSecondsOf: (schedule: string) => number;
  securityHubFlagOf: (value: unknown) => 'true' | 'false';
  slackWebhookParameterNameOf: (value: unknown) => string;
};

describe('heartbeat period (infra/params.cjs)', () => {
  it('is two schedule periods', () => {
    expect(heartbeatPeriodSecondsOf('rate(12 hours)')).toBe(86_400);
    expect(heartbeatPeriodSecondsOf('rate(1 hour)')).toBe(7_200);
    expect(heartbeatPeriodSecondsOf('rate(30 minutes)')).toBe(3_600);
    expect(heartbeatPeriodSecondsOf('rate(1 minute)')).toBe(120);
    expect(heartbeatPeriodSecondsOf('rate(3 days)')).toBe(6 * 86_400);
  });

  it('needs a rate expression CloudWatch can watch', () => {
    expect(() => heartbeatPeriodSecondsOf('cron(0 3 * * ? *)')).toThrow(/schedule must be a rate expression/);
    expect(() => heartbeatPeriodSecondsOf('rate(4 days)')).toThrow(/CloudWatch accepts 60 s to 7 days/);
    expect(() => heartbeatPeriodSecondsOf('rate(0 hours)')).toThrow(/CloudWatch accepts/);
  });
});

describe('securityHub parameter (infra/params.cjs)', () => {
  it('is "true" or "false", whatever the usual spelling', () => {
    for (const on of [true, 'true', 'TRUE', 'yes', '1', 'on']) expect(securityHubFlagOf(on)).toBe('true');
    for (const off of [false, 'false', 'no', '0', 'off', '', undefined, null]) expect(securityHubFlagOf(off)).toBe('false');
  });

  it('refuses anything else at package time', () => {
    expect(() => securityHubFlagOf('enabled')).toThrow('securityHub must be true or false (got "enabled")');
  });
});

describe('slackWebhookParameter (infra/params.cjs)', () => {
  it('is an SSM parameter name, or empty (no Slack)', () => {
    expect(slackWebhookParameterNameOf('/iam-sentinel/prod/slack-webhook')).toBe('/iam-sentinel/prod/slack-webhook');
    expect(slackWebhookParameterNameOf(' iam-sentinel/slack ')).toBe('iam-sentinel/slack');
    expect(slackWebhookParameterNameOf('')).toBe('');
    expect(slackWebhookParameterNameOf(undefined)).toBe('');
  });

  it('never the webhook URL: packaging fails, saying what to give instead and without repeating the URL', () => {
    const url = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx';
    expect(() => slackWebhookParameterNameOf(url)).toThrow(/slackWebhookParameter must be the NAME of an SSM SecureString parameter holding the Slack webhook URL, not the URL itself/);
    expect(() => slackWebhookParameterNameOf(url)).not.toThrow(/T0123ABCD/);
    expect(() => slackWebhookParameterNameOf('hooks.slack.com/services/T0/B0/x')).toThrow(/not the URL itself/);
    expect(() => slackWebhookParameterNameOf('my webhook')).toThrow(/must be an SSM parameter name/);
  });

  it('`npm run package` with a URL fails with that message', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: await mkdtemp(join(tmpdir(), 'package-home-')) };
    for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[k];
    const out = await mkdtemp(join(tmpdir(), 'package-out-'));
    const result = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'package', '--', '--stage', 'url-check', '--package', out, '--param=slackWebhookParameter=https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx'],
      { env, timeout: 150_000 },
    ).then(
      () => ({ failed: false, output: '' }),
      (error: { stdout?: string; stderr?: string }) => ({ failed: true, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result.failed).toBe(true);
    expect(result.output).toContain('slackWebhookParameter must be the NAME of an SSM SecureString parameter');
  }, 180_000);
});
