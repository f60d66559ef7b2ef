import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const HANDBOOK = 'test/fixtures/handbook-cloudtrail';

describe('detect --events', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'detect-cli-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('prints the design.md JSON shape, once per event across a log file and an envelope', async () => {
    const r = await cli(['detect', '--events', HANDBOOK, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(Object.keys(doc)).toEqual(['detections', 'summary']);
    for (const d of doc.detections) {
      expect(Object.keys(d)).toEqual(['ruleId', 'severity', 'eventId', 'eventName', 'eventTime', 'actor', 'sourceIp', 'resource', 'message']);
    }
    expect(doc.detections.map((d: any) => d.ruleId).sort()).toEqual(['console-login-no-mfa', 'mfa-removed', 'root-activity']);
    expect(doc.summary).toMatchObject({ events: 3, skipped: 1, errors: 0 });
  });

  it('takes several paths after one --events', async () => {
    const r = await cli(['detect', '--events', `${HANDBOOK}/eventbridge-envelope.json`, `${HANDBOOK}/111122223333_CloudTrail_us-east-1_20261110T0900Z_example.json.gz`, '--format', 'json']);
    expect(r.json().summary.events).toBe(3);
  });

  it('reports a malformed record with file and index, processes the rest, exits 2', async () => {
    const file = join(work, 'mixed.jsonl');
    const good = { eventVersion: '1.09', userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' }, eventTime: '2026-11-10T09:41:07Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', eventType: 'AwsApiCall', requestParameters: null, responseElements: { accessKey: { userName: 'root' } }, eventID: 'good-1', recipientAccountId: '111122223333', sourceIPAddress: '203.0.113.9' };
    await writeFile(file, [JSON.stringify({ ...good, eventID: 'bad-1', eventTime: 42 }), JSON.stringify(good)].join('\n'));
    const r = await cli(['detect', '--events', file, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/record 0/);
    const doc = r.json();
    expect(doc.summary).toMatchObject({ events: 1, errors: 1 });
    expect(doc.detections.map((d: any) => d.ruleId)).toContain('root-access-key-created');
  });

  it('exits 2 with one line for a missing path or no path', async () => {
    for (const args of [['detect'], ['detect', '--events', join(work, 'nope.json')]]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('prints a readable table', async () => {
    const r = await cli(['detect', '--events', HANDBOOK]);
    expect(r.stdout).toContain('3 event(s), 3 detection(s); 1 duplicate(s) skipped');
    expect(r.stdout).toContain('mfa-removed');
  });
});
