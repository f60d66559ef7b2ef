/**
 * The store-backed commands end to end: scan → changed scan → first scan
 * again gives opened → resolved → reopened exactly for what changed; the
 * outbox gets one notification per new problem; findings/history answer
 * from the store. Uses the test run's DynamoDB Local as an "aws" table
 * (AWS_ENDPOINT_URL_DYNAMODB), so no extra JVM starts.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../shared/store/local.js';
import { cli } from './run-cli.js';

const SNAPSHOT = 'test/fixtures/handbook-snapshot';
const TABLE = 'cli-store-test';
const QUINN = 'arn:aws:iam::111122223333:user/quinn';

describe('scan --store, findings, history', () => {
  let work: string;
  let fixed: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    });
    delete process.env.AWS_PROFILE;
    await ensureTable(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }), TABLE);
    work = await mkdtemp(join(tmpdir(), 'store-cli-'));
    // The "changed" account: quinn enabled MFA and rotated the key.
    fixed = join(work, 'fixed');
    await cp(SNAPSHOT, fixed, { recursive: true });
    const csv = await readFile(join(fixed, 'credential-report.csv'), 'utf8');
    await writeFile(
      join(fixed, 'credential-report.csv'),
      csv.replace(/^(quinn,.*?),false,true,2026-06-04T00:00:00\+00:00/m, '$1,true,true,2026-10-20T00:00:00+00:00'),
    );
  });
  afterAll(async () => {
    process.env = saved;
    await rm(work, { recursive: true, force: true });
  });

  const store = () => ['--store', 'aws', '--table', TABLE, '--data-dir', work];

  it('records opened → resolved → reopened for exactly what changed, and notifies once per new problem', async () => {
    // --replay: these are November 2026 on purpose, whatever the clock says.
    const scan = (dir: string, now: string) => cli(['scan', '--snapshot', dir, '--now', now, '--replay', '--notify', 'outbox', '--format', 'json', ...store()]);
    expect((await scan(SNAPSHOT, '2026-11-01T00:00:00Z')).code).toBe(0);
    const again = await scan(SNAPSHOT, '2026-11-02T00:00:00Z');
    expect(again.stderr).toContain('0 opened, 0 reopened, 0 resolved');
    expect((await scan(fixed, '2026-11-03T00:00:00Z')).code).toBe(0);
    expect((await scan(SNAPSHOT, '2026-11-04T00:00:00Z')).code).toBe(0);

    const history = (await cli(['history', '--format', 'json', ...store()])).json().events;
    const quinn = history.filter((e: any) => e.resource === QUINN && ['user-console-no-mfa', 'access-key-age'].includes(e.checkId));
    expect(quinn.map((e: any) => `${e.checkId} ${e.change} ${e.at.slice(0, 10)}`)).toEqual([
      'access-key-age opened 2026-11-01',
      'user-console-no-mfa opened 2026-11-01',
      'access-key-age resolved 2026-11-03',
      'user-console-no-mfa resolved 2026-11-03',
      'access-key-age reopened 2026-11-04',
      'user-console-no-mfa reopened 2026-11-04',
    ]);
    // Nothing else changed: every other finding has exactly one row, its opening.
    const others = history.filter((e: any) => !quinn.includes(e));
    expect(others.every((e: any) => e.change === 'opened' && e.at.startsWith('2026-11-01'))).toBe(true);
    expect(history.map((e: any) => e.at)).toEqual([...history.map((e: any) => e.at)].sort());

    const outbox = (await readFile(join(work, 'outbox.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const alerts = outbox.filter((n) => n.kind === 'finding').map((n) => `${n.checkId} ${n.createdAt.slice(0, 10)}`);
    // credential-age and MFA alarms always alert; the second identical scan sent nothing.
    expect(alerts.filter((a) => a.endsWith('2026-11-02'))).toEqual([]);
    expect(alerts.filter((a) => a.startsWith('user-console-no-mfa'))).toEqual(['user-console-no-mfa 2026-11-01', 'user-console-no-mfa 2026-11-04']);
    expect(new Set(outbox.map((n) => n.id)).size).toBe(outbox.length);
  });

  it('answers findings queries from the store in the design.md shape', async () => {
    const open = (await cli(['findings', '--format', 'json', ...store()])).json().findings;
    expect(open.length).toBe(8);
    for (const f of open) expect(Object.keys(f)).toEqual(['findingId', 'checkId', 'resource', 'severity', 'status', 'firstSeen', 'lastSeen', 'resolvedAt']);
    const high = (await cli(['findings', '--severity', 'high', '--format', 'json', ...store()])).json().findings;
    expect(high.map((f: any) => f.checkId)).toEqual(['user-console-no-mfa']);
    const byResource = (await cli(['findings', '--resource', QUINN, '--format', 'json', ...store()])).json().findings;
    expect(byResource.map((f: any) => f.checkId).sort()).toEqual(['access-key-age', 'password-age', 'user-console-no-mfa']);
    const window = (await cli(['history', '--since', '2026-11-03T00:00:00Z', '--until', '2026-11-03T23:59:59Z', '--format', 'json', ...store()])).json().events;
    expect(window.every((e: any) => e.change === 'resolved')).toBe(true);
    expect(window).toHaveLength(2);
  });

  it('refuses --store none for store commands', async () => {
    const r = await cli(['findings', '--store', 'none']);
    expect(r.code).toBe(2);
  });
});
