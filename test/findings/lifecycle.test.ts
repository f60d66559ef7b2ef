import { describe, expect, it } from 'vitest';
import { computeLifecycle, type LifecycleResult } from '../../shared/findings/lifecycle.js';
import type { FindingState } from '../../shared/store/types.js';
import { ACCOUNT, OTHER_ACCOUNT, ROOT_ARN, roleArn, userArn } from '../helpers/account.js';
import { applied, evaluationOf, type Step } from './scenario.js';

const T1 = '2026-11-01T00:00:00.000Z';
const T2 = '2026-11-02T00:00:00.000Z';
const T3 = '2026-11-03T00:00:00.000Z';

const KEY_ALICE = `test-user-key|${userArn('alice')}`;
const KEY_BOB = `test-user-key|${userArn('bob')}`;
const ROLE_RISKY = `test-risky-role|${roleArn('risky-ci')}`;

/** Runs steps in order, each against the states the previous ones left. */
function replay(...steps: [Step, string, Parameters<typeof evaluationOf>[2]?][]): { results: LifecycleResult[]; states: FindingState[] } {
  let states: FindingState[] = [];
  const results: LifecycleResult[] = [];
  for (const [step, at, options] of steps) {
    const result = computeLifecycle(states, evaluationOf(step, at, options), 7);
    states = applied(states, result.writes);
    results.push(result);
  }
  return { results, states };
}

const changesOf = (r: LifecycleResult) => r.changes.map((c) => [c.change, c.findingId, c.at]);
const stateOf = (states: FindingState[], id: string) => states.find((s) => s.findingId === id)!;

describe('finding lifecycle', () => {
  it('opens a new failing item, dated at the evaluation time', () => {
    const { results, states } = replay([{ keyUsers: ['alice'] }, T1]);
    expect(changesOf(results[0])).toEqual([['opened', KEY_ALICE, T1]]);
    expect(stateOf(states, KEY_ALICE)).toMatchObject({
      account: ACCOUNT,
      checkId: 'test-user-key',
      resource: userArn('alice'),
      severity: 'critical',
      status: 'open',
      firstSeen: T1,
      lastSeen: T1,
      resolvedAt: null,
      lastNotifiedAt: null,
      version: 1,
    });
    expect(results[0].writes[0].previous).toBeNull();
  });

  it('a still failing item only moves lastSeen: no history row', () => {
    const { results, states } = replay([{ keyUsers: ['alice'] }, T1], [{ keyUsers: ['alice'] }, T2]);
    expect(results[1].changes).toEqual([]);
    expect(results[1].writes).toHaveLength(1);
    expect(results[1].writes[0].changes).toEqual([]);
    expect(stateOf(states, KEY_ALICE)).toMatchObject({ status: 'open', firstSeen: T1, lastSeen: T2, version: 2 });
  });

  it('resolves a finding whose item no longer fails, and reopens it when it comes back', () => {
    const { results, states } = replay([{ keyUsers: ['alice', 'bob'] }, T1], [{ keyUsers: ['bob'] }, T2], [{ keyUsers: ['alice', 'bob'] }, T3]);
    expect(changesOf(results[1])).toEqual([['resolved', KEY_ALICE, T2]]);
    expect(changesOf(results[2])).toEqual([['reopened', KEY_ALICE, T3]]);
    expect(stateOf(states, KEY_ALICE)).toMatchObject({ status: 'open', firstSeen: T1, lastSeen: T3, resolvedAt: null, version: 3 });
    expect(stateOf(states, KEY_BOB)).toMatchObject({ status: 'open', firstSeen: T1, lastSeen: T3 });
  });

  it('records resolvedAt and keeps the last message of a resolved finding', () => {
    const { states } = replay([{ keyUsers: ['alice'] }, T1], [{}, T2]);
    expect(stateOf(states, KEY_ALICE)).toMatchObject({ status: 'resolved', resolvedAt: T2, lastSeen: T1, message: 'alice has an active access key' });
  });

  it('a suppression in config turns an open finding suppressed, and a new suppressed item starts suppressed', () => {
    const suppress = { suppressions: [{ checkId: 'test-user-key', resource: 'arn:aws:iam::*:user/*', reason: 'keys rotate via vault', expires: '2027-01-01' }] };
    const { results, states } = replay([{ keyUsers: ['alice'] }, T1], [{ keyUsers: ['alice', 'bob'] }, T2, { config: suppress }]);
    expect(changesOf(results[1])).toEqual([
      ['suppressed', KEY_ALICE, T2],
      ['suppressed', KEY_BOB, T2],
    ]);
    expect(stateOf(states, KEY_ALICE)).toMatchObject({ status: 'suppressed', suppression: { reason: 'keys rotate via vault', expires: '2027-01-01' } });
  });

  it('an expired or removed suppression on a still failing item unsuppresses it (open again)', () => {
    const suppress = { suppressions: [{ checkId: 'test-user-key', reason: 'temporary', expires: '2026-11-02T12:00:00Z' }] };
    const { results, states } = replay([{ keyUsers: ['alice'] }, T1, { config: suppress }], [{ keyUsers: ['alice'] }, T3, { config: suppress }]);
    expect(changesOf(results[0])).toEqual([['suppressed', KEY_ALICE, T1]]);
    expect(changesOf(results[1])).toEqual([['unsuppressed', KEY_ALICE, T3]]);
    expect(stateOf(states, KEY_ALICE).status).toBe('open');
    expect(stateOf(states, KEY_ALICE).suppression).toBeUndefined();
  });

  it('a suppressed finding whose item is gone is resolved', () => {
    const suppress = { suppressions: [{ checkId: 'test-user-key', reason: 'accepted' }] };
    const { results, states } = replay([{ keyUsers: ['alice'] }, T1, { config: suppress }], [{}, T2, { config: suppress }]);
    expect(changesOf(results[1])).toEqual([['resolved', KEY_ALICE, T2]]);
    expect(stateOf(states, KEY_ALICE).suppression).toBeUndefined();
  });

  it('a changed severity override gives severity-changed with the previous severity', () => {
    const { results, states } = replay([{ riskyRoles: ['risky-ci'] }, T1], [{ riskyRoles: ['risky-ci'] }, T2, { config: { severityOverrides: { 'test-risky-role': 'low' } } }]);
    expect(results[1].changes).toEqual([expect.objectContaining({ change: 'severity-changed', findingId: ROLE_RISKY, severity: 'low', previousSeverity: 'high', at: T2 })]);
    expect(stateOf(states, ROLE_RISKY)).toMatchObject({ status: 'open', severity: 'low' });
  });

  it('a reopened finding with another severity records the previous one on the reopened row', () => {
    const { results } = replay([{ riskyRoles: ['risky-ci'] }, T1], [{}, T2], [{ riskyRoles: ['risky-ci'] }, T3, { config: { severityOverrides: { 'test-risky-role': 'critical' } } }]);
    expect(results[2].changes).toEqual([expect.objectContaining({ change: 'reopened', severity: 'critical', previousSeverity: 'high' })]);
  });

  it('leaves findings of skipped checks (inputs not collected) untouched', () => {
    const { results, states } = replay([{ keyUsers: ['alice'], riskyRoles: ['risky-ci'] }, T1], [{ omit: ['credentialReport'] }, T2]);
    // Alice's key is missing only because the report was not collected: no resolution. The role is gone for real.
    expect(changesOf(results[1])).toEqual([
      ['opened', `collection-gap|${ROOT_ARN}|credentialReport`, T2],
      ['resolved', ROLE_RISKY, T2],
    ]);
    expect(stateOf(states, KEY_ALICE)).toMatchObject({ status: 'open', lastSeen: T1, version: 1 });
  });

  it('the gap finding resolves once the input is collected again', () => {
    const { results } = replay([{ omit: ['authorizationDetails'] }, T1], [{}, T2]);
    expect(changesOf(results[1])).toEqual([['resolved', `collection-gap|${ROOT_ARN}|authorizationDetails`, T2]]);
  });

  it('a targeted evaluation resolves only findings on resources in its scope', () => {
    const scope = { resources: [userArn('alice')] };
    const { results, states } = replay([{ keyUsers: ['alice', 'bob'], riskyRoles: ['risky-ci'] }, T1], [{}, T2, { scope }]);
    expect(changesOf(results[1])).toEqual([['resolved', KEY_ALICE, T2]]);
    expect(stateOf(states, KEY_BOB)).toMatchObject({ status: 'open', version: 1 });
    expect(stateOf(states, ROLE_RISKY)).toMatchObject({ status: 'open', version: 1 });
  });

  it('a targeted evaluation opens what it finds in scope and nothing else', () => {
    const scope = { resources: [userArn('carol')] };
    const { results } = replay([{ keyUsers: ['alice'] }, T1], [{ keyUsers: ['alice', 'carol'] }, T2, { scope }]);
    expect(changesOf(results[1])).toEqual([['opened', `test-user-key|${userArn('carol')}`, T2]]);
    expect(results[1].writes).toHaveLength(1);
  });

  it("never touches another account's states", () => {
    const foreign: FindingState = {
      findingId: `test-user-key|arn:aws:iam::${OTHER_ACCOUNT}:user/zed`,
      account: OTHER_ACCOUNT,
      checkId: 'test-user-key',
      resource: `arn:aws:iam::${OTHER_ACCOUNT}:user/zed`,
      severity: 'critical',
      status: 'open',
      title: 't',
      message: 'm',
      details: {},
      firstSeen: T1,
      lastSeen: T1,
      resolvedAt: null,
      lastNotifiedAt: null,
      version: 4,
    };
    const result = computeLifecycle([foreign], evaluationOf({}, T2), 7);
    expect(result.writes).toEqual([]);
  });

  it('an evaluation older than what a later run knew leaves those findings alone (delayed events, old snapshots replayed late)', () => {
    const { results, states } = replay(
      [{ keyUsers: ['alice'] }, T2],
      [{}, T3],
      // Late: as of T1 alice still had her key, bob had one too.
      [{ keyUsers: ['alice', 'bob'] }, T1],
    );
    expect(changesOf(results[2])).toEqual([['opened', KEY_BOB, T1]]);
    expect(stateOf(states, KEY_ALICE)).toMatchObject({ status: 'resolved', resolvedAt: T3 });
    // And a late evaluation without bob cannot resolve what a newer run saw.
    const late = replay([{ keyUsers: ['bob'] }, T3], [{}, T2]);
    expect(late.results[1].changes).toEqual([]);
    expect(stateOf(late.states, KEY_BOB)).toMatchObject({ status: 'open', lastSeen: T3 });
  });

  it('applying the same evaluation again changes nothing and writes nothing', () => {
    const suppress = { suppressions: [{ checkId: 'test-risky-role', reason: 'accepted' }] };
    const evaluation = evaluationOf({ keyUsers: ['alice'], riskyRoles: ['risky-ci'], omit: ['trails'] }, T2, { config: suppress });
    const first = computeLifecycle(replay([{ keyUsers: ['bob'] }, T1]).states, evaluation, 7);
    const afterFirst = applied(replay([{ keyUsers: ['bob'] }, T1]).states, first.writes);
    expect(first.changes.length).toBeGreaterThan(0);
    const second = computeLifecycle(afterFirst, evaluation, 7);
    expect(second).toEqual({ changes: [], writes: [], reminders: [] });
  });

  it('ignores the key order of stored details when deciding that nothing changed', () => {
    const evaluation = evaluationOf({ keyUsers: ['alice'] }, T1);
    const [write] = computeLifecycle([], evaluation, 7).writes;
    const reordered = { ...write.state, details: Object.fromEntries(Object.entries({ ...write.state.details, extra: undefined }).reverse()) };
    expect(computeLifecycle([reordered], evaluation, 7).writes).toEqual([]);
  });

  describe('reminders (notify.realertDays)', () => {
    const daysAfter = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

    it('reminds about an open critical finding once realertDays have passed since the last notification, then not again', () => {
      const opened = replay([{ keyUsers: ['alice'], riskyRoles: ['risky-ci'] }, T1]).states.map((s) => ({ ...s, lastNotifiedAt: T1 }));
      const early = computeLifecycle(opened, evaluationOf({ keyUsers: ['alice'], riskyRoles: ['risky-ci'] }, daysAfter(T1, 6.9)), 7);
      expect(early.reminders).toEqual([]);

      const due = evaluationOf({ keyUsers: ['alice'], riskyRoles: ['risky-ci'] }, daysAfter(T1, 7));
      const result = computeLifecycle(opened, due, 7);
      // The high-severity role is never reminded about; the critical key is.
      expect(result.reminders.map((s) => s.findingId)).toEqual([KEY_ALICE]);
      expect(result.reminders[0].lastNotifiedAt).toBe(due.evaluatedAt);
      expect(result.changes).toEqual([]);
      expect(computeLifecycle(applied(opened, result.writes), due, 7).reminders).toEqual([]);
    });

    it('counts from firstSeen when nothing was ever sent, and never reminds with realertDays 0', () => {
      const opened = replay([{ keyUsers: ['alice'] }, T1]).states;
      const later = evaluationOf({ keyUsers: ['alice'] }, daysAfter(T1, 30));
      expect(computeLifecycle(opened, later, 7).reminders).toHaveLength(1);
      expect(computeLifecycle(opened, later, 0).reminders).toEqual([]);
    });

    it('does not remind about suppressed findings', () => {
      const suppress = { suppressions: [{ checkId: 'test-user-key', reason: 'accepted' }] };
      const { states } = replay([{ keyUsers: ['alice'] }, T1, { config: suppress }]);
      expect(computeLifecycle(states, evaluationOf({ keyUsers: ['alice'] }, daysAfter(T1, 30), { config: suppress }), 7).reminders).toEqual([]);
    });
  });
});
