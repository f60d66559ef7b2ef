import { describe, expect, it } from 'vitest';
import { rootRecentUse } from '../../shared/checks/root-recent-use.js';
import { ROOT_ARN, activeKey, daysAgo, failures, rootRow, consoleUserRow } from '../helpers/account.js';
import { accountWithoutRootRow, inactiveKey } from '../helpers/credentials.js';

const rootUsed = (days: number) => ({ rows: [rootRow({ password_last_used: daysAgo(days) })] });

describe('root-recent-use', () => {
  it('fails when the root password was used exactly rootRecentUseDays ago (the window includes its edge)', () => {
    const found = failures(rootRecentUse, rootUsed(90));
    expect(found).toHaveLength(1);
    expect(found[0].resource).toBe(ROOT_ARN);
    expect(found[0].message).toBe('The root user was used within the last 90 days: password 90 days ago');
    expect(found[0].details).toEqual({ windowDays: 90, uses: [{ credential: 'password', lastUsed: '2026-08-03T00:00:00.000Z', ageDays: 90 }] });
  });

  it('fails just under a day past the edge (ages round down to 90)', () => {
    expect(failures(rootRecentUse, rootUsed(90.9))).toHaveLength(1);
  });

  it('near miss: root used 91 days ago is not recent', () => {
    expect(failures(rootRecentUse, rootUsed(91))).toEqual([]);
  });

  it('passes for the well-kept root (last sign-in 200 days ago, no keys)', () => {
    expect(failures(rootRecentUse, { rows: [rootRow()] })).toEqual([]);
  });

  it('reports one finding listing each recently used credential, keys included', () => {
    const rows = [rootRow({ password_last_used: daysAgo(3), ...activeKey(2, 400, 5) })];
    const found = failures(rootRecentUse, { rows });
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe('The root user was used within the last 90 days: password 3 days ago, access key 2 5 days ago');
    expect((found[0].details!.uses as { credential: string }[]).map((u) => u.credential)).toEqual(['password', 'access_key_2']);
  });

  it('counts a root key used recently even if it has since been deactivated', () => {
    const found = failures(rootRecentUse, { rows: [rootRow(inactiveKey(1, 300, 20))] });
    expect(found).toHaveLength(1);
    expect(found[0].details!.uses).toEqual([{ credential: 'access_key_1', lastUsed: '2026-10-12T00:00:00.000Z', ageDays: 20 }]);
  });

  it('reads the window from config', () => {
    expect(failures(rootRecentUse, rootUsed(10), { rootRecentUseDays: 10 })).toHaveLength(1);
    expect(failures(rootRecentUse, rootUsed(11), { rootRecentUseDays: 10 })).toEqual([]);
  });

  it('treats no_information and N/A as never used', () => {
    expect(failures(rootRecentUse, { rows: [rootRow({ password_last_used: 'no_information' })] })).toEqual([]);
    expect(failures(rootRecentUse, { rows: [rootRow({ password_last_used: 'N/A' })] })).toEqual([]);
  });

  it('near miss: an IAM user used yesterday is not root use', () => {
    expect(failures(rootRecentUse, { rows: [rootRow(), consoleUserRow('alice')] })).toEqual([]);
  });

  it('reports nothing when the report has no root row', () => {
    expect(failures(rootRecentUse, accountWithoutRootRow({ rows: [consoleUserRow('alice')] }))).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(rootRecentUse).toMatchObject({ id: 'root-recent-use', severity: 'high', resourceKinds: ['account'], inputs: ['credentialReport', 'credentialReport.root'] });
    expect(rootRecentUse.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.7', 'CIS v5.0.0 1.6']);
    expect(rootRecentUse.remediation.length).toBeGreaterThan(20);
  });
});
