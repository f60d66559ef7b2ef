/**
 * Config validation beyond shapes: ids must name checks or rules of the
 * catalog (read from its lists when the config is read), notify.always adds
 * to the defaults, numbers have sane maxima, and the Slack webhook is named
 * by its SSM parameter, never given.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { parseConfig } from '../../shared/config/load.js';
import { DEFAULT_ALWAYS } from '../../shared/config/schema.js';
import { ConfigError } from '../../shared/errors.js';
import type { Check } from '../../shared/model.js';

const parse = (value: unknown) => parseConfig(JSON.stringify(value), 'iam-sentinel.config.json');
const failure = (value: unknown): string => {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('check and rule ids', () => {
  it('an unknown id is an error naming its path, with the id it is closest to', () => {
    expect(failure({ severityOverrides: { 'root-acess-key': 'low' } })).toBe(
      'iam-sentinel.config.json: severityOverrides.root-acess-key: unknown check or rule id "root-acess-key" (did you mean "root-access-key"?); `iam-sentinel checks` lists them',
    );
    expect(failure({ suppressions: [{ checkId: '*', reason: 'ok' }, { checkId: 'admin-polcy', reason: 'r' }] })).toMatch(
      /: suppressions\[1\]\.checkId: unknown check or rule id "admin-polcy" \(did you mean "admin-policy"\?\)/,
    );
    expect(failure({ notify: { always: ['root-access-key-used', 'mfa-remove'] } })).toMatch(/: notify\.always\[1\]: unknown check or rule id "mfa-remove"/);
    expect(failure({ severityOverrides: { nope: 'low', 'also-nope': 'high' } })).toMatch(/\(and 1 more: also-nope\)$/);
  });

  it('checks and rules, and "*" in a suppression, are known', () => {
    const config = parse({
      severityOverrides: { 'admin-policy': 'critical', 'mfa-removed': 'critical' },
      suppressions: [{ checkId: '*', resource: 'arn:aws:iam::*:user/ci-*', reason: 'CI users, tracked in JIRA-1' }, { checkId: 'root-activity', reason: 'drill' }],
      notify: { always: ['cloudtrail-tampering'] },
    });
    expect(config.severityOverrides['admin-policy']).toBe('critical');
  });

  it('are read from the catalog lists when a config is read: a check added to CHECKS is known at once', () => {
    const added = { ...CHECKS[0], id: 'brand-new-check' } as Check;
    const list = CHECKS as Check[];
    expect(failure({ severityOverrides: { 'brand-new-check': 'low' } })).toMatch(/unknown check or rule id "brand-new-check"/);
    list.push(added);
    try {
      expect(parse({ severityOverrides: { 'brand-new-check': 'low' } }).severityOverrides['brand-new-check']).toBe('low');
    } finally {
      list.pop();
    }
  });
});

describe('notify.always', () => {
  it('ids given are added to the defaults: a list of one does not drop the alarms the product exists for', () => {
    expect(parse({ notify: { always: ['admin-policy'] } }).notify.always).toEqual([...DEFAULT_ALWAYS, 'admin-policy']);
    expect(parse({}).notify.always).toEqual(DEFAULT_ALWAYS);
  });

  it('replace the defaults only with notify.replaceAlways: true', () => {
    expect(parse({ notify: { always: ['admin-policy'], replaceAlways: true } }).notify.always).toEqual(['admin-policy']);
    expect(parse({ notify: { replaceAlways: true } }).notify.always).toEqual([]);
  });
});

describe('limits', () => {
  it('numbers have sane maxima, so a huge one is an error, not a crash in the scan', () => {
    expect(failure({ historyRetentionDays: 9007199254740991 })).toBe(
      'iam-sentinel.config.json: historyRetentionDays: expected at most 3650 days (omit it to keep history forever)',
    );
    expect(failure({ maxAccessKeyAgeDays: 1e9 })).toMatch(/maxAccessKeyAgeDays: expected at most 3650 days/);
    expect(failure({ notify: { realertDays: 100000 } })).toMatch(/notify\.realertDays: expected at most 365 days/);
    expect(failure({ notify: { maxAlertsPerRun: 1e7 } })).toMatch(/notify\.maxAlertsPerRun: expected at most 10000/);
    expect(parse({ historyRetentionDays: 3650 }).historyRetentionDays).toBe(3650);
  });
});

describe('notify.slackWebhookParameter', () => {
  it('is an SSM parameter name, never the webhook URL', () => {
    expect(parse({ notify: { slackWebhookParameter: '/iam-sentinel/prod/slack-webhook' } }).notify.slackWebhookParameter).toBe('/iam-sentinel/prod/slack-webhook');
    expect(failure({ notify: { slackWebhookParameter: 'https://hooks.slack.com/services/T0000/B0000/XXXXXXXX' } })).toMatch(
      /notify\.slackWebhookParameter: expected the name of an SSM parameter that holds the Slack webhook URL, not the URL/,
    );
    expect(failure({ notify: { slackWebhookParameter: 'my webhook' } })).toMatch(/expected an SSM parameter name/);
  });
});
