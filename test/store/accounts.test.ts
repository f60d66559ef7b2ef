import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { run } from '../helpers/account.js';
import { applyRun, freshStore } from './harness.js';

describe('accounts listed in the store', () => {
  it('records an alias created after the first run, in the same store instance, and keeps it when a run lacks one', async () => {
    const { store } = await freshStore('accounts');
    await applyRun(store, run(CHECKS, { aliases: [] }), { realertDays: 0 });
    expect(await store.listAccounts()).toEqual([{ account: '111122223333', alias: null }]);
    await applyRun(store, run(CHECKS, { aliases: ['acme-prod'] }), { realertDays: 0 });
    expect(await store.listAccounts()).toEqual([{ account: '111122223333', alias: 'acme-prod' }]);
    await applyRun(store, run(CHECKS, { omit: ['accountAliases'] }), { realertDays: 0 });
    expect(await store.listAccounts()).toEqual([{ account: '111122223333', alias: 'acme-prod' }]);
    await store.close();
  });
});
