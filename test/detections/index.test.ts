import { describe, expect, it } from 'vitest';
import { DETECTION_RULES, DETECTION_RULES_BY_ID, eventsReadBy } from '../../shared/detections/index.js';
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

  it('the burst rules fire through their windows, never on one record', () => {
    const bursts = DETECTION_RULES.filter((r) => r.burst).map((r) => r.id);
    expect(bursts).toEqual(['console-login-failures', 'password-spraying', 'access-denied-burst']);
  });
});
