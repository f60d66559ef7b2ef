/**
 * `scan` over damaged, cut and partial snapshot folders, end to end: bad
 * input exits 2 with one line per problem naming the file, a cut or partial
 * input is a gap, and against a store none of them resolves a finding whose
 * input was not read whole (design.md "Complete, or a gap").
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../shared/store/local.js';
import { cli } from './run-cli.js';

const SNAPSHOT = 'test/fixtures/handbook-snapshot';
const NOW = '2026-11-01T00:00:00Z';
const TABLE = 'cli-gaps-test';

let work: string;
let n = 0;
const saved = { ...process.env };
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'gaps-cli-'));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  delete process.env.AWS_PROFILE;
  await ensureTable(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }), TABLE);
});
afterAll(async () => {
  process.env = saved;
  await rm(work, { recursive: true, force: true });
});

async function damaged(damage: (dir: string) => Promise<void>, base = SNAPSHOT): Promise<string> {
  const dir = join(work, `case-${++n}`);
  await cp(base, dir, { recursive: true });
  await damage(dir);
  return dir;
}
const editJson = async (dir: string, file: string, edit: (v: any) => unknown) =>
  writeFile(join(dir, file), JSON.stringify(edit(JSON.parse(await readFile(join(dir, file), 'utf8')))));
const withoutRootRow = async (dir: string) => {
  const csv = await readFile(join(dir, 'credential-report.csv'), 'utf8');
  await writeFile(join(dir, 'credential-report.csv'), csv.replace(/^<root_account>.*\n/m, ''));
};
const lines = (text: string) => text.trim().split('\n').filter(Boolean);

describe('scan --snapshot of damaged folders', () => {
  it('a directory where a file should be: exit 2, one line naming the path, a gap, and the rest scanned', async () => {
    const dir = await damaged(async (d) => {
      await rm(join(d, 'trails.json'));
      await mkdir(join(d, 'trails.json'));
    });
    const r = await cli(['scan', '--snapshot', dir, '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([`iam-sentinel: ${join(dir, 'trails.json')}: expected a file, found a directory`]);
    const doc = r.json();
    expect(doc.findings.filter((f: any) => f.checkId === 'collection-gap').map((f: any) => f.message)).toEqual([
      'trails was not collected (malformed: trails.json: expected a file, found a directory); 2 checks skipped: cloudtrail-multi-region, cloudtrail-log-validation',
    ]);
    expect(doc.findings.some((f: any) => f.checkId === 'service-wildcard')).toBe(true);
  });

  it('cut or partial inputs are gaps with a line each, not bad input (exit 0)', async () => {
    const dir = await damaged(async (d) => {
      await editJson(d, 'authorization-details.json', (v) => ({ ...v, IsTruncated: true, Marker: 'next' }));
      await withoutRootRow(d);
    });
    const r = await cli(['scan', '--snapshot', dir, '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(lines(r.stderr)).toEqual([
      'iam-sentinel: credentialReport.root not collected: credential-report.csv has no <root_account> row (AWS always writes one), so the root user is not judged',
      'iam-sentinel: authorizationDetails not collected: authorization-details.json is one page of several (IsTruncated is true, a Marker is left): merge every page, as the AWS CLI does without --max-items',
    ]);
    expect(r.json().summary).toMatchObject({ checksSkipped: 24, collectionGaps: ['credentialReport.root', 'authorizationDetails'] });
  });

  it('every bad entry on a line of its own (the first 20), exit 2, never "undefined"', async () => {
    const dir = await damaged((d) =>
      editJson(d, 'authorization-details.json', (v) => {
        v.RoleDetailList = Array.from({ length: 22 }, (_, i) => ({ ...v.RoleDetailList[0], RoleName: `r${i}`, CreateDate: `2026-02-${30 + (i % 2)}` }));
        return v;
      }),
    );
    const r = await cli(['scan', '--snapshot', dir, '--now', NOW]);
    expect(r.code).toBe(2);
    const file = join(dir, 'authorization-details.json');
    const out = lines(r.stderr);
    expect(out).toHaveLength(21);
    expect(out[0]).toBe(
      `iam-sentinel: ${file}: RoleDetailList[0].CreateDate: expected an ISO 8601 date or time on the calendar (e.g. 2026-11-01T09:30:00+00:00), found "2026-02-30"`,
    );
    expect(out[20]).toBe(`iam-sentinel: ${file}: 2 more bad entries not listed (the first 20 are above)`);
    expect(r.stdout + r.stderr).not.toMatch(/undefined/);
  });

  it('a file too large to read is bad input saying so', async () => {
    const dir = await damaged(async (d) => {
      // Past the 16 MiB limit of password-policy.json, without writing 16 MiB of JSON that means anything.
      await writeFile(join(d, 'password-policy.json'), Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    });
    const r = await cli(['scan', '--snapshot', dir, '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual([
      `iam-sentinel: ${join(dir, 'password-policy.json')}: expected at most 16 MiB, found 16.0 MiB (a file this large is refused so memory stays bounded)`,
    ]);
  });
});

describe('never a false "resolved"', () => {
  it('after a full scan, scans of cut, partial and damaged folders resolve nothing their gaps cover', async () => {
    const store = ['--store', 'aws', '--table', TABLE, '--data-dir', work];
    const scan = async (dir: string, day: number) => {
      const r = await cli(['scan', '--snapshot', dir, '--now', `2026-11-${String(day).padStart(2, '0')}T00:00:00Z`, '--format', 'json', ...store]);
      expect(r.stderr).toMatch(/\d+ opened, \d+ reopened, \d+ resolved/);
      return r;
    };
    // A root finding to keep: the root user without MFA.
    const full = await damaged(async (d) => {
      const csv = await readFile(join(d, 'credential-report.csv'), 'utf8');
      await writeFile(join(d, 'credential-report.csv'), csv.replace(/^(<root_account>,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*),true,/m, '$1,false,'));
    });
    const first = await cli(['scan', '--snapshot', full, '--now', '2026-11-01T00:00:00Z', '--format', 'json', ...store]);
    const opened = first.json().findings.map((f: any) => f.checkId);
    expect(opened).toEqual(expect.arrayContaining(['root-mfa', 'service-wildcard', 'access-key-age']));

    const cut = await damaged((d) => editJson(d, 'authorization-details.json', (v) => ({ ...v, IsTruncated: true, Marker: 'next', UserDetailList: [] })), full);
    const empty = await damaged((d) => writeFile(join(d, 'authorization-details.json'), '{}'), full);
    const noRoot = await damaged(withoutRootRow, full);
    const cliCut = await damaged((d) => editJson(d, 'authorization-details.json', (v) => ({ ...v, NextToken: 'more', RoleDetailList: [] })), full);
    const unreadable = await damaged(async (d) => {
      await rm(join(d, 'credential-report.csv'));
      await mkdir(join(d, 'credential-report.csv'));
      await writeFile(join(d, 'authorization-details.json'), '{"UserDetailList": [');
    }, full);
    let day = 2;
    for (const dir of [cut, empty, noRoot, cliCut, unreadable]) await scan(dir, day++);

    const history = (await cli(['history', '--format', 'json', ...store])).json().events;
    // Only the gaps' own findings come and go; every finding they cover stayed open throughout.
    const changes = history.filter((e: any) => !e.at.startsWith('2026-11-01'));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.filter((e: any) => e.checkId !== 'collection-gap')).toEqual([]);
  });
});
