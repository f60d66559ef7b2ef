import { afterAll, describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../shared/store/dynamodb.js';
import { userArn } from '../helpers/account.js';
import { evaluationOf } from '../findings/scenario.js';
import { freshStore, perFinding, type TestStore } from './harness.js';

const T1 = '2026-11-01T00:00:00.000Z';
const T2 = '2026-11-02T00:00:00.000Z';

const KEY_ALICE = `test-user-key|${userArn('alice')}`;
const KEY_CAROL = `test-user-key|${userArn('carol')}`;

const opened: TestStore[] = [];
async function table(): Promise<TestStore> {
  const t = await freshStore('concurrency');
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

/**
 * Holds `t`'s writes of finding states until `meanwhile` has run: the other
 * run then always wins the race, and `t` must notice and re-apply.
 */
function loseTheRaceTo(t: TestStore, meanwhile: () => Promise<unknown>): void {
  let other: Promise<unknown> | undefined;
  t.store.client.middlewareStack.add(
    (next, context) => async (args) => {
      const writesState = /Write|Put/.test(String(context.commandName)) && JSON.stringify(args.input).includes('"STATE#');
      if (writesState) await (other ??= meanwhile());
      return next(args);
    },
    { step: 'initialize', name: 'loseTheRace' },
  );
}

describe('concurrent runs on one table', () => {
  it('the same scan applied by two runs at once opens and notifies each finding once', async () => {
    const first = await table();
    const second = twin(first);
    const evaluation = evaluationOf({ keyUsers: ['alice', 'bob'], riskyRoles: ['risky-ci'] }, T1);
    loseTheRaceTo(first, () => second.store.applyEvaluation(evaluation, perFinding, 7));

    const lost = await first.store.applyEvaluation(evaluation, perFinding, 7);
    expect(lost.changes).toEqual([]);
    expect(lost.notifications).toEqual([]);
    expect((await first.store.queryHistory({})).map((h) => h.change)).toEqual(['opened', 'opened', 'opened']);
    expect(await first.store.pendingNotifications()).toHaveLength(3);
    expect((await first.store.queryFindings({})).map((f) => f.version)).toEqual([1, 1, 1]);
  });

  it('a scan racing a targeted re-evaluation: each keeps what it saw, nothing twice', async () => {
    const scan = await table();
    await scan.store.applyEvaluation(evaluationOf({ keyUsers: ['alice', 'bob'] }, T1), perFinding, 7);
    const event = twin(scan);
    // The event handler sees alice's key deleted; the scheduled scan sees the same, plus carol's new key.
    const targeted = evaluationOf({}, T2, { scope: { resources: [userArn('alice')] } });
    let eventResult: Awaited<ReturnType<typeof event.store.applyEvaluation>> | undefined;
    loseTheRaceTo(scan, async () => {
      eventResult = await event.store.applyEvaluation(targeted, perFinding, 7);
    });
    scan.commands.length = 0;

    const scanResult = await scan.store.applyEvaluation(evaluationOf({ keyUsers: ['bob', 'carol'] }, T2), perFinding, 7);
    expect(eventResult!.changes.map((c) => [c.change, c.findingId])).toEqual([['resolved', KEY_ALICE]]);
    expect(scanResult.changes.map((c) => [c.change, c.findingId])).toEqual([['opened', KEY_CAROL]]);
    expect(scanResult.notifications.map((n) => n.id)).toEqual([`finding|${KEY_CAROL}|opened|${T2}`]);
    // It read the states again after losing.
    expect(scan.commands.filter((c) => c === 'QueryCommand').length).toBeGreaterThanOrEqual(2);

    const history = await scan.store.queryHistory({ since: T2 });
    expect(history.map((h) => [h.change, h.findingId])).toEqual([
      ['resolved', KEY_ALICE],
      ['opened', KEY_CAROL],
    ]);
    expect(scanResult.run.openBySeverity.critical).toBe(2);
  });

  it('many runs at once lose nothing and double nothing', async () => {
    const first = await table();
    const runs = [first, twin(first), twin(first), twin(first)];
    const users = Array.from({ length: 25 }, (_v, i) => `user-${i}`);
    const results = await Promise.all(runs.map((r) => r.store.applyEvaluation(evaluationOf({ keyUsers: users }, T1), perFinding, 7)));
    expect(results.flatMap((r) => r.changes).length).toBe(25);
    expect(results.flatMap((r) => r.notifications).length).toBe(25);
    expect((await first.store.queryHistory({})).length).toBe(25);
    expect(await first.store.pendingNotifications()).toHaveLength(25);
  });

  it('gives up with a clear error after its retries, having written nothing wrong', async () => {
    const first = await table();
    const second = twin(first);
    const stubborn = twin(first, { maxConflictRetries: 0 });
    loseTheRaceTo(stubborn, () => second.store.applyEvaluation(evaluationOf({ keyUsers: ['alice'] }, T1), perFinding, 7));
    await expect(stubborn.store.applyEvaluation(evaluationOf({ keyUsers: ['alice'] }, T2), perFinding, 7)).rejects.toBeInstanceOf(StoreConflictError);
    expect((await first.store.queryHistory({})).map((h) => [h.change, h.at])).toEqual([['opened', T1]]);
  });
});
