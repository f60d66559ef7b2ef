/**
 * Smoke test of the benchmark harness at tiny sizes: every measurement runs
 * and reports figures of the right shape. Times are never asserted (they
 * say nothing at this size); counts that are properties of the code are.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { perUserApproachCalls } from '../../bench/api-calls.js';
import { measureBundle } from '../../bench/bundles.js';
import { formatMarkdown, formatTable } from '../../bench/report.js';
import { runBenchmarks, type BenchResults } from '../../bench/suite.js';

/** A zip archive of deflated files (CRCs left zero: the reader does not check them). */
function zipOf(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = deflateRawSync(Buffer.from(content));
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(content.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const workDirs: string[] = [];
afterAll(async () => {
  for (const dir of workDirs) await rm(dir, { recursive: true, force: true });
});

describe('benchmark harness', () => {
  let results: BenchResults;

  it('runs every measurement on tiny accounts and judges the targets', { timeout: 120_000 }, async () => {
    const log: string[] = [];
    results = await runBenchmarks(
      {
        small: { users: 12, policies: 20 },
        large: { users: 30, policies: 20 },
        steadyState: 'large',
        events: 300,
        rounds: { evaluation: 2, peakRss: 1, detection: 2, bundleImport: 1 },
        bundles: null,
        dynamoEndpoint: inject('dynamoEndpoint'),
        organization: { accounts: 3, users: 10, concurrency: [1, 3], latencyMs: 1, assumeRoleMs: 1, oneAccountRounds: 1 },
      },
      (line) => log.push(line),
    );

    expect(Object.keys(results.accounts)).toEqual(['12', '30']);
    expect(results.accounts['30']).toMatchObject({ users: 30, roles: 30, policies: 20 });
    expect(results.accounts['30'].snapshotBytes).toBeGreaterThan(0);

    // One page of everything, and the credential report generated once (STARTED, then COMPLETE).
    expect(results.details.apiCallsByOperation10k).toMatchObject({ GenerateCredentialReport: 2, GetCredentialReport: 1, GetAccountAuthorizationDetails: 1, ListVirtualMFADevices: 1 });
    expect(results.apiCallsFullAudit10k).toBe(Object.values(results.details.apiCallsByOperation10k).reduce((a, b) => a + b, 0));
    expect(results.perUserApproachCalls10k).toBe(perUserApproachCalls(30, 30).total);

    expect(results.details.evaluation.evalMsRuns).toHaveLength(2);
    expect(results.details.findings10k).toBeGreaterThan(0);
    expect(results.peakRssMb10k).toBeGreaterThan(0);
    expect(results.details.detection.records).toBe(300);
    expect(results.detectEventsPerSec).toBeGreaterThan(0);
    expect(results.jsonParseEventsPerSec).toBeGreaterThan(0);

    // A property of the store, not a timing: an unchanged rescan writes no history.
    expect(results.firstScanWrites).toBe(results.details.steadyState.findings);
    expect(results.steadyStateHistoryWrites).toBe(0);

    // scan --org over the emulated organization: every account, at each concurrency, the same calls each.
    expect(results.organization?.runs.map((r) => [r.concurrency, r.scanned])).toEqual([
      [1, 3],
      [3, 3],
    ]);
    expect(results.organization?.callsPerAccount).toMatchObject({ min: 14, max: 14, byOperation: { GenerateCredentialReport: 2, GetAccountAuthorizationDetails: 1 } });

    expect(results.bundles).toBeNull();
    expect(results.targets.find((t) => t.id === 'steady-state-history')?.met).toBe(true);
    expect(results.targets.find((t) => t.id === 'zip-size')?.met).toBeNull();
    expect(log.length).toBeGreaterThan(0);
  });

  it('prints one JSON document with the documented keys, a table and Markdown', () => {
    const parsed = JSON.parse(JSON.stringify(results)) as Record<string, unknown>;
    for (const key of [
      'accounts',
      'apiCallsFullAudit10k',
      'perUserApproachCalls10k',
      'evalMs10k',
      'parseMs10k',
      'escalationMs10k',
      'peakRssMb10k',
      'detectEventsPerSec',
      'jsonParseEventsPerSec',
      'steadyStateHistoryWrites',
      'firstScanWrites',
      'bundles',
    ]) {
      expect(parsed).toHaveProperty(key);
    }
    expect(formatTable(results)).toContain('API calls, full live audit');
    expect(formatTable(results)).toContain('privilege-escalation alone');
    expect(formatMarkdown(results)).toContain('| measure | figure | target | met |');
    expect(formatMarkdown(results)).toContain('## Organization (`scan --org`)');
  });

  it('per-user approach: five calls per user, two per role, plus the listing pages', () => {
    expect(perUserApproachCalls(10_000, 10_000).total).toBe(10 + 50_000 + 10 + 20_000);
    expect(perUserApproachCalls(1_001, 0).total).toBe(2 + 5_005);
  });

  it('measures a packaged function: zip size and importing its bundle in a fresh node process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-bundle-'));
    workDirs.push(dir);
    const zip = join(dir, 'tiny-fn.zip');
    await writeFile(zip, zipOf({ 'functions/tiny-fn.mjs': 'export const handler = async () => process.env.IAM_SENTINEL_TABLE;\n', 'functions/tiny-fn.mjs.map': '{}' }));

    const figure = await measureBundle(zip, join(dir, 'out'), 1);

    expect(figure).toMatchObject({ function: 'tiny-fn', entry: 'functions/tiny-fn.mjs' });
    expect(figure.zipBytes).toBeGreaterThan(0);
    expect(figure.importRuns).toHaveLength(1);
  });
});
