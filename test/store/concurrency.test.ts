/**
 * Runs that overlap on one table (design.md "Exactly once, whatever
 * happens"): they apply one at a time under the account's lease, each on
 * what the one before wrote, so nothing opens, alerts or is recorded twice;
 * a lease whose holder died is taken over; a run whose lease was taken over
 * writes nothing more.
 */
import { hostname } from 'node:os';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../shared/store/dynamodb.js';
import { leaseKey } from '../../shared/store/keys.js';
import { LeaseLostError } from '../../shared/store/transact.js';
import { userArn, ACCOUNT } from '../helpers/account.js';
import { evaluationOf } from '../findings/scenario.js';
import { applyRun, freshStore, type TestStore } from './harness.js';

const T1 = '2026-11-01T00:00:00.000Z';
const T2 = '2026-11-02T00:00:00.000Z';

const KEY_ALICE = `test-user-key|${userArn('alice')}`;
const KEY_CAROL = `test-user-key|${userArn('carol')}`;

const opened: TestStore[] = [];
async function table(options: Parameters<typeof freshStore>[1] = {}): Promise<TestStore> {
  const t = await freshStore('concurrency', options);
  opened.push(t);
  return t;
}
function twin(t: TestStore, options: Parameters<TestStore['twin']>[0] = {}): TestStore {
  const other = t.twin(options);
  opened.push(other);
  return other;
}

afterAll(async () => {
  for (const t of opened) {
    expect(t.commands).not.toContain('ScanCommand');
    await t.store.close();
  }
});

/** Holds `t`'s first write of finding states until `release` is called; resolves `reached` when it gets there. */
function holdFirstStateWrite(t: TestStore): { reached: Promise<void>; release: () => void } {
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const at = new Promise<void>((r) => (reached = r));
  let held = false;
  t.store.client.middlewareStack.add(
    (next, context) => async (args) => {
      const writesState = /Write|Put/.test(String(context.commandName)) && JSON.stringify(args.input).includes('"STATE#');
      if (writesState && !held) {
        held = true;
        reached();
        await gate;
      }
      return next(args);
    },
    { step: 'initialize', name: 'holdFirstStateWrite' },
  );
  return { reached: at, release };
}

/** A lease on the account as another process would hold it, written straight into the table. */
async function foreignLease(t: TestStore, fields: { owner: string; expiresAt: number; holder: unknown }): Promise<void> {
  await t.store.client.send(
    new PutCommand({
      TableName: t.tableName,
      Item: { pk: leaseKey.pk(ACCOUNT), sk: leaseKey.sk, leaseOwner: fields.owner, leaseExpiresAt: fields.expiresAt, leaseHolder: fields.holder, account: ACCOUNT },
    }),
  );
}

describe('concurrent runs on one table', () => {
  it('the same scan applied by two runs at once opens and notifies each finding once', async () => {
    const first = await table();
    const second = twin(first);
    const evaluation = evaluationOf({ keyUsers: ['alice', 'bob'], riskyRoles: ['risky-ci'] }, T1);

    const results = await Promise.all([applyRun(first.store, evaluation, { digest: true }), applyRun(second.store, evaluation, { digest: true })]);

    // One of them opened the three findings and owed one digest; the other, applied after it, found nothing new.
    expect(results.map((r) => r.changes.length).sort()).toEqual([0, 3]);
    expect(results.map((r) => r.notifications.length).sort()).toEqual([0, 4]);
    expect((await first.store.queryHistory({})).map((h) => h.change)).toEqual(['opened', 'opened', 'opened']);
    expect(await first.store.pendingNotifications()).toHaveLength(4);
    expect((await first.store.queryFindings({})).map((f) => f.version)).toEqual([1, 1, 1]);
  });

  it('a run waits for the lease while another applies, then applies on top of what that one wrote', async () => {
    const scan = await table();
    await applyRun(scan.store, evaluationOf({ keyUsers: ['alice', 'bob'] }, T1));
    const event = twin(scan);
    const held = holdFirstStateWrite(scan);
    // The scheduled scan sees alice's key deleted and carol's new key; the event handler sees alice's key deleted.
    const scanRun = applyRun(scan.store, evaluationOf({ keyUsers: ['bob', 'carol'] }, T2));
    await held.reached;
    const eventRun = applyRun(event.store, evaluationOf({}, T2, { scope: { resources: [userArn('alice')] } }));
    // The event's run is waiting on the lease: it has written nothing while the scan holds it.
    await new Promise((r) => setTimeout(r, 200));
    expect(event.commands.filter((c) => c === 'TransactWriteItemsCommand')).toEqual([]);
    held.release();

    const [scanResult, eventResult] = await Promise.all([scanRun, eventRun]);
    expect(scanResult.changes.map((c) => [c.change, c.findingId])).toEqual([
      ['resolved', KEY_ALICE],
      ['opened', KEY_CAROL],
    ]);
    expect(eventResult.changes).toEqual([]);
    expect(eventResult.notifications).toEqual([]);
    expect((await scan.store.queryHistory({ since: T2 })).map((h) => [h.change, h.findingId])).toEqual([
      ['resolved', KEY_ALICE],
      ['opened', KEY_CAROL],
    ]);
  });

  it('many runs at once lose nothing and double nothing', async () => {
    const first = await table();
    const runs = [first, twin(first), twin(first), twin(first)];
    const users = Array.from({ length: 25 }, (_v, i) => `user-${i}`);
    const results = await Promise.all(runs.map((r) => applyRun(r.store, evaluationOf({ keyUsers: users }, T1), { digest: true })));
    expect(results.flatMap((r) => r.changes).length).toBe(25);
    // 25 alerts and one digest, from whichever run came first.
    expect(results.flatMap((r) => r.notifications).length).toBe(26);
    expect((await first.store.queryHistory({})).length).toBe(25);
    expect(await first.store.pendingNotifications()).toHaveLength(26);
  });

  it('takes over a lease whose holder stopped renewing it once it has expired (the clock moves, nothing sleeps)', async () => {
    let now = Date.parse('2026-11-01T00:00:00Z');
    const waits: string[] = [];
    const t = await table({ clock: () => new Date(now), onLeaseWait: ({ account }) => {
      waits.push(account);
      // A crashed Lambda's lease: nobody renews it, and the clock runs past it.
      now += 60_000;
    } });
    await foreignLease(t, { owner: 'crashed-invocation', expiresAt: now + 30_000, holder: 'unknown' });
    const result = await applyRun(t.store, evaluationOf({ keyUsers: ['alice'] }, T1));
    expect(waits).toEqual([ACCOUNT]);
    expect(result.changes.map((c) => c.findingId)).toEqual([KEY_ALICE]);
  });

  it('takes over at once a lease held by a process of this host that is gone (a CLI run killed outright)', async () => {
    const waits: string[] = [];
    const t = await table({ recordHolder: true, onLeaseWait: ({ account }) => void waits.push(account) });
    await foreignLease(t, { owner: 'killed-cli-run', expiresAt: Date.now() + 3_600_000, holder: { host: hostname(), pid: 2 ** 22 + 17 } });
    const result = await applyRun(t.store, evaluationOf({ keyUsers: ['alice'] }, T1));
    expect(waits).toEqual([]);
    expect(result.changes.map((c) => c.findingId)).toEqual([KEY_ALICE]);
  });

  it('a run whose lease was taken over (it stalled past its lease) writes nothing more', async () => {
    const t = await table();
    t.store.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (String(context.commandName) === 'TransactWriteItemsCommand') {
          // Meanwhile another run took the lease over.
          await t.twin().store.client.send(
            new UpdateCommand({ TableName: t.tableName, Key: { pk: leaseKey.pk(ACCOUNT), sk: leaseKey.sk }, UpdateExpression: 'SET leaseOwner = :o', ExpressionAttributeValues: { ':o': 'someone-else' } }),
          );
        }
        return next(args);
      },
      { step: 'initialize', name: 'takeOverTheLease' },
    );
    await expect(applyRun(t.store, evaluationOf({ keyUsers: ['alice', 'bob'] }, T1))).rejects.toBeInstanceOf(LeaseLostError);
    expect(await t.store.queryFindings({})).toEqual([]);
    expect(await t.store.queryHistory({})).toEqual([]);
  });

  it('gives up with a clear error when a writer that ignores the lease keeps changing what it read', async () => {
    const first = await table();
    await applyRun(first.store, evaluationOf({ keyUsers: ['alice'] }, T1));
    const stubborn = twin(first, { maxConflictRetries: 0 });
    stubborn.store.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (String(context.commandName) === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes('"STATE#')) {
          const [state] = await first.store.queryFindings({});
          await first.store.client.send(
            new UpdateCommand({ TableName: first.tableName, Key: { pk: `STATE#${ACCOUNT}`, sk: `${state.resource}#${state.checkId}#` }, UpdateExpression: 'ADD version :one', ExpressionAttributeValues: { ':one': 1 } }),
          );
        }
        return next(args);
      },
      { step: 'initialize', name: 'ignoreTheLease' },
    );
    await expect(applyRun(stubborn.store, evaluationOf({ keyUsers: [] }, T2))).rejects.toBeInstanceOf(StoreConflictError);
    expect((await first.store.queryHistory({})).map((h) => [h.change, h.at])).toEqual([['opened', T1]]);
  });
});
