/**
 * What keeps one wrong value from doing lasting harm: a store-writing run
 * dated far past the clock is refused (unless --replay), and a reading
 * command on a data dir without a store says so instead of reporting a
 * clean account. Uses the test run's DynamoDB Local as an "aws" table
 * where a store is written, so no extra JVM starts.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../shared/store/local.js';
import { cli } from './run-cli.js';

const SNAPSHOT = 'test/fixtures/handbook-snapshot';
const TABLE = 'cli-guards-test';
const FUTURE = '2062-01-01T00:00:00Z';

let work: string;
const saved = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  delete process.env.AWS_PROFILE;
  await ensureTable(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }), TABLE);
  work = await mkdtemp(join(tmpdir(), 'cli-guards-'));
});
afterAll(async () => {
  process.env = saved;
  await rm(work, { recursive: true, force: true });
});

const aws = ['--store', 'aws', '--table', TABLE];

describe('an evaluation time more than a day past the clock', () => {
  it('is refused by a scan that writes to a store: exit 2, one line, before anything is opened or collected', async () => {
    const dataDir = join(work, 'never-created');
    const r = await cli(['scan', '--snapshot', SNAPSHOT, '--now', FUTURE, '--store', 'local', '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^iam-sentinel: scan: --now 2062-01-01T00:00:00\.000Z is more than a day past the clock \(.+\): a run that writes to the store refuses it, .*pass --replay/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('is fine without a store (looking at any time harms nothing), and with --replay (replaying history on purpose)', async () => {
    expect((await cli(['scan', '--snapshot', SNAPSHOT, '--now', FUTURE, '--format', 'json'])).code).toBe(0);
    const replayed = await cli(['scan', '--snapshot', SNAPSHOT, '--now', FUTURE, '--format', 'json', '--replay', ...aws]);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.json().evaluatedAt).toBe('2062-01-01T00:00:00.000Z');
  });

  it('in event files: detect with a store refuses those events (one line each, exit 2) and stores the rest; --replay stores them', async () => {
    const log = JSON.parse(gunzipSync(await readFile('test/fixtures/handbook-cloudtrail/111122223333_CloudTrail_us-east-1_20261110T0900Z_example.json.gz')).toString()) as {
      Records: { eventTime: string; eventID: string }[];
    };
    const [typo, ...rest] = log.Records;
    const file = join(work, 'events.json');
    await writeFile(file, JSON.stringify({ Records: [{ ...typo, eventTime: FUTURE, eventID: 'typo-event' }, ...rest] }));
    const detect = (extra: string[]) => cli(['detect', '--events', file, '--format', 'json', '--table', 'detect-guard', ...aws.slice(0, 2), ...extra]);
    await ensureTable(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }), 'detect-guard');

    const refused = await detect([]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^iam-sentinel: event typo-event \(ConsoleLogin\): eventTime 2062-01-01T00:00:00Z is more than a day past the clock .*not stored \(pass --replay to replay history\)$/m);
    expect(refused.json().detections.map((d: { eventId: string }) => d.eventId)).not.toContain('typo-event');

    const replayed = await detect(['--replay']);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.json().detections.map((d: { eventId: string }) => d.eventId)).toContain('typo-event');
  });
});

describe('a data dir that holds no store', () => {
  it.each([
    ['findings', []],
    ['history', []],
    ['report', ['--html', 'never.html']],
  ])('%s says so, exits 2 and creates nothing (a mistyped --data-dir is not a clean account)', async (command, extra) => {
    const dataDir = join(work, `typo-${command}`);
    const r = await cli([command, '--data-dir', dataDir, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`iam-sentinel: ${dataDir}: no finding store here (a scan or detect with --store local writes one): check --data-dir\n`);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a corrupt store is named as such, not "InternalFailure: unknown error"', async () => {
    const dataDir = join(work, 'corrupt');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'shared-local-instance.db'), 'these bytes are no SQLite database');
    const r = await cli(['findings', '--data-dir', dataDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `iam-sentinel: ${join(dataDir, 'shared-local-instance.db')}: expected a DynamoDB Local database (an SQLite file): this one is corrupt or not a store; move it away to start a new store\n`,
    );
  });

  it('a store whose database is damaged inside is named with what DynamoDB Local logged, not "InternalFailure: unknown error"', async () => {
    const dataDir = join(work, 'damaged');
    await mkdir(dataDir);
    // A valid header, garbage after it: only DynamoDB Local, reading it, can tell.
    await writeFile(join(dataDir, 'shared-local-instance.db'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4096, 0xff)]));
    const r = await cli(['findings', '--data-dir', dataDir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`iam-sentinel: findings failed: LocalStoreError: the store in ${dataDir} failed (DescribeTable: InternalFailure): its database file (shared-local-instance.db) is corrupt; DynamoDB Local's log (dynamodb-local.log) says: `);
  }, 90_000);
});
