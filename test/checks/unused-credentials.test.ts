import { describe, expect, it } from 'vitest';
import { unusedCredentials } from '../../shared/checks/unused-credentials.js';
import { activeKey, consoleUserRow, daysAgo, failures, rootRow, userArn, userRow } from '../helpers/account.js';
import { inactiveKey, password } from '../helpers/credentials.js';

const found = (row: Record<string, string>, config = {}) => failures(unusedCredentials, { rows: [row] }, config);

describe('unused-credentials', () => {
  describe('console password', () => {
    it('fails when last used one day over the limit', () => {
      expect(found(userRow('alice', password(10, 46)))).toEqual([
        {
          resource: userArn('alice'),
          qualifier: 'password',
          message: "alice's password was last used 46 days ago (limit 45)",
          details: {
            credential: 'password',
            lastUsed: '2026-09-16T00:00:00.000Z',
            countedFrom: 'password_last_used',
            since: '2026-09-16T00:00:00.000Z',
            idleDays: 46,
            maxIdleDays: 45,
          },
        },
      ]);
    });

    it('passes when last used exactly at the limit', () => {
      expect(found(userRow('alice', password(10, 45)))).toEqual([]);
      expect(found(userRow('alice', password(10, 45.9)))).toEqual([]);
    });

    it('counts a never-used password from when it was set', () => {
      const f = found(userRow('alice', password(46, null)));
      expect(f).toHaveLength(1);
      expect(f[0].message).toBe("alice's password has never been used in the 46 days since it was set (limit 45)");
      expect(f[0].details).toMatchObject({ lastUsed: null, countedFrom: 'password_last_changed', idleDays: 46 });
      expect(found(userRow('alice', password(45, null)))).toEqual([]);
    });

    it('counts a never-used, never-changed password from the user creation', () => {
      const f = found(userRow('alice', { ...password(null, null), user_creation_time: daysAgo(46) }));
      expect(f.map((x) => x.details!.countedFrom)).toEqual(['user_creation_time']);
      expect(f[0].message).toBe("alice's password has never been used in the 46 days since the user was created (limit 45)");
      expect(found(userRow('alice', { ...password(null, null), user_creation_time: daysAgo(45) }))).toEqual([]);
    });

    it('near miss: a disabled password with an old last use', () => {
      expect(found(userRow('alice', { password_enabled: 'false', password_last_used: daysAgo(300) }))).toEqual([]);
    });
  });

  describe('access keys', () => {
    it('fails for an active key last used one day over the limit', () => {
      const f = found(userRow('ci', activeKey(2, 100, 46)));
      expect(f.map((x) => [x.qualifier, x.message])).toEqual([['access_key_2', "ci's access key 2 was last used 46 days ago (limit 45)"]]);
      expect(f[0].details).toMatchObject({ credential: 'access_key_2', countedFrom: 'access_key_2_last_used_date', idleDays: 46 });
    });

    it('passes for an active key used exactly at the limit', () => {
      expect(found(userRow('ci', activeKey(1, 100, 45)))).toEqual([]);
    });

    it('counts a never-used key from its creation (last rotation)', () => {
      const f = found(userRow('ci', activeKey(1, 46, null)));
      expect(f.map((x) => x.message)).toEqual(["ci's access key 1 has never been used in the 46 days since it was created (limit 45)"]);
      expect(f[0].details).toMatchObject({ lastUsed: null, countedFrom: 'access_key_1_last_rotated', since: '2026-09-16T00:00:00.000Z' });
      expect(found(userRow('ci', activeKey(1, 45, null)))).toEqual([]);
    });

    it('near miss: an inactive key unused for years', () => {
      expect(found(userRow('ci', inactiveKey(1, 900, 800)))).toEqual([]);
    });
  });

  it('reports one finding per stale credential of a user', () => {
    const f = found(userRow('alice', { ...password(200, 100), ...activeKey(1, 300, 60), ...activeKey(2, 5, 1) }));
    expect(f.map((x) => [x.resource, x.qualifier])).toEqual([
      [userArn('alice'), 'password'],
      [userArn('alice'), 'access_key_1'],
    ]);
  });

  it('passes for a user in good standing', () => {
    expect(found(consoleUserRow('alice', activeKey(1, 10, 1)))).toEqual([]);
  });

  it('reads the limit from config', () => {
    expect(found(userRow('ci', activeKey(1, 100, 91)), { unusedCredentialDays: 90 })).toHaveLength(1);
    expect(found(userRow('ci', activeKey(1, 100, 90)), { unusedCredentialDays: 90 })).toEqual([]);
  });

  it('never applies to root', () => {
    expect(found(rootRow({ password_last_used: daysAgo(400), ...activeKey(1, 900, null) }))).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(unusedCredentials).toMatchObject({ id: 'unused-credentials', severity: 'medium', resourceKinds: ['user'], inputs: ['credentialReport'] });
    expect(unusedCredentials.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.12', 'CIS v5.0.0 1.11', 'SecurityHub IAM.8', 'SecurityHub IAM.22', 'AWSConfig iam-user-unused-credentials-check']);
    expect(unusedCredentials.remediation.length).toBeGreaterThan(20);
  });
});
