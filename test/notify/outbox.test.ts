import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleSink } from '../../shared/notify/console.js';
import { outboxPath, outboxSink, readOutbox } from '../../shared/notify/outbox.js';
import { sampleNotification } from './fixtures.js';

describe('outbox sink', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'iam-sentinel-outbox-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('appends one JSON line per notification, creating the data folder', async () => {
    const dataDir = join(tmp, 'not', 'there', 'yet');
    const sink = outboxSink(dataDir);
    const first = sampleNotification();
    const second = sampleNotification({ id: 'digest|run-1', kind: 'digest', body: 'line one\nline two\n' });
    await sink.send(first);
    await sink.send(second);

    expect(outboxPath(dataDir)).toBe(join(dataDir, 'outbox.jsonl'));
    const lines = (await readFile(outboxPath(dataDir), 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0])).toEqual(first);
    expect(JSON.parse(lines[1])).toEqual(second);
    expect(await readOutbox(dataDir)).toEqual([first, second]);
  });

  it('reads an outbox that does not exist yet as empty', async () => {
    expect(await readOutbox(join(tmp, 'nothing'))).toEqual([]);
  });
});

describe('console sink', () => {
  it('writes a readable block: subject, then the body', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const n = sampleNotification({ body: 'What: Root access key used\nWhere: account 111122223333\n' });
    await consoleSink(stream).send(n);
    const text = chunks.join('');
    const lines = text.split('\n');
    expect(lines[1]).toBe(n.subject);
    expect(text).toContain('What: Root access key used\nWhere: account 111122223333\n');
    expect(text.indexOf(n.subject)).toBeLessThan(text.indexOf('What:'));
  });
});
