import { describe, expect, it } from 'vitest';
import { passwordAge } from '../../shared/checks/password-age.js';
import { daysAgo, failures, rootRow, userArn, userRow } from '../helpers/account.js';
import { password } from '../helpers/credentials.js';

describe('password-age', () => {
  it('fails for a password changed one day over the limit', () => {
    const found = failures(passwordAge, { rows: [userRow('alice', password(91))] });
    expect(found).toEqual([
      {
        resource: userArn('alice'),
        message: "alice's password was last changed 91 days ago (limit 90)",
        details: {
          passwordLastChanged: '2026-08-02T00:00:00.000Z',
          countedFrom: 'password_last_changed',
          since: '2026-08-02T00:00:00.000Z',
          ageDays: 91,
          maxAgeDays: 90,
        },
      },
    ]);
  });

  it('passes at exactly the limit and just under a day past it', () => {
    expect(failures(passwordAge, { rows: [userRow('alice', password(90))] })).toEqual([]);
    expect(failures(passwordAge, { rows: [userRow('alice', password(90.9))] })).toEqual([]);
  });

  it('counts a never-changed password from the user creation time', () => {
    const found = failures(passwordAge, { rows: [userRow('alice', { ...password(null), user_creation_time: daysAgo(120) })] });
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe("alice's password was never changed; the user was created 120 days ago (limit 90)");
    expect(found[0].details).toMatchObject({ passwordLastChanged: null, countedFrom: 'user_creation_time', ageDays: 120 });
    expect(failures(passwordAge, { rows: [userRow('bob', { ...password(null), user_creation_time: daysAgo(90) })] })).toEqual([]);
  });

  it('near miss: an old password_last_changed on a user whose console password is disabled', () => {
    expect(failures(passwordAge, { rows: [userRow('alice', { password_enabled: 'false', password_last_changed: daysAgo(500) })] })).toEqual([]);
  });

  it('reads the limit from config', () => {
    expect(failures(passwordAge, { rows: [userRow('alice', password(181))] }, { maxPasswordAgeDays: 180 })).toHaveLength(1);
    expect(failures(passwordAge, { rows: [userRow('alice', password(180))] }, { maxPasswordAgeDays: 180 })).toEqual([]);
  });

  it('never applies to root', () => {
    expect(failures(passwordAge, { rows: [rootRow({ password_enabled: 'true', password_last_changed: daysAgo(900) })] })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(passwordAge).toMatchObject({ id: 'password-age', severity: 'low', resourceKinds: ['user'], inputs: ['credentialReport'] });
    expect(passwordAge.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['IAMBestPractices rotate credentials']);
    expect(passwordAge.remediation.length).toBeGreaterThan(20);
  });
});
