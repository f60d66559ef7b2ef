import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../shared/config/schema.js';
import { detectFromPaths } from '../../shared/detections/detect.js';
import { readEvents, recordsFromJson } from '../../shared/detections/read-events.js';
import { EventInputError } from '../../shared/errors.js';
import { consoleLogin, envelope, iamCall, iamUserConsole, logFile, root } from './records.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iam-sentinel-events-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: unknown, options: { gzip?: boolean; raw?: boolean } = {}): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  const text = options.raw ? String(content) : JSON.stringify(content);
  await writeFile(path, options.gzip ? gzipSync(text) : text);
  return path;
}

const jsonLines = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n';

const mfaOff = () => iamCall('DeactivateMFADevice', { userIdentity: iamUserConsole('quinn'), requestParameters: { userName: 'quinn', serialNumber: 'arn:aws:iam::111122223333:mfa/quinn' } });
const rootLogin = () => consoleLogin(root());
const listUsers = () => iamCall('ListUsers', { readOnly: true });

const ids = (records: readonly { eventID: string }[]) => records.map((r) => r.eventID);

describe('readEvents: formats', () => {
  it('reads a CloudTrail log file, plain and gzipped', async () => {
    const records = [rootLogin(), mfaOff()];
    const plain = await readEvents([await write('a.json', logFile(records))]);
    const gzipped = await readEvents([await write('b.json.gz', logFile(records), { gzip: true })]);
    expect(ids(plain.records)).toEqual(ids(records));
    expect(ids(gzipped.records)).toEqual(ids(records));
    expect(plain.errors).toEqual([]);
  });

  it('detects gzip by its magic bytes and JSON lines by content, whatever the extension says', async () => {
    const records = [rootLogin(), mfaOff()];
    const gzNamedJson = await readEvents([await write('c.json', logFile(records), { gzip: true })]);
    const linesNamedJson = await readEvents([await write('d.json', jsonLines(records), { raw: true })]);
    expect(ids(gzNamedJson.records)).toEqual(ids(records));
    expect(ids(linesNamedJson.records)).toEqual(ids(records));
  });

  it('reads single records, EventBridge envelopes (API call and console sign-in) and arrays of either', async () => {
    const [a, b, c] = [mfaOff(), rootLogin(), listUsers()];
    const read = await readEvents([
      await write('single.json', a),
      await write('envelope.json', envelope(b)),
      await write('array.json', [envelope(c), a]),
    ]);
    expect(ids(read.records)).toEqual([a.eventID, b.eventID, c.eventID, a.eventID]);
    expect(read.records[1].userIdentity.type).toBe('Root');
  });

  it('reads JSON lines of records and envelopes, .jsonl and gzipped .ndjson, skipping blank lines', async () => {
    const [a, b, c] = [mfaOff(), rootLogin(), listUsers()];
    const read = await readEvents([
      await write('events.jsonl', `${JSON.stringify(a)}\n\n${JSON.stringify(envelope(b))}\r\n`, { raw: true }),
      await write('more.ndjson.gz', jsonLines([c]), { gzip: true, raw: true }),
    ]);
    expect(ids(read.records)).toEqual([a.eventID, b.eventID, c.eventID]);
    expect(read.errors).toEqual([]);
  });

  it('keeps every field of a record as it came', async () => {
    const record = { ...listUsers(), tlsDetails: { tlsVersion: 'TLSv1.3' }, sharedEventID: 'x' };
    const read = await readEvents([await write('one.json', record)]);
    expect(read.records[0]).toEqual(record);
  });

  it('an empty file holds no events', async () => {
    expect(await readEvents([await write('empty.json', '', { raw: true })])).toMatchObject({ records: [], errors: [] });
  });
});

describe('readEvents: folders', () => {
  it('reads folders recursively, event files only, in name order', async () => {
    const [a, b, c] = [rootLogin(), mfaOff(), listUsers()];
    await write('2026/11/10/b.json.gz', logFile([b]), { gzip: true });
    await write('2026/11/09/a.json', logFile([a]));
    await write('2026/11/10/c.jsonl', jsonLines([c]), { raw: true });
    await write('README.md', '# not events', { raw: true });
    await write('2026/notes.txt', 'not events', { raw: true });
    const read = await readEvents([dir]);
    expect(ids(read.records)).toEqual([a.eventID, b.eventID, c.eventID]);
    expect(read.files.map((f) => f.slice(dir.length + 1))).toEqual(['2026/11/09/a.json', '2026/11/10/b.json.gz', '2026/11/10/c.jsonl']);
  });

  it('skips CloudTrail digest files and Insights events that share the log folders', async () => {
    await write('digest.json.gz', { awsAccountId: '111122223333', digestStartTime: '2026-11-10T09:00:00Z', digestEndTime: '2026-11-10T10:00:00Z', logFiles: [] }, { gzip: true });
    await write('insight.json', logFile([{ eventVersion: '1.07', eventTime: '2026-11-10T09:00:00Z', eventType: 'AwsCloudTrailInsight', eventID: 'i-1', insightDetails: {} }]));
    expect(await readEvents([dir])).toMatchObject({ records: [], errors: [] });
  });

  it('a path that does not exist is an input error', async () => {
    await expect(readEvents([join(dir, 'missing')])).rejects.toBeInstanceOf(EventInputError);
    await expect(readEvents([join(dir, 'missing')])).rejects.toThrow(/missing: no such file or folder/);
  });
});

describe('readEvents: malformed records', () => {
  it('reports a bad record in the middle of a log file with its index and field, and reads the rest', async () => {
    const bad = { ...mfaOff(), eventTime: 'yesterday' };
    const [a, c] = [rootLogin(), listUsers()];
    const path = await write('log.json', logFile([a, bad, c]));
    const read = await readEvents([path]);
    expect(ids(read.records)).toEqual([a.eventID, c.eventID]);
    expect(read.errors).toHaveLength(1);
    expect(read.errors[0]).toBeInstanceOf(EventInputError);
    expect(read.errors[0].message).toBe(`${path}: record 1 (Records[1].eventTime): expected an ISO 8601 UTC time`);
  });

  it('names the field inside an envelope, and a bad JSON line by its line number', async () => {
    const bad = { ...mfaOff(), userIdentity: { type: 7 } };
    const path = await write('events.jsonl', `${JSON.stringify(rootLogin())}\n{"eventID": \n${JSON.stringify(envelope(bad as never))}\n${JSON.stringify(listUsers())}\n`, { raw: true });
    const read = await readEvents([path]);
    expect(read.records).toHaveLength(2);
    expect(read.errors.map((e) => e.where)).toEqual(['record 1 (line 2)', 'record 2 (line 3, detail.userIdentity.type)']);
  });

  it('rejects EventBridge events that are not CloudTrail, and values that are not objects', () => {
    const scheduled = { version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };
    const batch = recordsFromJson([scheduled, 42, listUsers()], 'lambda-event');
    expect(batch.records).toHaveLength(1);
    expect(batch.errors.map((e) => e.message)).toEqual([
      'lambda-event: record 0 ([0].detail-type): expected an EventBridge event from CloudTrail ("AWS API Call via CloudTrail", …), got "Scheduled Event"',
      'lambda-event: record 1 ([1]): expected a CloudTrail record, log file or EventBridge event (an object)',
    ]);
  });

  it('reports a file that is not JSON (with its line and column where Node gives a position) and keeps reading other files', async () => {
    const broken = await write('broken.json', '{\n  "Records": [\n    {"eventID": }\n  ]\n}', { raw: true });
    const good = await write('good.json', logFile([listUsers()]));
    const read = await readEvents([broken, good]);
    expect(read.records).toHaveLength(1);
    expect(read.errors).toHaveLength(1);
    expect(read.errors[0].file).toBe(broken);
    // Node reports a position for some syntax errors only; the message then quotes the bad text.
    expect(read.errors[0].message).toMatch(/expected JSON or JSON lines \(.*(Unexpected token|Expected)/);
    expect(read.errors[0].where).toMatch(/^(line 3, column \d+)?$/);
  });

  it('locates a syntax error by line and column when the parser gives its position', async () => {
    const path = await write('trailing.json', '{\n  "Records": []\n}\n]\n', { raw: true });
    const read = await readEvents([path]);
    expect(read.errors.map((e) => e.where)).toEqual(['line 4, column 1']);
  });

  it('reports corrupt gzip data', async () => {
    const path = join(dir, 'bad.json.gz');
    await writeFile(path, Buffer.concat([gzipSync('{"Records": []}').subarray(0, 12), Buffer.from('garbage')]));
    const read = await readEvents([path]);
    expect(read.errors[0].message).toMatch(/expected gzip data/);
  });
});

describe('detectFromPaths', () => {
  it('dedupes the same event in a log file and an EventBridge envelope, and counts malformed records', async () => {
    const login = rootLogin();
    await write('log.json.gz', logFile([login, { ...mfaOff(), eventID: '' }]), { gzip: true });
    await write('envelope.json', envelope(login));
    const result = await detectFromPaths([dir], defaultConfig);
    expect(result.detections.map((d) => d.ruleId)).toEqual(['console-login-no-mfa', 'root-activity']);
    expect(result.summary).toEqual({ events: 1, skipped: 1, errors: 1, failedConsoleLogins: 0 });
    expect(result.inputErrors[0].where).toBe('record 1 (Records[1].eventID)');
  });
});
