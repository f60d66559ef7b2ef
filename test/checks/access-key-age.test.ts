import { describe, expect, it } from 'vitest';
import { accessKeyAge } from '../../shared/checks/access-key-age.js';
import { activeKey, failures, rootRow, userArn, userRow } from '../helpers/account.js';
import { inactiveKey } from '../helpers/credentials.js';

describe('access-key-age', () => {
  it('fails for an active key rotated one day over the limit', () => {
    const found = failures(accessKeyAge, { rows: [userRow('alice', activeKey(1, 91))] });
    expect(found).toEqual([
      {
        resource: userArn('alice'),
        qualifier: 'access_key_1',
        message: "alice's access key 1 was last rotated 91 days ago (limit 90)",
        details: { accessKey: 1, lastRotated: '2026-08-02T00:00:00.000Z', ageDays: 91, maxAgeDays: 90 },
      },
    ]);
  });

  it('passes at exactly the limit, and just under a day past it (ages round down)', () => {
    expect(failures(accessKeyAge, { rows: [userRow('alice', activeKey(1, 90))] })).toEqual([]);
    expect(failures(accessKeyAge, { rows: [userRow('alice', activeKey(1, 90.9))] })).toEqual([]);
  });

  it('reports each old active key with its own qualifier', () => {
    const found = failures(accessKeyAge, { rows: [userRow('alice', { ...activeKey(1, 150), ...activeKey(2, 200) })] });
    expect(found.map((f) => f.qualifier)).toEqual(['access_key_1', 'access_key_2']);
    expect(found[1].message).toBe("alice's access key 2 was last rotated 200 days ago (limit 90)");
  });

  it('near miss: an old inactive key, and a recently rotated one beside it', () => {
    expect(failures(accessKeyAge, { rows: [userRow('alice', { ...inactiveKey(1, 500), ...activeKey(2, 10) })] })).toEqual([]);
  });

  it('reads the limit from config', () => {
    expect(failures(accessKeyAge, { rows: [userRow('alice', activeKey(1, 31))] }, { maxAccessKeyAgeDays: 30 })).toHaveLength(1);
    expect(failures(accessKeyAge, { rows: [userRow('alice', activeKey(1, 30))] }, { maxAccessKeyAgeDays: 30 })).toEqual([]);
  });

  it('never applies to root (root-access-key covers root keys)', () => {
    expect(failures(accessKeyAge, { rows: [rootRow(activeKey(1, 900))] })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(accessKeyAge).toMatchObject({ id: 'access-key-age', severity: 'medium', resourceKinds: ['user'], inputs: ['credentialReport'] });
    expect(accessKeyAge.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.14', 'CIS v5.0.0 1.13', 'SecurityHub IAM.3', 'AWSConfig access-keys-rotated']);
    expect(accessKeyAge.remediation.length).toBeGreaterThan(20);
  });
});
