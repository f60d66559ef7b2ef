import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const { heartbeatPeriodSecondsOf, securityHubFlagOf } = createRequire(import.meta.url)('../../infra/params.cjs') as {
  heartbeatPeriodSecondsOf: (schedule: string) => number;
  securityHubFlagOf: (value: unknown) => 'true' | 'false';
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
