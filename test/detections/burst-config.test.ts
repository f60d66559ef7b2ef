/** The config keys of the burst rules and of monitor-tampering: the catalog's defaults, and errors that name the key. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/load.js';
import { defaultConfig } from '../../shared/config/schema.js';
import { ConfigError } from '../../shared/errors.js';

describe('config: loginFailures, spraying, accessDenied, monitor', () => {
  it('defaults to the catalog\'s thresholds and no extra monitor resources', () => {
    expect(defaultConfig.loginFailures).toEqual({ count: 5, windowMinutes: 15 });
    expect(defaultConfig.spraying).toEqual({ users: 10, windowMinutes: 60 });
    expect(defaultConfig.accessDenied).toEqual({ count: 20, windowMinutes: 10 });
    expect(defaultConfig.monitor).toEqual({ kmsKeyArns: [], parameterNames: [] });
  });

  it('keeps what a file sets, defaulting the rest of each object', () => {
    const config = parseConfig('{"loginFailures": {"count": 3}, "spraying": {"windowMinutes": 30}}', 'c.json');
    expect(config.loginFailures).toEqual({ count: 3, windowMinutes: 15 });
    expect(config.spraying).toEqual({ users: 10, windowMinutes: 30 });
  });

  it.each([
    ['{"loginFailures": {"windowMinutes": 0}}', /^c\.json: loginFailures\.windowMinutes: /],
    ['{"accessDenied": {"count": 2.5}}', /^c\.json: accessDenied\.count: /],
    ['{"spraying": {"user": 4}}', /^c\.json: spraying\.user: unknown key/],
    ['{"monitor": {"kmsKeyArns": ["alias/iam-sentinel"]}}', /^c\.json: monitor\.kmsKeyArns\[0\]: expected a KMS key ARN/],
  ])('rejects %s naming the key', (text, message) => {
    expect(() => parseConfig(text, 'c.json')).toThrow(ConfigError);
    expect(() => parseConfig(text, 'c.json')).toThrow(message);
  });
});
