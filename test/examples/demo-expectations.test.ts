/**
 * The demo data does exactly what its READMEs say: the tables in
 * examples/<demo>/README.md are the expectations, parsed here, so the
 * documentation and the engine can never drift apart.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_CHECKS, CHECKS } from '../../shared/checks/index.js';
import { loadConfig } from '../../shared/config/load.js';
import { detectFromPaths } from '../../shared/detections/detect.js';
import { evaluate } from '../../shared/engine/evaluate.js';
import { readSnapshotFolder } from '../../shared/snapshot/folder.js';

const ACCOUNT = '123456789012';
const CONFIG = 'examples/iam-sentinel.config.json';

function expand(resource: string): string {
  if (resource.startsWith('arn:')) return resource;
  if (resource === 'root') return `arn:aws:iam::${ACCOUNT}:root`;
  return `arn:aws:iam::${ACCOUNT}:${resource}`;
}

/** Rows of the first markdown table after `heading`, as arrays of cells with backticks removed. */
function table(readme: string, heading: RegExp): string[][] {
  const lines = readFileSync(readme, 'utf8').split('\n');
  let i = lines.findIndex((l) => heading.test(l));
  expect(i, `${readme}: heading ${heading}`).toBeGreaterThanOrEqual(0);
  while (!lines[i].startsWith('|')) i++;
  const rows: string[][] = [];
  for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(lines[i].slice(1, -1).split(' | ').map((c) => c.trim().replace(/^`|`$/g, '')));
  }
  return rows;
}

async function findingKeys(dir: string, now: string): Promise<string[]> {
  const { snapshot, errors } = await readSnapshotFolder(dir);
  expect(errors).toEqual([]);
  const e = evaluate(snapshot, CHECKS, await loadConfig(CONFIG), new Date(now));
  return e.findings.map((f) => `${f.checkId} ${f.resource}`).sort();
}

describe('examples/demo-account', () => {
  it('gives exactly the README table, and trips every check but the documented twins', async () => {
    const expected = table('examples/demo-account/README.md', /^## Expected findings/).map(([id, res]) => `${id} ${expand(res)}`).sort();
    const actual = await findingKeys('examples/demo-account', '2026-11-20T12:00:00Z');
    expect(actual).toEqual(expected);
    const remediated = await findingKeys('examples/demo-account-remediated', '2026-12-18T12:00:00Z');
    const partial = await findingKeys('examples/demo-account-partial', '2026-11-20T12:00:00Z');
    const fired = new Set([...actual, ...remediated, ...partial].map((k) => k.split(' ')[0]));
    // The organization checks need a management account's organization inputs; test/checks/sso-*.test.ts and the organization tests trip them.
    const accountChecks = ACCOUNT_CHECKS;
    expect(accountChecks.map((c) => c.id).filter((id) => !fired.has(id))).toEqual([]);
  });
});

describe('examples/demo-account-remediated', () => {
  it('gives exactly the README full list, with the opened and resolved tables consistent', async () => {
    const readme = 'examples/demo-account-remediated/README.md';
    const expected = table(readme, /^Full list of the/).map(([id, res]) => `${id} ${expand(res)}`).sort();
    expect(await findingKeys('examples/demo-account-remediated', '2026-12-18T12:00:00Z')).toEqual(expected);
    const before = new Set(table('examples/demo-account/README.md', /^## Expected findings/).map(([id, res]) => `${id} ${expand(res)}`));
    const after = new Set(expected);
    const resolved = table(readme, /^## Resolved/).map(([id, res]) => `${id} ${expand(res)}`).sort();
    const opened = table(readme, /^## Opened/).map(([id, res]) => `${id} ${expand(res)}`).sort();
    expect(resolved).toEqual([...before].filter((k) => !after.has(k)).sort());
    expect(opened).toEqual([...after].filter((k) => !before.has(k)).sort());
  });
});

describe('examples/demo-account-partial', () => {
  it('reports the missing trails as a collection gap and skips only the trail checks', async () => {
    const { snapshot } = await readSnapshotFolder('examples/demo-account-partial');
    const e = evaluate(snapshot, CHECKS, await loadConfig(CONFIG), new Date('2026-11-20T12:00:00Z'));
    expect(e.skippedChecks.map((s) => s.checkId).sort()).toEqual(['cloudtrail-log-validation', 'cloudtrail-multi-region']);
    expect(e.findings.filter((f) => f.checkId === 'collection-gap').map((f) => f.details.input)).toEqual(['trails']);
  });
});

describe('examples/demo-events', () => {
  it('gives exactly the README detections, once per event, covering every rule', async () => {
    const expected = table('examples/demo-events/README.md', /^## Expected detections/).map(([ruleId, eventName, , , eventId]) => `${ruleId} ${eventName} ${eventId}`).sort();
    const result = await detectFromPaths(['examples/demo-events'], await loadConfig(CONFIG));
    expect(result.inputErrors).toEqual([]);
    expect(result.detections.map((d) => `${d.ruleId} ${d.eventName} ${d.eventId}`).sort()).toEqual(expected);
    expect(result.summary.skipped).toBeGreaterThan(0);
    const { DETECTION_RULES } = await import('../../shared/detections/index.js');
    expect(DETECTION_RULES.map((r) => r.id).filter((id) => !result.detections.some((d) => d.ruleId === id))).toEqual([]);
  });
});
