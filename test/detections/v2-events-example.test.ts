/**
 * The handbook's worked example for the second set of rules
 * (../shared/examples/v2-events, copied to test/fixtures/v2-events): detect
 * over its records gives exactly the expected [ruleId, eventId] pairs, none
 * of the near misses, each once, whatever order the records come in.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/load.js';
import { detect } from '../../shared/detections/detect.js';
import { readEvents } from '../../shared/detections/read-events.js';
import { cli } from '../cli/run-cli.js';

const DIR = 'test/fixtures/v2-events';

interface Expected {
  readonly expected: [string, string][];
  readonly mustNot: [string, string][];
}

describe('v2-events example', () => {
  it('detect --events events.jsonl --config config.json --format json gives exactly the expected pairs', async () => {
    const { expected, mustNot } = JSON.parse(await readFile(join(DIR, 'expected.json'), 'utf8')) as Expected;
    const r = await cli(['detect', '--events', join(DIR, 'events.jsonl'), '--config', join(DIR, 'config.json'), '--format', 'json']);
    expect(r.code).toBe(0);
    const pairs = (r.json().detections as { ruleId: string; eventId: string }[]).map((d) => [d.ruleId, d.eventId]);
    expect([...pairs].sort()).toEqual([...expected].sort());
    for (const pair of mustNot) expect(pairs).not.toContainEqual(pair);
    expect(r.json().summary).toMatchObject({ events: 27, skipped: 1, errors: 0 });
  });

  it('gives the same detections with the records reversed or shuffled', async () => {
    const config = parseConfig(await readFile(join(DIR, 'config.json'), 'utf8'), 'config.json');
    const { records } = await readEvents([join(DIR, 'events.jsonl')]);
    const key = (rs: typeof records) => detect(rs, config).detections.map((d) => `${d.ruleId} ${d.eventId}`).sort();
    const expected = key(records);
    expect(key([...records].reverse())).toEqual(expected);
    // A fixed interleaving: odd lines first, then even ones.
    expect(key([...records.filter((_, i) => i % 2 === 1), ...records.filter((_, i) => i % 2 === 0)])).toEqual(expected);
  });

  it('prints the bursts with their count and window in the table', async () => {
    const r = await cli(['detect', '--events', join(DIR, 'events.jsonl'), '--config', join(DIR, 'config.json')]);
    expect(r.stdout).toContain('3 failed console sign-ins for IAM user quinn within 10 minutes');
    expect(r.stdout).toContain('4 distinct user names failed to sign in to the console from 203.0.113.200 within 30 minutes');
  });
});
