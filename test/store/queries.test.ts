import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../shared/engine/evaluate.js';
import { ACCOUNT, OTHER_ACCOUNT, ROOT_ARN, roleArn, userArn } from '../helpers/account.js';
import { evaluationOf } from '../findings/scenario.js';
import { applyRun, detection, freshStore, recordRun, type TestStore } from './harness.js';

const T1 = '2026-11-01T00:00:00.000Z';
const T2 = '2026-11-02T00:00:00.000Z';
const T3 = '2026-11-03T00:00:00.000Z';

const KEY_ALICE = `test-user-key|${userArn('alice')}`;
const KEY_BOB = `test-user-key|${userArn('bob')}`;
const KEY_CAROL = `test-user-key|${userArn('carol')}`;
const ROLE_RISKY = `test-risky-role|${roleArn('risky-ci')}`;
const ROLE_BATCH = `test-risky-role|${roleArn('risky-batch')}`;

/** The same evaluation, as if of another account. */
const inOtherAccount = (e: Evaluation): Evaluation => JSON.parse(JSON.stringify(e).replaceAll(ACCOUNT, OTHER_ACCOUNT));

const ids = (rows: { findingId: string }[]) => rows.map((r) => r.findingId);

let t: TestStore;

/*
 * T1: alice, bob, carol keys (critical), risky-ci and risky-batch roles (high); carol suppressed.
 * T2: alice's key gone (resolved), risky-batch gone (resolved).
 * T3: alice back (reopened).
 * The other account gets the T1 scan only.
 */
beforeAll(async () => {
  t = await freshStore('queries');
  const suppressCarol = { suppressions: [{ checkId: 'test-user-key', resource: userArn('carol'), reason: 'service account, migrating' }] };
  const t1 = evaluationOf({ keyUsers: ['alice', 'bob', 'carol'], riskyRoles: ['risky-ci', 'risky-batch'] }, T1, { config: suppressCarol });
  await applyRun(t.store, t1);
  await applyRun(t.store, inOtherAccount(t1));
  await applyRun(t.store, evaluationOf({ keyUsers: ['bob', 'carol'], riskyRoles: ['risky-ci'] }, T2, { config: suppressCarol }));
  await applyRun(t.store, evaluationOf({ keyUsers: ['alice', 'bob', 'carol'], riskyRoles: ['risky-ci'] }, T3, { config: suppressCarol }));
});

afterAll(async () => {
  // Every read was a Query: the store never Scans, and sends nothing but these.
  expect(t.commands).toContain('QueryCommand');
  expect(t.commands).not.toContain('ScanCommand');
  expect(new Set(t.commands)).toEqual(new Set(['QueryCommand', 'PutItemCommand', 'TransactWriteItemsCommand', 'UpdateItemCommand']));
  await t.store.close();
});

describe('finding queries', () => {
  it('by status, most severe first', async () => {
    expect(ids(await t.store.queryFindings({ status: 'open', account: ACCOUNT }))).toEqual([KEY_ALICE, KEY_BOB, ROLE_RISKY]);
    expect(ids(await t.store.queryFindings({ status: 'resolved', account: ACCOUNT }))).toEqual([ROLE_BATCH]);
    expect(ids(await t.store.queryFindings({ status: 'suppressed', account: ACCOUNT }))).toEqual([KEY_CAROL]);
    expect(await t.store.queryFindings({ status: 'all', account: ACCOUNT })).toHaveLength(5);
    expect(await t.store.queryFindings({ account: ACCOUNT })).toHaveLength(5);
  });

  it('by severity', async () => {
    expect(ids(await t.store.queryFindings({ status: 'open', severity: 'high', account: ACCOUNT }))).toEqual([ROLE_RISKY]);
    expect(ids(await t.store.queryFindings({ severity: 'high', account: ACCOUNT }))).toEqual([ROLE_BATCH, ROLE_RISKY]);
    expect(await t.store.queryFindings({ status: 'open', severity: 'low' })).toEqual([]);
  });

  it('by check', async () => {
    expect(ids(await t.store.queryFindings({ checkId: 'test-risky-role', account: ACCOUNT }))).toEqual([ROLE_BATCH, ROLE_RISKY]);
    expect(ids(await t.store.queryFindings({ checkId: 'test-user-key', status: 'open', account: ACCOUNT }))).toEqual([KEY_ALICE, KEY_BOB]);
  });

  it('by resource', async () => {
    const [alice] = await t.store.queryFindings({ resource: userArn('alice') });
    expect(alice).toMatchObject({ findingId: KEY_ALICE, status: 'open', firstSeen: T1, lastSeen: T3, resolvedAt: null });
    expect(await t.store.queryFindings({ resource: userArn('alice'), status: 'resolved' })).toEqual([]);
    expect(await t.store.queryFindings({ resource: ROOT_ARN })).toEqual([]);
  });

  it('across accounts, or for one', async () => {
    const all = await t.store.queryFindings({ status: 'open' });
    expect(all.map((f) => f.account).sort()).toEqual([ACCOUNT, ACCOUNT, ACCOUNT, OTHER_ACCOUNT, OTHER_ACCOUNT, OTHER_ACCOUNT, OTHER_ACCOUNT]);
    const other = await t.store.queryFindings({ status: 'open', account: OTHER_ACCOUNT });
    expect(other.every((f) => f.account === OTHER_ACCOUNT && f.resource.includes(OTHER_ACCOUNT))).toBe(true);
  });
});

describe('history queries (oldest first, windows inclusive)', () => {
  it('of a resource', async () => {
    const rows = await t.store.queryHistory({ resource: userArn('alice') });
    expect(rows.map((r) => [r.at, r.change])).toEqual([
      [T1, 'opened'],
      [T2, 'resolved'],
      [T3, 'reopened'],
    ]);
    const window = await t.store.queryHistory({ resource: userArn('alice'), since: T2, until: T2 });
    expect(window.map((r) => r.change)).toEqual(['resolved']);
  });

  it('of a check', async () => {
    const rows = await t.store.queryHistory({ checkId: 'test-risky-role', account: ACCOUNT });
    expect(rows.map((r) => [r.at, r.change, r.findingId])).toEqual([
      [T1, 'opened', ROLE_BATCH],
      [T1, 'opened', ROLE_RISKY],
      [T2, 'resolved', ROLE_BATCH],
    ]);
    expect(await t.store.queryHistory({ checkId: 'test-risky-role', account: ACCOUNT, since: T3 })).toEqual([]);
  });

  it('of a resource and a check together', async () => {
    const rows = await t.store.queryHistory({ resource: userArn('carol'), checkId: 'test-user-key' });
    expect(rows.map((r) => [r.change, r.findingId])).toEqual([['suppressed', KEY_CAROL]]);
    expect(await t.store.queryHistory({ resource: userArn('carol'), checkId: 'test-risky-role' })).toEqual([]);
  });

  it('of everything in a window, across accounts or for one', async () => {
    const t2only = await t.store.queryHistory({ since: T2, until: T2 });
    expect(t2only.map((r) => [r.change, r.findingId])).toEqual([
      ['resolved', ROLE_BATCH],
      ['resolved', KEY_ALICE],
    ]);
    // Bounds in other ISO spellings mean the same instants.
    expect(await t.store.queryHistory({ since: '2026-11-02T00:00:00Z', until: '2026-11-02' })).toEqual(t2only);
    expect((await t.store.queryHistory({ until: T1 })).length).toBe(10);
    expect((await t.store.queryHistory({ until: T1, account: OTHER_ACCOUNT })).length).toBe(5);
    expect((await t.store.queryHistory({ since: T2 })).map((r) => r.at)).toEqual([T2, T2, T3]);
  });

  it('rejects a window bound that is not a time', async () => {
    await expect(t.store.queryHistory({ since: 'yesterday' })).rejects.toThrow(/not an ISO 8601 time/);
  });
});

describe('runs', () => {
  it('over time, per account', async () => {
    const runs = await t.store.listRuns({ account: ACCOUNT });
    expect(runs.map((r) => [r.at, r.opened, r.resolved, r.reopened, r.suppressed])).toEqual([
      [T1, 4, 0, 0, 1],
      [T2, 0, 2, 0, 0],
      [T3, 0, 0, 1, 0],
    ]);
    expect(runs.map((r) => r.openBySeverity.critical)).toEqual([2, 1, 2]);
    expect((await t.store.listRuns({ since: T2, until: T3, account: ACCOUNT })).map((r) => r.at)).toEqual([T2, T3]);
    expect((await t.store.listRuns({})).map((r) => r.account)).toEqual([ACCOUNT, OTHER_ACCOUNT, ACCOUNT, ACCOUNT]);
  });
});

describe('detections', () => {
  it('are stored once per eventId and rule, however often they arrive, and notify once', async () => {
    const first = await recordRun(
      t.store,
      [detection('ev-1', '2026-11-10T09:00:00Z'), detection('ev-2', '2026-11-10T09:05:00Z'), detection('ev-1', '2026-11-10T09:00:00Z')],
      ACCOUNT,
    );
    expect(first.stored.map((d) => d.eventId)).toEqual(['ev-1', 'ev-2']);
    expect(first.notifications.map((n) => n.id)).toEqual(['detection|ev-1|mfa-removed', 'detection|ev-2|mfa-removed']);

    const redelivered = await recordRun(
      t.store,
      [detection('ev-2', '2026-11-10T09:05:00Z'), detection('ev-2', '2026-11-10T09:05:00Z', { ruleId: 'root-activity', severity: 'critical' })],
      ACCOUNT,
    );
    // The same event firing another rule is a detection of its own.
    expect(redelivered.stored.map((d) => [d.eventId, d.ruleId])).toEqual([['ev-2', 'root-activity']]);
    expect(redelivered.notifications.map((n) => n.id)).toEqual(['detection|ev-2|root-activity']);
  });

  it('only detections that alert owe a notification, stored with it', async () => {
    const quiet = await recordRun(t.store, [detection('ev-3', '2026-11-11T00:00:00Z', { ruleId: 'access-key-created', severity: 'low' })], ACCOUNT, { notify: { minSeverity: 'high' } });
    expect(quiet.stored.map((d) => d.eventId)).toEqual(['ev-3']);
    expect(quiet.notifications).toEqual([]);
    expect((await recordRun(t.store, [detection('ev-3', '2026-11-11T00:00:00Z', { ruleId: 'access-key-created' })], ACCOUNT)).stored).toEqual([]);
  });

  it('in a time window, oldest first', async () => {
    await recordRun(t.store, [detection('ev-0', '2026-11-09T23:59:59Z')], OTHER_ACCOUNT);
    const all = await t.store.queryDetections({});
    expect(all.map((d) => [d.account, d.eventId, d.ruleId])).toEqual([
      [OTHER_ACCOUNT, 'ev-0', 'mfa-removed'],
      [ACCOUNT, 'ev-1', 'mfa-removed'],
      [ACCOUNT, 'ev-2', 'mfa-removed'],
      [ACCOUNT, 'ev-2', 'root-activity'],
      [ACCOUNT, 'ev-3', 'access-key-created'],
    ]);
    const window = await t.store.queryDetections({ since: '2026-11-10T09:00:00Z', until: '2026-11-10T09:00:00Z', account: ACCOUNT });
    expect(window).toEqual([expect.objectContaining({ eventId: 'ev-1', eventTime: '2026-11-10T09:00:00Z', sourceIp: '203.0.113.7', account: ACCOUNT })]);
    expect(typeof window[0].storedAt).toBe('string');
  });
});

describe('pending notifications', () => {
  it('lists what is owed, oldest first, until every sink has taken it', async () => {
    const pending = await t.store.pendingNotifications({ account: ACCOUNT });
    const findingIds = pending.filter((p) => p.notification.kind === 'finding').map((p) => p.notification.id);
    expect(findingIds).toEqual([
      `finding|${ROLE_BATCH}|opened|${T1}`,
      `finding|${ROLE_RISKY}|opened|${T1}`,
      `finding|${KEY_ALICE}|opened|${T1}`,
      `finding|${KEY_BOB}|opened|${T1}`,
      `finding|${KEY_ALICE}|reopened|${T3}`,
    ]);
    expect(pending.every((p) => p.sentTo.length === 0 && p.attempts === 0)).toBe(true);
    expect((await t.store.pendingNotifications()).some((p) => p.notification.account === OTHER_ACCOUNT)).toBe(true);

    const id = findingIds[0];
    const claim = (await t.store.claimNotification(id))!;
    expect(await t.store.markSent(claim, 'sns')).toBe(true);
    await t.store.releaseClaim(claim, { done: false, error: 'slack: 500' });
    const partly = (await t.store.pendingNotifications({ account: ACCOUNT })).find((p) => p.notification.id === id);
    expect(partly).toMatchObject({ sentTo: ['sns'], attempts: 1, lastError: 'slack: 500' });

    const again = (await t.store.claimNotification(id))!;
    expect(again.sentTo).toEqual(['sns']);
    expect(await t.store.markSent(again, 'slack')).toBe(true);
    await t.store.releaseClaim(again, { done: true });
    expect((await t.store.pendingNotifications({ account: ACCOUNT })).map((p) => p.notification.id)).not.toContain(id);
    expect(await t.store.claimNotification(id)).toBeNull();
  });

  it('an unknown notification cannot be claimed', async () => {
    expect(await t.store.claimNotification('finding|nope')).toBeNull();
  });
});
