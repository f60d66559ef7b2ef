import { describe, expect, it } from 'vitest';
import { multipleActiveKeys } from '../../shared/checks/multiple-active-keys.js';
import { activeKey, consoleUserRow, failures, rootRow, userArn, userRow } from '../helpers/account.js';
import { inactiveKey } from '../helpers/credentials.js';

describe('multiple-active-keys', () => {
  it('fails once for a user with both keys active', () => {
    const found = failures(multipleActiveKeys, { rows: [userRow('ci', { ...activeKey(1, 200, 100), ...activeKey(2, 10, 1) })] });
    expect(found).toHaveLength(1);
    expect(found[0].resource).toBe(userArn('ci'));
    expect(found[0].qualifier).toBeUndefined();
    expect(found[0].message).toBe('ci has two active access keys (rotated 200 and 10 days ago)');
    expect(found[0].details).toEqual({
      keys: [
        { accessKey: 1, lastRotated: '2026-04-15T00:00:00.000Z', ageDays: 200, lastUsed: '2026-07-24T00:00:00.000Z' },
        { accessKey: 2, lastRotated: '2026-10-22T00:00:00.000Z', ageDays: 10, lastUsed: '2026-10-31T00:00:00.000Z' },
      ],
    });
  });

  it('passes with one active key', () => {
    expect(failures(multipleActiveKeys, { rows: [userRow('ci', activeKey(1, 10))] })).toEqual([]);
  });

  it('near miss: two keys of which one is inactive (a rotation in progress)', () => {
    expect(failures(multipleActiveKeys, { rows: [userRow('ci', { ...activeKey(2, 1), ...inactiveKey(1, 95) })] })).toEqual([]);
  });

  it('never applies to root', () => {
    expect(failures(multipleActiveKeys, { rows: [rootRow({ ...activeKey(1, 10), ...activeKey(2, 10) }), consoleUserRow('alice')] })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(multipleActiveKeys).toMatchObject({ id: 'multiple-active-keys', severity: 'low', resourceKinds: ['user'], inputs: ['credentialReport'] });
    expect(multipleActiveKeys.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.13', 'CIS v5.0.0 1.12']);
    expect(multipleActiveKeys.remediation.length).toBeGreaterThan(20);
  });
});
