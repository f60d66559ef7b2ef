import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT, ROOT_ARN, roleArn, userArn } from '../helpers/account.js';
import { evaluationOf, type Step } from '../findings/scenario.js';
import { applyRun, freshStore, type TestStore } from './harness.js';
import { TTL_ATTRIBUTE } from '../../shared/store/table.js';
import type { DynamoStoreOptions } from '../../shared/store/dynamodb.js';
import type { Notification } from '../../shared/notify/types.js';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';

const T1 = '2026-11-01T00:00:00.000Z';
const T2 = '2026-11-02T00:00:00.000Z';
const T3 = '2026-11-03T00:00:00.000Z';

const KEY_ALICE = `test-user-key|${userArn('alice')}`;
const KEY_BOB = `test-user-key|${userArn('bob')}`;
const ROLE_RISKY = `test-risky-role|${roleArn('risky-ci')}`;

const A: Step = { keyUsers: ['alice', 'bob'], riskyRoles: ['risky-ci'] };
const B: Step = { keyUsers: ['bob'], riskyRoles: ['risky-ci'] };

const opened: TestStore[] = [];
async function store(options: Partial<DynamoStoreOptions> = {}) {
  const s = await freshStore('lifecycle', options);
  opened.push(s);
  return s;
}

afterAll(async () => {
  for (const s of opened) {
    expect(s.commands).not.toContain('ScanCommand');
    await s.store.close();
  }
});

describe('DynamoFindingStore: the lifecycle end to end', () => {
  it('scan A, changed scan B, scan A again: opened, resolved, reopened exactly for what changed', async () => {
    const { store: s } = await store();
    const first = await applyRun(s, evaluationOf(A, T1));
    expect(first.changes.map((c) => [c.change, c.findingId])).toEqual([
      ['opened', ROLE_RISKY],
      ['opened', KEY_ALICE],
      ['opened', KEY_BOB],
    ]);
    expect(first.notifications.map((n) => n.id).sort()).toEqual([
      `finding|${ROLE_RISKY}|opened|${T1}`,
      `finding|${KEY_ALICE}|opened|${T1}`,
      `finding|${KEY_BOB}|opened|${T1}`,
    ].sort());

    const second = await applyRun(s, evaluationOf(B, T2));
    expect(second.changes.map((c) => [c.change, c.findingId])).toEqual([['resolved', KEY_ALICE]]);
    expect(second.notifications).toEqual([]);

    const third = await applyRun(s, evaluationOf(A, T3));
    expect(third.changes.map((c) => [c.change, c.findingId])).toEqual([['reopened', KEY_ALICE]]);
    expect(third.notifications.map((n) => n.id)).toEqual([`finding|${KEY_ALICE}|reopened|${T3}`]);

    const history = await s.queryHistory({});
    expect(history.map((h) => [h.at, h.change, h.findingId])).toEqual([
      [T1, 'opened', ROLE_RISKY],
      [T1, 'opened', KEY_ALICE],
      [T1, 'opened', KEY_BOB],
      [T2, 'resolved', KEY_ALICE],
      [T3, 'reopened', KEY_ALICE],
    ]);
    const [alice] = await s.queryFindings({ resource: userArn('alice') });
    expect(alice).toMatchObject({ status: 'open', firstSeen: T1, lastSeen: T3, resolvedAt: null, version: 3, lastNotifiedAt: T3 });
    const [bob] = await s.queryFindings({ resource: userArn('bob') });
    expect(bob).toMatchObject({ status: 'open', firstSeen: T1, lastSeen: T3, version: 3, lastNotifiedAt: T1 });
  });

  it('an identical second scan writes no history row and no notification, only lastSeen', async () => {
    const { store: s } = await store();
    await applyRun(s, evaluationOf(A, T1), { digest: true });
    expect(s.writeCounts()).toMatchObject({ history: 3, notification: 4, state: 3, run: 1 });

    s.resetWriteCounts();
    const again = await applyRun(s, evaluationOf(A, T2), { digest: true });
    expect(again.changes).toEqual([]);
    expect(again.notifications).toEqual([]);
    expect(s.writeCounts()).toMatchObject({ history: 0, notification: 0, detection: 0, state: 3, run: 1 });
    expect((await s.queryFindings({})).map((f) => f.lastSeen)).toEqual([T2, T2, T2]);
  });

  it('re-applying the very same evaluation writes no state either', async () => {
    const { store: s } = await store();
    const evaluation = evaluationOf(A, T1);
    await applyRun(s, evaluation);
    s.resetWriteCounts();
    const again = await applyRun(s, evaluation);
    expect(again.changes).toEqual([]);
    expect(s.writeCounts()).toMatchObject({ history: 0, notification: 0, state: 0 });
  });

  it('a targeted evaluation resolves only findings on resources in scope', async () => {
    const { store: s } = await store();
    await applyRun(s, evaluationOf(A, T1));
    const targeted = evaluationOf({ riskyRoles: [] }, T2, { scope: { resources: [userArn('alice')] } });
    const result = await applyRun(s, targeted);
    expect(result.changes.map((c) => [c.change, c.findingId])).toEqual([['resolved', KEY_ALICE]]);
    expect(result.run).toMatchObject({ kind: 'targeted', resolved: 1, openBySeverity: { critical: 1, high: 1 } });
    const open = await s.queryFindings({ status: 'open' });
    expect(open.map((f) => f.findingId)).toEqual([KEY_BOB, ROLE_RISKY]);
    expect(open.every((f) => f.lastSeen === T1)).toBe(true);
  });

  it('skipped checks (collection gaps) leave their findings untouched', async () => {
    const { store: s } = await store();
    await applyRun(s, evaluationOf(A, T1));
    const result = await applyRun(s, evaluationOf({ riskyRoles: ['risky-ci'], omit: ['credentialReport'] }, T2));
    expect(result.changes.map((c) => [c.change, c.findingId])).toEqual([['opened', `collection-gap|${ROOT_ARN}|credentialReport`]]);
    expect(result.run.collectionGaps).toEqual(['credentialReport']);
    const keys = await s.queryFindings({ checkId: 'test-user-key' });
    expect(keys.map((f) => [f.findingId, f.status, f.lastSeen])).toEqual([
      [KEY_ALICE, 'open', T1],
      [KEY_BOB, 'open', T1],
    ]);
  });

  it('records suppression, unsuppression and severity changes as history', async () => {
    const { store: s } = await store();
    const suppress = { suppressions: [{ checkId: 'test-user-key', resource: userArn('bob'), reason: 'break-glass', expires: '2026-11-02T12:00:00Z' }] };
    await applyRun(s, evaluationOf(A, T1, { config: suppress }));
    await applyRun(s, evaluationOf(A, T3, { config: { ...suppress, severityOverrides: { 'test-risky-role': 'medium' } } }));
    const history = await s.queryHistory({ since: T3 });
    expect(history.map((h) => [h.change, h.findingId, h.previousSeverity])).toEqual([
      ['severity-changed', ROLE_RISKY, 'high'],
      ['unsuppressed', KEY_BOB, undefined],
    ]);
    expect(await s.queryFindings({ status: 'suppressed' })).toEqual([]);
    const [bobBefore] = (await s.queryHistory({ resource: userArn('bob'), until: T1 })).map((h) => h.change);
    expect(bobBefore).toBe('suppressed');
  });

  it('reminds about open critical findings after realertDays, once, with the state and the reminder written together', async () => {
    const { store: s } = await store();
    await applyRun(s, evaluationOf({ keyUsers: ['alice'] }, T1));
    const later = '2026-11-08T00:00:00.000Z';
    const result = await applyRun(s, evaluationOf({ keyUsers: ['alice'] }, later));
    expect(result.changes).toEqual([]);
    expect(result.notifications.map((n) => n.id)).toEqual([`reminder|${KEY_ALICE}|${later}`]);
    expect((await s.queryFindings({ resource: userArn('alice') }))[0].lastNotifiedAt).toBe(later);
    const again = await applyRun(s, evaluationOf({ keyUsers: ['alice'] }, '2026-11-09T00:00:00.000Z'));
    expect(again.notifications).toEqual([]);
  });

  it('writes a run summary per run with counts by severity', async () => {
    const { store: s } = await store();
    const first = await applyRun(s, evaluationOf(A, T1));
    await applyRun(s, evaluationOf(B, T2));
    const runs = await s.listRuns({});
    expect(runs.map((r) => [r.at, r.kind, r.opened, r.resolved, r.reopened, r.openBySeverity.critical, r.openBySeverity.high])).toEqual([
      [T1, 'scan', 3, 0, 0, 2, 1],
      [T2, 'scan', 0, 1, 0, 1, 1],
    ]);
    expect(runs[0]).toEqual(first.run);
    expect(runs[0].account).toBe(ACCOUNT);
  });

  it('a first scan larger than one transaction is chunked and complete', async () => {
    const { store: s } = await store();
    const many = { keyUsers: Array.from({ length: 120 }, (_v, i) => `user-${String(i).padStart(3, '0')}`) };
    const result = await applyRun(s, evaluationOf(many, T1));
    expect(result.changes).toHaveLength(120);
    expect(result.notifications).toHaveLength(120);
    expect(s.writeCounts()).toMatchObject({ state: 120, history: 120, notification: 120 });
    expect(await s.queryFindings({ status: 'open' })).toHaveLength(120);
    expect(await s.pendingNotifications()).toHaveLength(120);
  });

  it('a notification already enqueued (same id) is not enqueued twice, and does not hold back the change it goes with', async () => {
    const { store: s } = await store();
    // Ids that ignore the change and the time: every alert about a finding after the first repeats an id.
    const sameIds = {
      digest: true,
      mapNotification: (n: Notification) => ({ ...n, id: n.kind === 'digest' ? 'digest|daily' : `finding|${String(n.data.findingId)}|any|always` }),
    };
    const first = await applyRun(s, evaluationOf({ keyUsers: ['alice'] }, T1), sameIds);
    expect(first.notifications.map((n) => n.id)).toEqual([`finding|${KEY_ALICE}|any|always`, 'digest|daily']);
    await applyRun(s, evaluationOf({}, T2), sameIds);
    s.resetWriteCounts();

    const third = await applyRun(s, evaluationOf({ keyUsers: ['alice'] }, T3), sameIds);
    expect(third.changes.map((c) => c.change)).toEqual(['reopened']);
    // Reported as owed by the change set, but the rows already existed: nothing new is pending.
    expect(s.writeCounts()).toMatchObject({ state: 1, history: 1, notification: 0 });
    expect((await s.queryFindings({ resource: userArn('alice') }))[0]).toMatchObject({ status: 'open', lastSeen: T3 });
  });

  describe('history retention (TTL)', () => {
    const ttlOf = async (t: TestStore) => {
      const page = await t.store.client.send(
        new QueryCommand({ TableName: t.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `HISTORY#${ACCOUNT}` } }),
      );
      return (page.Items ?? []).map((i) => i[TTL_ATTRIBUTE]);
    };

    it('sets the TTL attribute on history rows when historyRetentionDays is configured', async () => {
      const t = await store({ historyRetentionDays: 30 });
      await applyRun(t.store, evaluationOf({ keyUsers: ['alice'] }, T1));
      expect(await ttlOf(t)).toEqual([Date.parse(T1) / 1000 + 30 * 86_400]);
    });

    it('keeps history rows forever (no TTL attribute) otherwise', async () => {
      const t = await store();
      await applyRun(t.store, evaluationOf({ keyUsers: ['alice'] }, T1));
      expect(await ttlOf(t)).toEqual([undefined]);
    });
  });
});
