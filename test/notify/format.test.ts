import { describe, expect, it } from 'vitest';
import { metadataFor } from '../../shared/catalog.js';
import { cloudTrailEventLink, resourceLink, shortResourceName } from '../../shared/notify/aws-console-links.js';
import {
  detectionContent,
  digestContent,
  digestSeverity,
  findingChangeContent,
  MAX_DIGEST_ITEMS,
  reminderContent,
  subjectLine,
} from '../../shared/notify/format.js';
import { viewOf } from '../../shared/notify/view.js';
import { ACCOUNT, ALIAS, AT, change, detection, openState, ROOT_ARN, run, userArn } from './fixtures.js';

const ref = { account: ACCOUNT, accountAlias: ALIAS };
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

describe('subject', () => {
  it('reads like the design example for a root detection', () => {
    const { subject } = detectionContent(detection('root-access-key-used', 'critical'), ref);
    expect(subject).toBe('[CRITICAL] Root access key used in 111122223333 (prod-alias)');
  });

  it('names the resource, and says when a finding reopened or is a reminder', () => {
    expect(findingChangeContent(change('user-console-no-mfa', 'high', userArn('quinn')), ref).subject).toBe(
      '[HIGH] Console user has no MFA: user/quinn in 111122223333 (prod-alias)',
    );
    expect(findingChangeContent(change('user-console-no-mfa', 'high', userArn('quinn'), 'reopened'), ref).subject).toBe(
      '[HIGH] Reopened: Console user has no MFA: user/quinn in 111122223333 (prod-alias)',
    );
    const state = openState('root-access-key', 'critical', ROOT_ARN, '2026-10-18T00:00:00.000Z');
    expect(reminderContent(state, ref, AT).subject).toBe(
      '[CRITICAL] Still open 14d: Root user has an active access key in 111122223333 (prod-alias)',
    );
    expect(findingChangeContent(change('root-mfa', 'critical', ROOT_ARN), { account: ACCOUNT, accountAlias: null }).subject).toBe(
      '[CRITICAL] Root user has no MFA in 111122223333',
    );
  });

  it('stays under 100 printable ASCII characters for the longest aliases, names and titles', () => {
    const longAlias = 'a'.repeat(40) + '-' + 'b'.repeat(22); // 63: the longest alias IAM allows
    const longUser = userArn(`${'engineering/platform/'.repeat(20)}${'x'.repeat(64)}`);
    for (const alias of [null, 'prod', longAlias]) {
      for (const resource of [ROOT_ARN, userArn('quinn'), longUser]) {
        for (const kind of ['opened', 'reopened'] as const) {
          const subject = findingChangeContent(change('privileged-user-no-mfa', 'critical', resource, kind), { account: ACCOUNT, accountAlias: alias }).subject;
          expect(subject.length).toBeLessThan(100);
          expect(subject).toMatch(PRINTABLE_ASCII);
          expect(subject).toContain(` in ${ACCOUNT}`);
          expect(subject.startsWith(kind === 'reopened' ? '[CRITICAL] Reopened: Administrator' : '[CRITICAL] Administrator')).toBe(true);
        }
      }
    }
    const long = subjectLine({ severity: 'medium', title: 'T'.repeat(300), target: 'user/' + 'n'.repeat(64), account: ACCOUNT, accountAlias: longAlias });
    expect(long.length).toBeLessThan(100);
    expect(long).toContain('...');
    expect(long).toContain(ACCOUNT);
  });

  it('keeps what happened readable and shortens a long alias first', () => {
    const subject = subjectLine({ severity: 'high', title: 'MFA device removed', target: 'user/quinn', account: ACCOUNT, accountAlias: 'z'.repeat(63) });
    expect(subject.startsWith('[HIGH] MFA device removed: user/quinn in 111122223333 (zzz')).toBe(true);
    expect(subject.endsWith('...)')).toBe(true);
    expect(subject.length).toBeLessThan(100);
  });

  it('makes any text safe for SNS: no line breaks, accents dropped, other non-ASCII replaced', () => {
    const subject = subjectLine({ severity: 'low', title: 'Café\nrésumé ✓', account: ACCOUNT, accountAlias: 'équipe' });
    expect(subject).toBe('[LOW] Cafe resume ? in 111122223333 (equipe)');
  });
});

describe('body', () => {
  it('a finding says what, where, when, why it matters, how to fix, with a console link', () => {
    const c = change('access-key-age', 'medium', userArn('quinn'), 'opened', {
      qualifier: 'access_key_1',
      message: 'Active access key 1 was last rotated 150 days ago',
      details: { accessKey: 1, ageDays: 150 },
    });
    const meta = metadataFor('access-key-age')!;
    const { body, data } = findingChangeContent(c, ref);
    expect(body).toContain(`What:     ${meta.title}\n          Active access key 1 was last rotated 150 days ago`);
    expect(body).toContain('Severity: MEDIUM');
    expect(body).toContain('Where:    account 111122223333 (prod-alias)');
    expect(body).toContain(`Resource: ${userArn('quinn')}`);
    expect(body).toContain('Item:     access_key_1');
    expect(body).toContain(`When:     ${AT} (audit time)`);
    expect(body).toContain('Details:  accessKey=1, ageDays=150');
    expect(body).toContain(`Why it matters:\n  ${meta.practice.split('\n')[0]}`);
    expect(body).toContain(`How to fix:\n  ${meta.remediation.split('\n')[0]}`);
    expect(body).toContain('IAM user quinn: https://console.aws.amazon.com/iam/home#/users/details/quinn?section=security_credentials');
    expect(body).toContain(`Check access-key-age - finding ${c.findingId}`);
    expect(viewOf({ data })).toEqual(data.view);
    expect(data).toMatchObject({ findingId: c.findingId, checkId: 'access-key-age', change: 'opened', qualifier: 'access_key_1' });
  });

  it('a detection also says who, from where, and links the CloudTrail event', () => {
    const d = detection('mfa-removed', 'high', {
      eventName: 'DeactivateMFADevice',
      actor: userArn('quinn'),
      sourceIp: '198.51.100.23',
      resource: userArn('quinn'),
      message: 'quinn deactivated the MFA device of quinn',
    });
    const meta = metadataFor('mfa-removed')!;
    const { body } = detectionContent(d, ref);
    expect(body).toContain(`What:      ${meta.title}\n           quinn deactivated the MFA device of quinn`);
    expect(body).toContain('Where:     account 111122223333 (prod-alias)');
    expect(body).toContain(`Resource:  ${userArn('quinn')}`);
    expect(body).toContain('When:      2026-11-10T09:00:00Z');
    expect(body).toContain(`Who:       ${userArn('quinn')}`);
    expect(body).toContain('Source IP: 198.51.100.23');
    expect(body).toContain(`Event:     DeactivateMFADevice (event id ${d.eventId})`);
    expect(body).toContain(`Why it matters:\n  ${meta.practice.split('\n')[0]}`);
    expect(body).toContain(`How to fix:\n  ${meta.remediation.split('\n')[0]}`);
    expect(body).toContain(`CloudTrail event: https://console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events?EventId=${d.eventId}`);
    expect(body).toContain('IAM user quinn: https://console.aws.amazon.com/iam/home#/users/details/quinn?section=security_credentials');
  });

  it('a detection without a source IP says so', () => {
    expect(detectionContent(detection('root-activity', 'critical', { sourceIp: null }), ref).body).toContain('Source IP: not recorded');
  });

  it('a reminder says how long the finding has been open', () => {
    const state = openState('root-access-key', 'critical', ROOT_ARN, '2026-10-18T00:00:00.000Z', { qualifier: 'access_key_1' });
    const { body, data } = reminderContent(state, ref, AT);
    expect(body).toContain('Status:   still open after 14 days');
    expect(body).toContain(`When:     open since 2026-10-18T00:00:00.000Z, last seen ${AT}`);
    expect(body).toContain('Root user security credentials (sign in as root): https://console.aws.amazon.com/iam/home#/security_credentials');
    expect(data).toMatchObject({ openDays: 14, firstSeen: '2026-10-18T00:00:00.000Z' });
  });
});

describe('digest', () => {
  it('counts changes by kind and lists them, most telling first', () => {
    const changes = [
      change('user-no-group', 'low', userArn('build-agent'), 'resolved'),
      change('admin-policy', 'high', userArn('ops'), 'opened'),
      change('service-wildcard', 'medium', userArn('build-agent'), 'opened'),
      change('password-age', 'low', userArn('quinn'), 'severity-changed', { previousSeverity: 'info' }),
    ];
    const { subject, body, data } = digestContent(run({ openBySeverity: { critical: 0, high: 1, medium: 2, low: 3, info: 0 } }), changes, ref);
    expect(subject).toBe('[HIGH] IAM audit: 2 opened, 1 severity-changed, 1 resolved in 111122223333 (prod-alias)');
    expect(body).toContain('Open now: 1 high, 2 medium, 3 low');
    expect(body).toContain(
      [
        'Changes:',
        `  - opened [HIGH] Title of admin-policy: ${userArn('ops')}`,
        `  - opened [MEDIUM] Title of service-wildcard: ${userArn('build-agent')}`,
        `  - severity-changed [INFO -> LOW] Title of password-age: ${userArn('quinn')}`,
        `  - resolved [LOW] Title of user-no-group: ${userArn('build-agent')}`,
      ].join('\n'),
    );
    expect(data).toMatchObject({ runId: 'run-2026-11-01T00:00:00.000Z-scan', counts: { opened: 2, resolved: 1, 'severity-changed': 1 } });
  });

  it('lists at most MAX_DIGEST_ITEMS changes and counts the rest', () => {
    const changes = Array.from({ length: MAX_DIGEST_ITEMS + 7 }, (_, i) => change('user-no-group', 'low', userArn(`u${String(i).padStart(3, '0')}`)));
    const { body, data } = digestContent(run(), changes, ref);
    expect(body.match(/^ {2}- opened/gm)).toHaveLength(MAX_DIGEST_ITEMS);
    expect(body).toContain('  ... and 7 more');
    expect(data.view.moreItems).toBe(7);
    expect(data.changes).toHaveLength(MAX_DIGEST_ITEMS);
  });

  it('is only as severe as what got worse: a run that only resolved things is info', () => {
    expect(digestSeverity([change('admin-policy', 'high', userArn('ops'), 'resolved')])).toBe('info');
    expect(digestSeverity([change('admin-policy', 'high', userArn('ops'), 'severity-changed', { previousSeverity: 'critical' })])).toBe('info');
    expect(digestSeverity([change('admin-policy', 'high', userArn('ops'), 'reopened'), change('root-mfa', 'critical', ROOT_ARN, 'suppressed')])).toBe('high');
  });
});

describe('console links', () => {
  it('opens each kind of resource on the tab that matters', () => {
    expect(resourceLink(`arn:aws:iam::${ACCOUNT}:role/deployer`, 'role-trust-any-principal')?.url).toBe(
      'https://console.aws.amazon.com/iam/home#/roles/details/deployer?section=trust_relationships',
    );
    expect(resourceLink(`arn:aws:iam::${ACCOUNT}:group/ops/admins`, 'inline-policy')?.url).toBe(
      'https://console.aws.amazon.com/iam/home#/groups/details/admins?section=permissions',
    );
    expect(resourceLink(`arn:aws:iam::${ACCOUNT}:policy/team/push`, 'service-wildcard')?.url).toBe(
      'https://console.aws.amazon.com/iam/home#/policies/details/arn%3Aaws%3Aiam%3A%3A111122223333%3Apolicy%2Fteam%2Fpush?section=permissions',
    );
    expect(resourceLink(ROOT_ARN, 'password-policy-weak')?.url).toBe('https://console.aws.amazon.com/iam/home#/account_settings');
    expect(resourceLink(ROOT_ARN, 'support-role-missing')?.url).toBe(
      'https://console.aws.amazon.com/iam/home#/policies/details/arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAWSSupportAccess?section=entities_attached',
    );
    expect(resourceLink(`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`, 'cloudtrail-log-validation')?.url).toBe(
      'https://console.aws.amazon.com/cloudtrail/home?region=eu-west-1#/trails/arn%3Aaws%3Acloudtrail%3Aeu-west-1%3A111122223333%3Atrail%2Fmain',
    );
    expect(resourceLink(`arn:aws-us-gov:iam::${ACCOUNT}:user/quinn`, 'user-no-group')?.url).toBe(
      'https://console.amazonaws-us-gov.com/iam/home#/users/details/quinn?section=permissions',
    );
    expect(resourceLink(ROOT_ARN, 'collection-gap')).toBeNull();
    expect(resourceLink('not an arn', 'admin-policy')).toBeNull();
    expect(cloudTrailEventLink('abc-123').url).toBe('https://console.aws.amazon.com/cloudtrail/home?region=us-east-1#/events?EventId=abc-123');
  });

  it('short names for subjects', () => {
    expect(shortResourceName(`arn:aws:iam::${ACCOUNT}:user/engineering/quinn`)).toBe('user/quinn');
    expect(shortResourceName(`arn:aws:iam::aws:policy/AdministratorAccess`)).toBe('policy/AdministratorAccess');
    expect(shortResourceName(ROOT_ARN)).toBeNull();
  });
});
