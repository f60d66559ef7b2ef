/**
 * "Every notification exactly once, whatever happens" (design.md), end to
 * end with real processes on one data dir: runs at once share the one
 * DynamoDB Local the data dir's lock names and send what a single clean run
 * sends; a run killed outright (SIGKILL, at each step of applying and
 * delivering: IAM_SENTINEL_CRASH_AT) and then run again sends exactly what
 * the killed run owed. Outbox lines are counted; nothing here is timed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Processes of their own, on a 2-core machine: each takes seconds, and correctness, not speed, is checked.
vi.setConfig({ testTimeout: 90_000 });
import type { CrashStep } from '../../shared/crash-points.js';
import { readOutbox } from '../../shared/notify/outbox.js';
import { DynamoFindingStore, localEndpointOptions } from '../../shared/store/dynamodb.js';
import { createStore } from '../../shared/store/index.js';
import { LOCK_FILE } from '../../shared/store/local.js';
import { cli } from './run-cli.js';
import { spawnCli } from './spawn-cli.js';

const SNAPSHOT = 'examples/demo-account';
const EVENTS = 'examples/demo-events';
const NOW = '2026-11-20T12:00:00Z';

let dataDir: string;
let foldAll: string;
let keepAlive: DynamoFindingStore | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'exactly-once-'));
  foldAll = join(dataDir, 'fold-all.json');
  await writeFile(foldAll, JSON.stringify({ notify: { maxAlertsPerRun: 5 } }));
});

afterAll(async () => {
  await keepAlive?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const store = (table: string) => ['--store', 'local', '--data-dir', dataDir, '--table', table, '--notify', 'outbox'];
const scanArgs = (table: string, extra: string[] = []) => ['scan', '--snapshot', SNAPSHOT, '--now', NOW, '--replay', ...store(table), ...extra];
const detectArgs = (table: string) => ['detect', '--events', EVENTS, '--replay', ...store(table)];

/** The outbox lines a step adds (every test shares the data dir's outbox). */
async function added(step: () => Promise<unknown>): Promise<{ id: string; kind: string; data: Record<string, unknown> }[]> {
  const before = (await readOutbox(dataDir)).length;
  await step();
  return (await readOutbox(dataDir)).slice(before) as never;
}

/** DynamoDB Local JVMs serving the data dir right now (Linux: from /proc). */
function jvmsServingDataDir(): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  return pids.filter((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.includes('DynamoDBLocal') && cmdline.includes(dataDir);
    } catch {
      return false;
    }
  }).length;
}

/** The table's store, on the instance the lock names. */
function tableStore(table: string): DynamoFindingStore {
  const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { endpoint: string };
  return new DynamoFindingStore({ tableName: table, ...localEndpointOptions(lock.endpoint) });
}

let clean: { scan: number; detect: number; foldedScan: number };

describe('runs at once on one data dir', () => {
  it('two scans started at once in separate processes start one DynamoDB Local, and send what one scan sends', async () => {
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, jvmsServingDataDir() ?? 0)), 100);
    const lines = await added(async () => {
      const results = await Promise.all([spawnCli(scanArgs('two-scans')), spawnCli(scanArgs('two-scans'))]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
    });
    // Keep the instance up for the rest of the file (this process joins it through the lock).
    keepAlive = await createStore({ kind: 'local', dataDir, tableName: 'keep-alive' });
    clearInterval(sampler);
    if (jvmsServingDataDir() !== null) expect(most).toBe(1);

    // What one scan alone sends, on a table of its own.
    const alone = await added(() => cli(scanArgs('one-scan')));
    clean = { scan: alone.length, detect: 0, foldedScan: 0 };
    expect(alone.filter((n) => n.kind === 'digest')).toHaveLength(1);
    expect(lines).toHaveLength(alone.length);
    expect(new Set(lines.map((n) => n.id)).size).toBe(lines.length);
    expect(lines.filter((n) => n.kind === 'digest')).toHaveLength(1);

    const history = await tableStore('two-scans').queryHistory({});
    expect(history.length).toBe(await tableStore('one-scan').queryHistory({}).then((h) => h.length));
    expect(new Set(history.map((h) => `${h.findingId} ${h.change}`)).size).toBe(history.length);
  }, 180_000);

  it('three detects at once store and alert each detection once', async () => {
    clean.detect = (await added(() => cli(detectArgs('one-detect')))).length;
    expect(clean.detect).toBeGreaterThan(0);
    const lines = await added(async () => {
      const results = await Promise.all([spawnCli(detectArgs('three-detects')), spawnCli(detectArgs('three-detects')), spawnCli(detectArgs('three-detects'))]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
    });
    expect(lines).toHaveLength(clean.detect);
    expect(new Set(lines.map((n) => n.id)).size).toBe(lines.length);
    expect(await tableStore('three-detects').queryDetections({})).toHaveLength((await tableStore('one-detect').queryDetections({})).length);
  });

  it('a scan and a detect at once send what each sends alone', async () => {
    const lines = await added(async () => {
      const results = await Promise.all([cli(scanArgs('scan-and-detect')), cli(detectArgs('scan-and-detect'))]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
    });
    expect(lines).toHaveLength(clean.scan + clean.detect);
    expect(new Set(lines.map((n) => n.id)).size).toBe(lines.length);
  });
});

/** Runs a scan killed at `step`, then the same scan again; what both sent together. */
async function crashThenRerun(step: CrashStep, table: string, extra: string[] = []) {
  const crashed = await spawnCli(scanArgs(table, extra), { IAM_SENTINEL_CRASH_AT: step });
  expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
  let rerun: Awaited<ReturnType<typeof cli>> | undefined;
  const lines = await added(async () => {
    rerun = await cli(scanArgs(table, extra));
  });
  expect(rerun!.code, rerun!.stderr).toBe(0);
  return { lines, rerun: rerun! };
}

describe('a run killed outright, then run again', () => {
  it('a clean scan that folds its alerts (notify.maxAlertsPerRun 5) sends its digest alone', async () => {
    const lines = await added(() => cli(scanArgs('folded-clean', ['--config', foldAll])));
    expect(lines.map((n) => n.kind)).toEqual(['digest']);
    expect(Number(lines[0].data.foldedAlerts)).toBeGreaterThan(5);
    clean.foldedScan = Number(lines[0].data.foldedAlerts);
  });

  // The demo account's first scan is larger than one transaction: it goes through the journal (shared/store/apply.ts).
  const APPLY_STEPS = ['apply:leased', 'apply:journaled', 'apply:planned', 'apply:chunk', 'apply:applied', 'apply:committed'] as const;
  const crashTable = (step: CrashStep) => `crash-${step.replace(':', '-')}`;
  let killed: Promise<Map<CrashStep, Awaited<ReturnType<typeof spawnCli>>>>;

  it('kills a scan at each step of applying it (processes of their own, on tables of their own, all at once: none gets to deliver)', async () => {
    killed = Promise.all(APPLY_STEPS.map(async (step) => [step, await spawnCli(scanArgs(crashTable(step), ['--config', foldAll]), { IAM_SENTINEL_CRASH_AT: step })] as const)).then(
      (pairs) => new Map(pairs),
    );
    const lines = await added(() => killed);
    expect(lines).toEqual([]);
    for (const [step, result] of await killed) expect(result.signal, `${step}: ${result.stderr}`).toBe('SIGKILL');
  });

  it.each(APPLY_STEPS)('killed at %s: the rerun sends the one digest the killed run owed, and history has each change once', async (step) => {
    const table = crashTable(step);
    let rerun: Awaited<ReturnType<typeof cli>> | undefined;
    const lines = await added(async () => {
      rerun = await cli(scanArgs(table, ['--config', foldAll]));
    });
    expect(rerun!.code, rerun!.stderr).toBe(0);
    expect(lines.map((n) => n.kind)).toEqual(['digest']);
    expect(Number(lines[0].data.foldedAlerts)).toBe(clean.foldedScan);
    if (['apply:planned', 'apply:chunk', 'apply:applied'].includes(step)) expect(rerun!.stderr).toContain('half-applied');

    const history = await tableStore(table).queryHistory({});
    expect(history.length).toBe((await tableStore('folded-clean').queryHistory({})).length);
    expect(new Set(history.map((h) => `${h.findingId} ${h.change}`)).size).toBe(history.length);
  });

  it('killed once a notification is claimed: the rerun takes the claim over at once and sends everything once', async () => {
    const { lines } = await crashThenRerun('deliver:claimed', 'crash-deliver-claimed');
    expect(lines).toHaveLength(clean.scan);
    expect(new Set(lines.map((n) => n.id)).size).toBe(clean.scan);
  });

  it('killed once a notification is recorded as sent: nothing is sent twice', async () => {
    const before = (await readOutbox(dataDir)).length;
    const { lines } = await crashThenRerun('deliver:marked', 'crash-deliver-marked');
    const all = (await readOutbox(dataDir)).slice(before);
    expect(all).toHaveLength(clean.scan);
    expect(lines).toHaveLength(clean.scan - 1);
  });

  it('killed between a send and its record (the one window, README "Exactly once"): that notification alone goes out twice', async () => {
    const before = (await readOutbox(dataDir)).length;
    await crashThenRerun('deliver:sent', 'crash-deliver-sent');
    const all = (await readOutbox(dataDir)).slice(before);
    expect(all).toHaveLength(clean.scan + 1);
    expect(new Set(all.map((n) => n.id)).size).toBe(clean.scan);
  });
});
