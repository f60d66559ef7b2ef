import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { run } from '../helpers/account.js';
import { freshStore, perFinding } from './harness.js';

describe('accounts listed in the store', () => {
  it('records an alias created after the first run, in the same store instance, and keeps it when a run lacks one', async () => {
    const { store } = await freshStore('accounts');
    await store.applyEvaluation(run(CHECKS, { aliases: [] }), perFinding, 0);
    expect(await store.listAccounts()).toEqual([{ account: '111122223333', alias: null }]);
    await store.applyEvaluation(run(CHECKS, { aliases: ['acme-prod'] }), perFinding, 0);
    expect(await store.listAccounts()).toEqual([{ account: '111122223333', alias: 'acme-prod' }]);
    await store.applyEvaluation(run(CHECKS, { omit: ['accountAliases'] }), perFinding, 0);
    expect(await store.listAccounts()).toEqual([{ account: '111122223333', alias: 'acme-prod' }]);
    await store.close();
  });
});
