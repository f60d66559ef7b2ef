import { describe, expect, it } from 'vitest';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import { detectionNotifications, runNotifications } from '../../shared/findings/notifications.js';
import type { FindingChange, FindingState } from '../../shared/findings/types.js';
import type { Detection } from '../../shared/model.js';
import { notificationRenderer } from '../../shared/notify/render.js';
import { ACCOUNT, ALIAS, AT, RUN_ID, change, detection, openState, ROOT_ARN, run, userArn } from '../notify/fixtures.js';

/** Everything a run owes, in the order it is owed: alerts, reminders, the digest. */
function notify(changes: FindingChange[], reminders: FindingState[] = [], config: ConfigInput = {}) {
  const owed = runNotifications({ ref: { account: ACCOUNT, accountAlias: ALIAS }, changes, reminders, run: run(), config: makeConfig(config), render: notificationRenderer });
  return [...owed.alerts, ...owed.reminders, ...(owed.digest ? [owed.digest] : [])];
}

const ids = (ns: { id: string }[]) => ns.map((n) => n.id);

describe('finding notifications', () => {
  it('an ended suppression (expired, or taken out of the config) alerts like a new finding, at or above minSeverity', () => {
    const back = change('admin-policy', 'high', userArn('ops'), 'unsuppressed');
    const alerts = notify([back]).filter((n) => n.kind === 'finding');
    expect(alerts.map((n) => n.id)).toEqual([`finding|admin-policy|${userArn('ops')}|unsuppressed|${AT}`]);
    expect(alerts[0].subject).toMatch(/^\[HIGH\] Suppression ended: /);
    expect(alerts[0].body).toContain('its suppression ended');
    // Below minSeverity and not an always-id, it is only in the digest.
    expect(notify([change('service-wildcard', 'medium', userArn('ci'), 'unsuppressed')]).map((n) => n.kind)).toEqual(['digest']);
  });

  it('alert on opened and reopened findings at or above notify.minSeverity (default high)', () => {
    const changes = [
      change('admin-policy', 'high', userArn('ops')),
      change('role-trust-any-principal', 'critical', `arn:aws:iam::${ACCOUNT}:role/open`, 'reopened'),
      change('service-wildcard', 'medium', userArn('build-agent')),
      change('admin-policy', 'high', userArn('old'), 'resolved'),
      change('admin-policy', 'high', userArn('quiet'), 'suppressed'),
    ];
    const alerts = notify(changes).filter((n) => n.kind === 'finding');
    expect(ids(alerts)).toEqual([
      `finding|role-trust-any-principal|arn:aws:iam::${ACCOUNT}:role/open|reopened|${AT}`,
      `finding|admin-policy|${userArn('ops')}|opened|${AT}`,
    ]);
    expect(alerts[1]).toMatchObject({ kind: 'finding', severity: 'high', checkId: 'admin-policy', account: ACCOUNT, accountAlias: ALIAS, createdAt: AT });
    expect(alerts[1].ruleId).toBeUndefined();
  });

  it('a lower minSeverity alerts on more', () => {
    const alerts = notify([change('service-wildcard', 'medium', userArn('build-agent'))], [], { notify: { minSeverity: 'medium' } });
    expect(alerts.filter((n) => n.kind === 'finding')).toHaveLength(1);
  });

  it('ids in notify.always alert whatever their severity', () => {
    const changes = [change('password-age', 'low', userArn('quinn')), change('user-no-group', 'low', userArn('quinn'))];
    expect(ids(notify(changes).filter((n) => n.kind === 'finding'))).toEqual([`finding|password-age|${userArn('quinn')}|opened|${AT}`]);
    // a severity override does not silence an always-id
    const overridden = [change('access-key-age', 'info', userArn('quinn'))];
    expect(notify(overridden).filter((n) => n.kind === 'finding')).toHaveLength(1);
    // ids given are added to the defaults; replaceAlways makes the list the user's alone
    expect(notify(changes, [], { notify: { always: ['user-no-group'] } }).filter((n) => n.kind === 'finding')).toHaveLength(2);
    expect(notify(changes, [], { notify: { always: [], replaceAlways: true } }).filter((n) => n.kind === 'finding')).toEqual([]);
  });

  it('one digest per run that changed anything, listing every change', () => {
    const changes = [
      change('user-no-group', 'low', userArn('quinn')),
      change('admin-policy', 'high', userArn('old'), 'resolved'),
      change('inline-policy', 'low', userArn('ci'), 'suppressed'),
    ];
    const digests = notify(changes).filter((n) => n.kind === 'digest');
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest).toMatchObject({ id: `digest|${RUN_ID}`, kind: 'digest', severity: 'low', account: ACCOUNT, accountAlias: ALIAS, createdAt: AT });
    expect(digest.checkId).toBeUndefined();
    expect(digest.data.changes).toHaveLength(3);
    expect(digest.body).toContain('user-no-group');
    expect(digest.body).toContain('admin-policy');
    expect(digest.body).toContain('inline-policy');
  });

  it('an alert storm (more alerts than notify.maxAlertsPerRun) is folded into the one digest, which says so', () => {
    const many = Array.from({ length: 30 }, (_, i) => change('access-key-age', 'medium', userArn(`user-${i}`)));
    const stormy = notify(many);
    expect(stormy.map((n) => n.kind)).toEqual(['digest']);
    expect(stormy[0].data.foldedAlerts).toBe(30);
    expect(stormy[0].body).toContain('notify.maxAlertsPerRun');
    // At the limit, each still alerts on its own; 0 means no limit.
    expect(notify(many.slice(0, 25)).filter((n) => n.kind === 'finding')).toHaveLength(25);
    expect(notify(many, [], { notify: { maxAlertsPerRun: 0 } }).filter((n) => n.kind === 'finding')).toHaveLength(30);
  });

  it('nothing at all for a run without changes: a persisting problem is not news', () => {
    expect(notify([])).toEqual([]);
  });

  it('the same run built twice gives the same ids (a retried run enqueues nothing new)', () => {
    const changes = [change('admin-policy', 'high', userArn('ops')), change('user-no-group', 'low', userArn('ops'))];
    const reminders = [openState('root-mfa', 'critical', ROOT_ARN, '2026-10-01T00:00:00.000Z')];
    const first = notify(changes, reminders);
    const second = notify(changes, reminders);
    expect(ids(second)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(first.length);
  });

  it('individual alerts come most severe first, then reminders, then the digest', () => {
    const out = notify(
      [change('admin-policy', 'high', userArn('ops')), change('root-access-key', 'critical', ROOT_ARN, 'opened', { qualifier: 'access_key_1' })],
      [openState('root-mfa', 'critical', ROOT_ARN, '2026-10-01T00:00:00.000Z')],
    );
    expect(out.map((n) => [n.kind, n.checkId ?? null, n.severity])).toEqual([
      ['finding', 'root-access-key', 'critical'],
      ['finding', 'admin-policy', 'high'],
      ['finding', 'root-mfa', 'critical'],
      ['digest', null, 'critical'],
    ]);
  });
});

describe('reminders', () => {
  const due = openState('root-access-key', 'critical', ROOT_ARN, '2026-10-18T00:00:00.000Z');

  it('remind about still-open critical findings the store hands over, with no digest when nothing changed', () => {
    const out = notify([], [due]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ id: `reminder|${due.findingId}|${AT}`, kind: 'finding', severity: 'critical', checkId: 'root-access-key', createdAt: AT });
    expect(out[0].subject).toContain('Still open 14d');
  });

  it('not for a finding that changed in this run, nor when realertDays is 0', () => {
    const reopened = change('root-access-key', 'critical', ROOT_ARN, 'reopened');
    expect(notify([reopened], [due]).filter((n) => n.id.startsWith('reminder|'))).toEqual([]);
    expect(notify([], [due], { notify: { realertDays: 0 } })).toEqual([]);
  });

  it('only for open critical findings', () => {
    const high = openState('admin-policy', 'high', userArn('ops'), '2026-10-01T00:00:00.000Z');
    const resolved = { ...due, status: 'resolved' as const, resolvedAt: AT };
    expect(notify([], [high, resolved])).toEqual([]);
  });
});

describe('detection notifications', () => {
  const build = (config: ConfigInput = {}) => (detections: Detection[], account: string, accountAlias: string | null) =>
    detectionNotifications(detections, { account, accountAlias }, makeConfig(config), notificationRenderer);

  it('alert on every detection at or above minSeverity, and on always-ids', () => {
    const detections = [
      detection('root-access-key-used', 'critical'),
      detection('mfa-removed', 'high', { eventId: 'e-2', actor: userArn('quinn'), resource: userArn('quinn') }),
      detection('access-key-created', 'medium', { eventId: 'e-3', resource: userArn('ci') }),
      detection('login-profile-changed', 'medium', { eventId: 'e-4', resource: userArn('ci') }),
    ];
    const out = build({ notify: { always: ['access-key-created'] } })(detections, ACCOUNT, ALIAS);
    expect(ids(out)).toEqual([
      `detection|${detections[0].eventId}|root-access-key-used`,
      'detection|e-2|mfa-removed',
      'detection|e-3|access-key-created',
    ]);
    expect(out[0]).toMatchObject({
      kind: 'detection',
      severity: 'critical',
      ruleId: 'root-access-key-used',
      account: ACCOUNT,
      accountAlias: ALIAS,
      subject: '[CRITICAL] Root access key used in 111122223333 (prod-alias)',
      createdAt: detections[0].eventTime,
    });
    expect(out[0].checkId).toBeUndefined();
    expect(out[0].data).toMatchObject({ eventId: detections[0].eventId, actor: ROOT_ARN, sourceIp: '203.0.113.7' });
  });

  it('a detection below the threshold and not in always sends nothing', () => {
    expect(build({ notify: { minSeverity: 'critical', always: [], replaceAlways: true } })([detection('mfa-removed', 'high')], ACCOUNT, null)).toEqual([]);
  });
});
