/**
 * What a run owes, decided in full before anything is written: which
 * writes form the atomic unit (they record a change or owe a notification)
 * and which are lastSeen-only, each alert tied to its finding, the digest
 * and the decision to fold alerts into it.
 */
import { describe, expect, it } from 'vitest';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import { changesOf, notificationsOf, prepareChangeSet, type ChangeSet } from '../../shared/findings/change-set.js';
import { countOpen } from '../../shared/findings/run-summary.js';
import type { FindingState } from '../../shared/findings/types.js';
import { notificationRenderer } from '../../shared/notify/render.js';
import { userArn } from '../helpers/account.js';
import { applied, evaluationOf, type Step } from './scenario.js';

const T1 = '2026-11-01T00:00:00.000Z';
const T2 = '2026-11-02T00:00:00.000Z';
const KEY_ALICE = `test-user-key|${userArn('alice')}`;

function prepare(states: readonly FindingState[], step: Step, at: string, config: ConfigInput = {}, evaluationConfig: ConfigInput = {}): ChangeSet {
  return prepareChangeSet({
    view: { states, openBefore: countOpen(states) },
    evaluation: evaluationOf(step, at, { config: evaluationConfig }),
    config: makeConfig(config),
    runId: `run-${at}`,
    render: notificationRenderer,
  });
}

const statesAfter = (set: ChangeSet, before: readonly FindingState[] = []) => applied(before, [...set.groups.map((g) => g.write), ...set.touches]);

describe('prepareChangeSet', () => {
  it('a first scan: each opened finding with its alert in one group, the digest apart, lastNotifiedAt set where an alert goes out', () => {
    const set = prepare([], { keyUsers: ['alice', 'bob'], riskyRoles: ['risky-ci'] }, T1);
    expect(set.groups.map((g) => [g.write.state.findingId, g.write.changes.map((c) => c.change), g.notifications.map((n) => n.kind)])).toEqual([
      ['test-risky-role|arn:aws:iam::111122223333:role/risky-ci', ['opened'], ['finding']],
      [KEY_ALICE, ['opened'], ['finding']],
      [`test-user-key|${userArn('bob')}`, ['opened'], ['finding']],
    ]);
    expect(set.groups.every((g) => g.write.state.lastNotifiedAt === T1)).toBe(true);
    expect(set.touches).toEqual([]);
    expect(set.digest).toMatchObject({ id: `digest|run-${T1}`, kind: 'digest', severity: 'critical' });
    expect(set.foldedAlerts).toBe(0);
    expect(set.run).toMatchObject({ runId: `run-${T1}`, opened: 3, openBySeverity: { critical: 2, high: 1 } });
    expect(notificationsOf(set).map((n) => n.kind)).toEqual(['finding', 'finding', 'finding', 'digest']);
    expect(changesOf(set)).toHaveLength(3);
  });

  it('an unchanged rescan owes nothing: lastSeen-only writes, no group, no digest', () => {
    const first = prepare([], { keyUsers: ['alice'] }, T1);
    const again = prepare(statesAfter(first), { keyUsers: ['alice'] }, T2);
    expect(again.groups).toEqual([]);
    expect(again.touches.map((w) => [w.state.findingId, w.state.lastSeen])).toEqual([[KEY_ALICE, T2]]);
    expect(again.digest).toBeNull();
  });

  it('more alerts than notify.maxAlertsPerRun: folded into the digest, decided here with the changes', () => {
    const set = prepare([], { keyUsers: ['a', 'b', 'c'] }, T1, { notify: { maxAlertsPerRun: 2 } });
    expect(set.foldedAlerts).toBe(3);
    expect(set.groups.every((g) => g.notifications.length === 0 && g.write.changes.length === 1)).toBe(true);
    expect(set.digest?.data.foldedAlerts).toBe(3);
  });

  it('a suppression that ends while the finding still fails alerts like a new finding (at or above minSeverity)', () => {
    const suppressed = { suppressions: [{ checkId: 'test-user-key', resource: userArn('alice'), reason: 'break-glass', expires: '2026-11-01T12:00:00Z' }] };
    const first = prepare([], { keyUsers: ['alice'] }, T1, {}, suppressed);
    expect(first.groups[0].write.changes.map((c) => c.change)).toEqual(['suppressed']);
    expect(first.groups[0].notifications).toEqual([]);

    const expired = prepare(statesAfter(first), { keyUsers: ['alice'] }, T2, {}, suppressed);
    expect(expired.groups.map((g) => [g.write.changes.map((c) => c.change), g.notifications.map((n) => n.id)])).toEqual([
      [['unsuppressed'], [`finding|${KEY_ALICE}|unsuppressed|${T2}`]],
    ]);
    expect(expired.groups[0].notifications[0].subject).toMatch(/^\[CRITICAL\] Suppression ended: /);

    // Below minSeverity (and not an always-id), only the digest tells.
    const quiet = prepare(statesAfter(first), { keyUsers: ['alice'] }, T2, { notify: { minSeverity: 'critical' }, severityOverrides: {} }, { ...suppressed, severityOverrides: { 'test-user-key': 'high' } });
    expect(quiet.groups[0].notifications).toEqual([]);
    expect(quiet.digest).not.toBeNull();
  });

  it('a reminder rides with its finding\'s write (lastNotifiedAt moves with it)', () => {
    const first = prepare([], { keyUsers: ['alice'] }, T1);
    const week = '2026-11-08T00:00:00.000Z';
    const later = prepare(statesAfter(first), { keyUsers: ['alice'] }, week);
    expect(later.groups.map((g) => [g.write.reminder, g.write.state.lastNotifiedAt, g.notifications.map((n) => n.id)])).toEqual([
      [true, week, [`reminder|${KEY_ALICE}|${week}`]],
    ]);
    expect(later.digest).toBeNull();
  });
});
