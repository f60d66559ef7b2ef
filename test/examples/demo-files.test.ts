/**
 * The example files parse cleanly in every format they use. What they must
 * produce (findings, detections) is asserted from the tables in their
 * README files by the scan and detect tests.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../shared/detections/read-events.js';
import { readSnapshotFolder } from '../../shared/snapshot/folder.js';
import { SNAPSHOT_FILES } from '../../shared/snapshot/types.js';

const examples = join(import.meta.dirname, '..', '..', 'examples');

describe('demo snapshots', () => {
  it.each(['demo-account', 'demo-account-remediated'])('%s has every snapshot file and reads without errors or gaps', async (name) => {
    const dir = join(examples, name);
    const files = await readdir(dir);
    for (const file of Object.values(SNAPSHOT_FILES)) expect(files).toContain(file);
    const { snapshot, errors } = await readSnapshotFolder(dir);
    expect(errors).toEqual([]);
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.accountId).toBe('123456789012');
  });

  it('demo-account-partial lacks only trails.json', async () => {
    const { snapshot, errors } = await readSnapshotFolder(join(examples, 'demo-account-partial'));
    expect(errors).toEqual([]);
    expect(snapshot.gaps.map((g) => g.input)).toEqual(['trails']);
  });

  it('the demo mixes URL-encoded and JSON-object policy documents', async () => {
    const { raw } = await readSnapshotFolder(join(examples, 'demo-account'));
    const documents = raw.authorizationDetails!.Policies.flatMap((p) => p.PolicyVersionList ?? []).map((v) => v.Document);
    expect(documents.some((d) => typeof d === 'string')).toBe(true);
    expect(documents.some((d) => typeof d === 'object')).toBe(true);
  });
});

describe('demo events', () => {
  it('read without errors from the gzipped log files, envelopes and JSON lines', async () => {
    const read = await readEvents([join(examples, 'demo-events')]);
    expect(read.errors).toEqual([]);
    const kinds = new Set(read.files.map((f) => f.replace(/^.*?(\.json\.gz|\.jsonl|\.json)$/, '$1')));
    expect(kinds).toEqual(new Set(['.json.gz', '.json', '.jsonl']));
    // 104 distinct events; one of them is delivered twice (log file and EventBridge envelope).
    expect(read.records).toHaveLength(105);
    expect(new Set(read.records.map((r) => r.eventID)).size).toBe(104);
  });

  it('fall in November 2026, before the demo evaluation time', async () => {
    const { records } = await readEvents([join(examples, 'demo-events')]);
    for (const r of records) {
      expect(r.eventTime >= '2026-11-01T00:00:00Z' && r.eventTime < '2026-11-20T00:00:00Z').toBe(true);
      expect(r.recipientAccountId).toBe('123456789012');
    }
  });
});
