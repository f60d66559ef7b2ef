import { describe, expect, it } from 'vitest';
import { generateEvents } from '../../bench/generate-events.js';
import { makeConfig } from '../../shared/config/schema.js';
import { DETECTION_RULES, DETECTION_RULES_BY_ID, eventsReadBy, sourcesReadBy } from '../../shared/detections/index.js';
import { readEvents } from '../../shared/detections/read-events.js';
import { SEVERITIES } from '../../shared/model.js';

describe('detection rule registry', () => {
  it('lists every catalog rule once, in catalog order, with the catalog severities', () => {
    expect(DETECTION_RULES.map((r) => [r.id, r.severity])).toEqual([
      ['root-activity', 'critical'],
      ['root-access-key-used', 'critical'],
      ['root-access-key-created', 'critical'],
      ['console-login-no-mfa', 'high'],
      ['mfa-removed', 'high'],
      ['access-key-created', 'medium'],
      ['login-profile-changed', 'medium'],
      ['admin-granted', 'high'],
      ['password-policy-weakened', 'high'],
      ['cloudtrail-tampering', 'critical'],
      ['role-trust-opened', 'high'],
      ['monitor-tampering', 'critical'],
      ['policy-default-version-set', 'high'],
      ['backdoor-credentials', 'high'],
      ['federation-changed', 'high'],
      ['compromised-key-quarantine', 'critical'],
      ['permissions-boundary-changed', 'high'],
      ['federation-token-minted', 'medium'],
      ['console-login-failures', 'high'],
      ['password-spraying', 'high'],
      ['access-denied-burst', 'medium'],
    ]);
    expect([...DETECTION_RULES_BY_ID.keys()]).toEqual(DETECTION_RULES.map((r) => r.id));
  });

  it('every rule carries complete metadata', () => {
    for (const rule of DETECTION_RULES) {
      expect(rule.title.length, rule.id).toBeGreaterThan(5);
      expect(rule.practice.length, rule.id).toBeGreaterThan(40);
      expect(rule.remediation.length, rule.id).toBeGreaterThan(40);
      expect(rule.references.length, rule.id).toBeGreaterThan(0);
      expect(SEVERITIES).toContain(rule.severity);
      // What the deployed event rule must forward (test/deploy holds the pattern to it).
      expect(eventsReadBy(rule).length, rule.id).toBeGreaterThan(0);
    }
  });

  it('declares every event source it can fire on: detect() gives a rule only the records of those', async () => {
    // A broad corpus: every kind of the bench generator, the demo and the handbook example, each record offered to every rule.
    const { records: demo } = await readEvents(['examples/demo-events', 'test/fixtures/v2-events/events.jsonl']);
    const corpus = [...generateEvents({ count: 6000, seed: 11 }), ...demo];
    const config = makeConfig({ serviceName: 'iam-sentinel-dev', monitor: { parameterNames: ['/acme/monitor'] } });
    let fired = 0;
    for (const rule of DETECTION_RULES) {
      const sources = sourcesReadBy(rule);
      for (const record of corpus) {
        if (!rule.match(record, config)) continue;
        fired++;
        if (sources) expect(sources.has(record.eventSource), `${rule.id} fired on ${record.eventSource}`).toBe(true);
      }
    }
    expect(fired).toBeGreaterThan(100);
  });

  it('the burst rules fire through their windows, never on one record', () => {
    const bursts = DETECTION_RULES.filter((r) => r.burst).map((r) => r.id);
    expect(bursts).toEqual(['console-login-failures', 'password-spraying', 'access-denied-burst']);
  });
});
