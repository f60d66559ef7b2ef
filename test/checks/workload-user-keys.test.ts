import { describe, expect, it } from 'vitest';
import { workloadUserKeys } from '../../shared/checks/workload-user-keys.js';
import { activeKey, consoleUserRow, failures, rootRow, userArn, userRow } from '../helpers/account.js';
import { inactiveKey } from '../helpers/credentials.js';

describe('workload-user-keys', () => {
  it('fails for a user with an active key and no console password', () => {
    const found = failures(workloadUserKeys, { rows: [userRow('build-agent', { ...activeKey(1, 30, null), ...inactiveKey(2, 200, 190) })] });
    expect(found).toEqual([
      {
        resource: userArn('build-agent'),
        message: 'build-agent has no console password but an active access key (1): an application identity better served by a role',
        details: { activeKeys: [{ accessKey: 1, lastRotated: '2026-10-02T00:00:00.000Z', lastUsed: null }] },
      },
    ]);
  });

  it('fails once when both keys are active', () => {
    const found = failures(workloadUserKeys, { rows: [userRow('ci', { ...activeKey(1, 30), ...activeKey(2, 3) })] });
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/two active access keys/);
  });

  it('passes for a console user with an access key too (a person, not a workload)', () => {
    expect(failures(workloadUserKeys, { rows: [consoleUserRow('alice', activeKey(1, 10))] })).toEqual([]);
  });

  it('near miss: a key-only user whose keys are all inactive, and a user with no credentials', () => {
    expect(failures(workloadUserKeys, { rows: [userRow('old-ci', inactiveKey(1, 300)), userRow('idle')] })).toEqual([]);
  });

  it('never applies to root (no console password in the report, but root-access-key owns its keys)', () => {
    expect(failures(workloadUserKeys, { rows: [rootRow(activeKey(1, 10))] })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(workloadUserKeys).toMatchObject({ id: 'workload-user-keys', severity: 'low', resourceKinds: ['user'], inputs: ['credentialReport'] });
    expect(workloadUserKeys.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['IAMBestPractices roles for applications']);
    expect(workloadUserKeys.remediation.length).toBeGreaterThan(20);
  });
});
