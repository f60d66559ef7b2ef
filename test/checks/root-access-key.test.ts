import { describe, expect, it } from 'vitest';
import { rootAccessKey } from '../../shared/checks/root-access-key.js';
import { ROOT_ARN, activeKey, failures, rootRow, userRow } from '../helpers/account.js';

describe('root-access-key', () => {
  it('fails for each active root access key', () => {
    const found = failures(rootAccessKey, { rows: [rootRow({ ...activeKey(1, 10), ...activeKey(2, 500, null) })] });
    expect(found.map((f) => [f.resource, f.qualifier])).toEqual([
      [ROOT_ARN, 'access_key_1'],
      [ROOT_ARN, 'access_key_2'],
    ]);
  });

  it('passes when root has no keys', () => {
    expect(failures(rootAccessKey, { rows: [rootRow()] })).toEqual([]);
  });

  it('near miss: an inactive root key, and an IAM user with an active key, do not fail', () => {
    const rows = [rootRow({ access_key_1_active: 'false', access_key_1_last_rotated: '2020-01-01T00:00:00+00:00' }), userRow('alice', activeKey(1, 5))];
    expect(failures(rootAccessKey, { rows })).toEqual([]);
  });
});
