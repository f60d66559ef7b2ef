/**
 * A run larger than one transaction goes through its journal
 * (shared/store/apply.ts): decided in full, recorded, applied, completed.
 * A run that fails anywhere after its decision is recorded leaves it on the
 * account's lease, and the next run completes it first: the digest the
 * first run owed goes out once, after everything it lists is written.
 * (test/cli/exactly-once.test.ts kills real processes at each step.)
 */
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { journalKey, leaseKey, runKey } from '../../shared/store/keys.js';
import { ACCOUNT } from '../helpers/account.js';
import { evaluationOf } from '../findings/scenario.js';
import { applyRun, freshStore, type TestStore } from './harness.js';

const T1 = '2026-11-01T00:00:00.000Z';
const T2 = '2026-11-02T00:00:00.000Z';
const MANY = { keyUsers: Array.from({ length: 60 }, (_v, i) => `user-${String(i).padStart(2, '0')}`) };

const opened: TestStore[] = [];
async function table(): Promise<TestStore> {
  const t = await freshStore('journal');
  opened.push(t);
  return t;
}
afterAll(async () => {
  for (const t of opened) await t.store.close();
});

/** Makes the store's n-th transaction fail as a crash would leave it: not written. */
function failTransaction(t: TestStore, n: number): void {
  let seen = 0;
  t.store.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (String(context.commandName) === 'TransactWriteItemsCommand' && ++seen === n) throw Object.assign(new Error('the process died here'), { name: 'Crash' });
      return next(args);
    },
    { step: 'initialize', name: 'failTransaction' },
  );
}

async function item(t: TestStore, pk: string) {
  const page = await t.store.client.send(new QueryCommand({ TableName: t.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }));
  return page.Items ?? [];
}

describe('a run larger than one transaction', () => {
  it('is applied in full through its journal, and its digest is pending once, with the run complete', async () => {
    const t = await table();
    const result = await applyRun(t.store, evaluationOf(MANY, T1), { digest: true, config: { notify: { maxAlertsPerRun: 5 } } });
    expect(result.changes).toHaveLength(60);
    expect(result.foldedAlerts).toBe(60);
    expect(result.notifications.map((n) => n.kind)).toEqual(['digest']);
    expect(t.store.writeCounts().journal).toBeGreaterThan(0);
    const [run] = await item(t, runKey.pk(ACCOUNT));
    expect(run).toMatchObject({ status: 'complete', foldedAlerts: 60 });
    expect(run.digest).toBeUndefined();
    expect((await item(t, leaseKey.pk(ACCOUNT)))[0].pendingRun).toBeUndefined();
    expect((await t.store.pendingNotifications()).map((p) => p.notification.kind)).toEqual(['digest']);
  });

  it.each([
    ['its decision is recorded', 1],
    ['its first chunk is applied', 2],
    ['every chunk but its completion is applied', 3],
  ])('failing once %s, it is completed by the next run: each change once, the digest once', async (_when, survivingTransactions) => {
    const t = await table();
    failTransaction(t, survivingTransactions + 1);
    await expect(applyRun(t.store, evaluationOf(MANY, T1), { digest: true })).rejects.toThrow('the process died here');
    // The decision stands: the run is recorded as applying, pending on the lease, its digest not yet owed.
    const [run] = await item(t, runKey.pk(ACCOUNT));
    expect(run.status).toBe('applying');
    expect((await item(t, leaseKey.pk(ACCOUNT)))[0].pendingRun).toMatchObject({ runId: run.runId });
    expect((await t.store.pendingNotifications()).filter((p) => p.notification.kind === 'digest')).toEqual([]);

    const next = t.twin();
    opened.push(next);
    const later = await applyRun(next.store, evaluationOf(MANY, T2), { digest: true });
    expect(later.completed.map((r) => [r.runId, r.opened])).toEqual([[run.runId, 60]]);
    expect(later.changes).toEqual([]);
    const history = await next.store.queryHistory({});
    expect(history).toHaveLength(60);
    expect(history.every((h) => h.change === 'opened' && h.at === T1)).toBe(true);
    const pending = await next.store.pendingNotifications();
    expect(pending.filter((p) => p.notification.kind === 'digest').map((p) => p.notification.id)).toEqual([`digest|${run.runId}`]);
    expect(pending.filter((p) => p.notification.kind === 'finding')).toHaveLength(60);
    expect((await next.store.listRuns({})).map((r) => r.at)).toEqual([T1, T2]);
  });

  it('a pending run whose journal expired (unfinished for a month) is dropped, not left to block the account', async () => {
    const t = await table();
    failTransaction(t, 2);
    await expect(applyRun(t.store, evaluationOf(MANY, T1), { digest: true })).rejects.toThrow('the process died here');
    const [run] = await item(t, runKey.pk(ACCOUNT));
    for (const part of await item(t, journalKey.pk(ACCOUNT, String(run.runId)))) {
      await t.store.client.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: part.pk, sk: part.sk } }));
    }
    const next = t.twin();
    opened.push(next);
    const later = await applyRun(next.store, evaluationOf(MANY, T2), { digest: true });
    expect(later.abandoned).toEqual([expect.stringMatching(/^the journal of run .* has 0 of its \d+ parts left$/)]);
    // What the dropped run had not applied, this run decided afresh: every finding is open, each opened once.
    expect(await next.store.queryFindings({ status: 'open' })).toHaveLength(60);
    const history = await next.store.queryHistory({});
    expect(new Set(history.map((h) => h.findingId)).size).toBe(60);
    expect(history).toHaveLength(60);
    expect((await item(t, leaseKey.pk(ACCOUNT)))[0].pendingRun).toBeUndefined();
  });
});
