import { describe, expect, it } from 'vitest';
import { initialAccessKeyUnused } from '../../shared/checks/initial-access-key-unused.js';
import { NOW, consoleUserRow, failures, rootRow, userArn, userRow } from '../helpers/account.js';

const at = (iso: string) => iso.replace('.000Z', '+00:00');
const created = new Date(NOW.getTime() - 10 * 86_400_000);
const plus = (ms: number) => at(new Date(created.getTime() + ms).toISOString());
const HOUR = 3_600_000;
/** A console user created 10 days ago whose key `slot` was made `afterMs` after it, never used. */
const setUp = (afterMs: number, slot: 1 | 2 = 1, extra: Record<string, string> = {}) =>
  consoleUserRow('ben', {
    user_creation_time: at(created.toISOString()),
    [`access_key_${slot}_active`]: 'true',
    [`access_key_${slot}_last_rotated`]: plus(afterMs),
    ...extra,
  });

describe('initial-access-key-unused', () => {
  it('fails for a never-used active key made with a console user, naming the key', () => {
    expect(failures(initialAccessKeyUnused, { rows: [setUp(30 * 60_000)] })).toEqual([
      {
        resource: userArn('ben'),
        qualifier: 'access_key_1',
        message: "ben's access key 1 was created 30 minutes after the user, with its console password, and has never been used",
        details: { accessKey: 1, created: plus(30 * 60_000).replace('+00:00', '.000Z'), userCreated: created.toISOString(), minutesAfterUser: 30 },
      },
    ]);
  });

  it('takes the edge: a key made exactly 24 hours after the user counts, one second later does not', () => {
    expect(failures(initialAccessKeyUnused, { rows: [setUp(24 * HOUR, 2)] }).map((f) => f.qualifier)).toEqual(['access_key_2']);
    expect(failures(initialAccessKeyUnused, { rows: [setUp(24 * HOUR + 1000)] })).toEqual([]);
  });

  it('passes once the key was used', () => {
    expect(failures(initialAccessKeyUnused, { rows: [setUp(HOUR, 1, { access_key_1_last_used_date: plus(2 * HOUR) })] })).toEqual([]);
  });

  it('near misses: no console password, an inactive key, root', () => {
    const keyOnly = userRow('svc', { user_creation_time: at(created.toISOString()), access_key_1_active: 'true', access_key_1_last_rotated: plus(HOUR) });
    const inactive = setUp(HOUR, 1, { access_key_1_active: 'false' });
    const root = rootRow({ user_creation_time: at(created.toISOString()), access_key_1_active: 'true', access_key_1_last_rotated: plus(HOUR) });
    expect(failures(initialAccessKeyUnused, { rows: [root, keyOnly, inactive] })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(initialAccessKeyUnused).toMatchObject({ id: 'initial-access-key-unused', severity: 'low', inputs: ['credentialReport'], resourceKinds: ['user'] });
    expect(initialAccessKeyUnused.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['CIS v3.0.0 1.11', 'CIS v5.0.0 1.10']);
  });
});
