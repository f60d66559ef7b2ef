/**
 * Every OCSF event iam-sentinel writes, validated against the official OCSF
 * 1.3.0 schema (./ocsf-validator.ts): the demo account's scan, the demo
 * events' detections and stored findings of every status; and the mapping
 * design.md fixes (classes, statuses, severities, uids, epoch milliseconds).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { DETECTION_RULES } from '../../shared/detections/index.js';
import { OCSF, OCSF_VERSION, complianceFinding, detectionFinding } from '../../shared/export/ocsf.js';
import { findingOfState } from '../../shared/export/subject.js';
import type { Detection } from '../../shared/model.js';
import { PRODUCT_VERSION } from '../../shared/version.js';
import pkg from '../../package.json' with { type: 'json' };
import { cli } from '../cli/run-cli.js';
import { ACCOUNT, STATES, state } from './fixtures.js';
import { OCSF_SCHEMA, classOf, ocsfErrors, timestamps } from './ocsf-validator.js';

const NOW = '2026-11-01T00:00:00Z';
type Event = Record<string, any>;

function expectValid(events: readonly Event[]): void {
  const invalid = events.map((e) => ({ uid: e.finding_info?.uid, errors: ocsfErrors(e) })).filter((r) => r.errors.length > 0);
  expect(invalid).toEqual([]);
  for (const e of events) {
    for (const [path, t] of timestamps(classOf(e)!, e)) {
      // Epoch milliseconds: 13 digits for any time of this century (seconds would have 10).
      expect(Number.isInteger(t) && (t as number) > 1e12 && (t as number) < 1e13, `${e.finding_info.uid} ${path} = ${String(t)}`).toBe(true);
    }
  }
}

describe('the OCSF validator (official 1.3.0 schema)', () => {
  const valid = complianceFinding(findingOfState(STATES[0])) as Event;

  it('accepts a conforming event', () => {
    expect(ocsfErrors(valid)).toEqual([]);
  });

  it.each<[string, (e: Event) => void, RegExp]>([
    ['an attribute the class does not define', (e) => (e.verdict = 'bad'), /must NOT have additional properties.*verdict/],
    ['an attribute an object does not define', (e) => (e.finding_info.score = 3), /finding_info must NOT have additional properties/],
    ['a required attribute missing', (e) => delete e.finding_info.uid, /finding_info must have required property 'uid'/],
    ['a required object missing', (e) => delete e.compliance, /must have required property 'compliance'/],
    ['an enum value the schema lacks', (e) => (e.status_id = 7), /status_id must be equal to one of the allowed values/],
    ['a wrong type', (e) => (e.time = '2026-11-01T00:00:00Z'), /\/time must be integer/],
    ['a sibling that is not the enum caption', (e) => (e.severity = 'Severe'), /severity: "Severe" is not the caption of severity_id/],
    ['type_uid not class_uid * 100 + activity_id', (e) => (e.type_uid = 200303), /type_uid 200303 is not class_uid \* 100 \+ activity_id/],
    ['a profile attribute without its profile', (e) => (e.metadata.profiles = []), /must NOT have additional properties.*cloud/],
    ['a deprecated attribute', (e) => (e.resource = { uid: 'x' }), /resource: deprecated/],
    ['an object constraint broken', (e) => (e.finding_info.analytic = { type_id: 1 }), /analytic must have required property 'name'/],
  ])('rejects %s', (_what, mutate, message) => {
    const event = structuredClone(valid) as Event;
    mutate(event);
    expect(ocsfErrors(event).join('\n')).toMatch(message);
  });

  it('the enum values and captions iam-sentinel writes are the schema\'s own', () => {
    const attr = (klass: string, name: string) => OCSF_SCHEMA.classes[klass].attributes[name];
    const caption = (a: { enum?: Record<string, { caption: string }> }, [id, text]: readonly [number, string]) => expect(a.enum?.[String(id)]?.caption, text).toBe(text);
    for (const klass of ['compliance_finding', 'detection_finding']) {
      for (const pair of Object.values(OCSF.severity)) caption(attr(klass, 'severity_id'), pair);
      for (const pair of Object.values(OCSF.status)) caption(attr(klass, 'status_id'), pair);
      for (const pair of Object.values(OCSF.activity)) caption(attr(klass, 'activity_id'), pair);
      caption(attr(klass, 'category_uid'), OCSF.category.findings);
    }
    caption(attr('compliance_finding', 'class_uid'), OCSF.class.complianceFinding);
    caption(attr('detection_finding', 'class_uid'), OCSF.class.detectionFinding);
    for (const pair of Object.values(OCSF.complianceStatus)) caption(OCSF_SCHEMA.objects.compliance.attributes.status_id, pair);
    caption(OCSF_SCHEMA.objects.analytic.attributes.type_id, OCSF.analyticType.rule);
    caption(OCSF_SCHEMA.objects.account.attributes.type_id, OCSF.accountType.aws);
    expect(OCSF_VERSION).toBe(OCSF_SCHEMA.version);
  });
});

describe('scan --format ocsf (demo account)', () => {
  let events: Event[];
  let json: { account: string; findings: unknown[] };
  beforeAll(async () => {
    const out = await cli(['scan', '--snapshot', 'examples/demo-account', '--now', NOW, '--format', 'ocsf']);
    expect(out.code).toBe(0);
    events = JSON.parse(out.stdout);
    json = (await cli(['scan', '--snapshot', 'examples/demo-account', '--now', NOW, '--format', 'json'])).json();
  });

  it('is one JSON array of valid Compliance Findings, one per failing item', () => {
    expect(Array.isArray(events)).toBe(true);
    expect(events).toHaveLength(json.findings.length);
    expectValid(events);
    expect(new Set(events.map((e) => e.class_uid))).toEqual(new Set([2003]));
  });

  it('maps per design.md: category 2, status New, compliance Fail, times in epoch ms, the product and its version, the cloud profile', () => {
    const ms = Date.parse(NOW);
    for (const e of events) {
      expect(e).toMatchObject({
        category_uid: 2,
        class_uid: 2003,
        type_uid: 200301,
        activity_id: 1,
        status_id: 1,
        status: 'New',
        time: ms,
        compliance: { status_id: 3, status: 'Fail' },
        metadata: { version: '1.3.0', product: { name: 'iam-sentinel', vendor_name: 'iam-sentinel', version: pkg.version } },
        cloud: { provider: 'AWS', account: { uid: json.account } },
      });
      expect(e.metadata.profiles).toContain('cloud');
      expect(e.finding_info.analytic.uid).toBe(e.finding_info.uid.split(':')[2]);
    }
    expect(PRODUCT_VERSION).toBe(pkg.version);
  });

  it('severity_id runs 1-5 from info to critical', () => {
    const bySeverity = new Map(events.map((e, i) => [(json.findings[i] as { severity: string }).severity, e.severity_id]));
    expect(Object.fromEntries(bySeverity)).toEqual({ info: 1, low: 2, medium: 3, high: 4, critical: 5 });
  });

  it('finding_info.uid is iam-sentinel:<account>:<checkId>:<resource>[:<qualifier>], unique and stable across runs', async () => {
    const uids = events.map((e) => e.finding_info.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const [i, f] of (json.findings as { checkId: string; resource: string }[]).entries()) {
      expect(uids[i].startsWith(`iam-sentinel:${json.account}:${f.checkId}:${f.resource}`)).toBe(true);
    }
    const later = JSON.parse((await cli(['scan', '--snapshot', 'examples/demo-account', '--now', '2026-11-05T00:00:00Z', '--format', 'ocsf'])).stdout) as Event[];
    expect(later.map((e) => e.finding_info.uid).sort()).toEqual([...uids].sort());
  });

  it('suppressed findings are included with status Suppressed (the check still fails)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ocsf-config-'));
    try {
      const config = join(dir, 'config.json');
      await writeFile(config, JSON.stringify({ suppressions: [{ checkId: 'workload-user-keys', resource: 'arn:aws:iam::*:user/*', reason: 'tracked in SEC-42' }] }));
      const out = await cli(['scan', '--snapshot', 'examples/demo-account', '--now', NOW, '--config', config, '--format', 'ocsf']);
      const all = JSON.parse(out.stdout) as Event[];
      expectValid(all);
      const suppressed = all.filter((e) => e.status_id === 3);
      expect(suppressed.length).toBe(4);
      for (const e of suppressed) {
        expect(e).toMatchObject({ status: 'Suppressed', status_detail: 'Suppressed: tracked in SEC-42', compliance: { status_id: 3 } });
      }
      expect(all).toHaveLength(events.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('stored findings as OCSF', () => {
  const [open, suppressed, resolved] = STATES.map((s) => complianceFinding(findingOfState(s)) as Event);

  it('are valid, with their status: New, Suppressed, Resolved, and the compliance result', () => {
    expectValid([open, suppressed, resolved]);
    expect([open, suppressed, resolved].map((e) => [e.status_id, e.status, e.compliance.status_id, e.compliance.status])).toEqual([
      [1, 'New', 3, 'Fail'],
      [3, 'Suppressed', 3, 'Fail'],
      [4, 'Resolved', 1, 'Pass'],
    ]);
  });

  it('keep their history: first seen, last seen, resolved (as the event time, activity Close)', () => {
    expect(open).toMatchObject({ activity_id: 2, type_uid: 200302, time: Date.parse('2026-11-02T00:00:00Z') });
    expect(open.finding_info).toMatchObject({ first_seen_time: Date.parse('2026-11-01T00:00:00Z'), last_seen_time: Date.parse('2026-11-02T00:00:00Z') });
    expect(resolved).toMatchObject({ activity_id: 3, activity_name: 'Close', type_uid: 200303, time: Date.parse('2026-11-03T00:00:00Z') });
    expect(suppressed.finding_info.uid).toBe(`iam-sentinel:${ACCOUNT}:access-key-age:arn:aws:iam::${ACCOUNT}:user/ci-deploy:access_key_1`);
  });

  it('name the resource by its kind, with the trail\'s region', () => {
    expect(open.resources).toEqual([{ uid: `arn:aws:iam::${ACCOUNT}:root`, name: ACCOUNT, type: 'AwsAccount', cloud_partition: 'aws' }]);
    expect(resolved.resources[0]).toMatchObject({ type: 'AwsCloudTrailTrail', name: 'acme-management', region: 'us-east-1' });
  });

  it('every check of the catalog maps by its metadata, including one the catalog does not know', () => {
    const events: Event[] = [
      ...CHECKS.map((c) => complianceFinding(findingOfState(state({ checkId: c.id, resource: `arn:aws:iam::${ACCOUNT}:user/u`, title: c.title, severity: c.severity })))),
      complianceFinding(findingOfState(state({ checkId: 'a-check-added-later', resource: `arn:aws:iam::${ACCOUNT}:role/r` }))),
    ];
    expectValid(events);
    const unknown = events.at(-1)!;
    expect(unknown.compliance.standards).toEqual(['iam-sentinel catalog']);
    expect(unknown.remediation).toBeUndefined();
  });
});

describe('detect --format ocsf (demo events)', () => {
  let events: Event[];
  let detections: Detection[];
  beforeAll(async () => {
    const out = await cli(['detect', '--events', 'examples/demo-events', '--format', 'ocsf']);
    expect(out.code).toBe(0);
    events = JSON.parse(out.stdout);
    detections = (await cli(['detect', '--events', 'examples/demo-events', '--format', 'json'])).json().detections;
  });

  it('is one JSON array of valid Detection Findings, one per detection', () => {
    expect(events).toHaveLength(detections.length);
    expect(events.length).toBeGreaterThan(10);
    expectValid(events);
    expect(new Set(events.map((e) => e.class_uid))).toEqual(new Set([2004]));
  });

  it('uid iam-sentinel:<account>:<ruleId>:<eventId>, analytic the rule, the event time in ms, evidences of actor, API operation and source IP', () => {
    for (const [i, d] of detections.entries()) {
      const e = events[i];
      expect(e.finding_info.uid).toBe(`iam-sentinel:${ACCOUNT}:${d.ruleId}:${d.eventId}`);
      expect(e.finding_info.analytic.uid).toBe(d.ruleId);
      expect(e.time).toBe(Date.parse(d.eventTime));
      expect(e.cloud).toMatchObject({ provider: 'AWS', account: { uid: ACCOUNT } });
      // An ARN is the user's uid; a burst's actor without one (an identity type, a source IP) is its name.
      if (d.actor.startsWith('arn:')) expect(e.evidences[0].actor.user.uid).toBe(d.actor);
      else expect(e.evidences[0].actor.user.name).toBe(d.actor);
      expect(e.evidences[0].api.operation).toBe(d.eventName);
      // An address is the endpoint's ip; a service calling ("support.amazonaws.com") its hostname.
      if (d.sourceIp) expect(e.evidences[0].src_endpoint.ip ?? e.evidences[0].src_endpoint.hostname ?? e.evidences[0].src_endpoint.name).toBe(d.sourceIp);
    }
  });

  it('a caller that is a service or has no ARN still gives a valid event', () => {
    const base: Detection = { ruleId: 'root-activity', severity: 'high', eventId: 'e1', eventName: 'ListUsers', eventTime: '2026-11-01T10:00:00Z', actor: 'AWSService', sourceIp: 'iam.amazonaws.com', resource: null, message: 'm' };
    const events: Event[] = [detectionFinding(base, ACCOUNT), detectionFinding({ ...base, sourceIp: 'AWS Internal' }, ACCOUNT), detectionFinding({ ...base, sourceIp: null, ruleId: 'unknown-rule' }, ACCOUNT)];
    expectValid(events);
    expect(events.map((e: Event) => e.evidences[0].src_endpoint)).toEqual([{ hostname: 'iam.amazonaws.com' }, { name: 'AWS Internal' }, undefined]);
    expect(events[0].evidences[0].actor).toEqual({ user: { name: 'AWSService' } });
  });

  it('every detection rule maps by its metadata', () => {
    const events = DETECTION_RULES.map((r) =>
      detectionFinding({ ruleId: r.id, severity: r.severity, eventId: `e-${r.id}`, eventName: 'X', eventTime: '2026-11-01T10:00:00Z', actor: `arn:aws:iam::${ACCOUNT}:user/a`, sourceIp: '2001:db8::1', resource: `arn:aws:iam::${ACCOUNT}:role/r`, message: 'm' }, ACCOUNT),
    );
    expectValid(events);
    expect(events.map((e: Event) => e.finding_info.title)).toEqual(DETECTION_RULES.map((r) => r.title));
  });
});

