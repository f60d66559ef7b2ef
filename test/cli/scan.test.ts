import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

const SNAPSHOT = 'test/fixtures/handbook-snapshot';
const NOW = '2026-11-01T00:00:00Z';

describe('scan --snapshot', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'scan-cli-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('prints exactly one JSON document in the design.md shape', async () => {
    const r = await cli(['scan', '--snapshot', SNAPSHOT, '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(Object.keys(doc)).toEqual(['account', 'evaluatedAt', 'findings', 'summary']);
    expect(doc.account).toBe('111122223333');
    expect(Date.parse(doc.evaluatedAt)).toBe(Date.parse(NOW));
    for (const f of doc.findings) expect(Object.keys(f)).toEqual(['checkId', 'severity', 'resource', 'title', 'message', 'details']);
    expect(doc.findings.map((f: any) => `${f.checkId} ${f.resource.split(':').pop()}`).sort()).toEqual(
      [
        'user-console-no-mfa user/quinn',
        'password-age user/quinn',
        'access-key-age user/quinn',
        'workload-user-keys user/build-agent',
        'user-no-group user/build-agent',
        'user-attached-policies user/build-agent',
        'inline-policy user/build-agent',
        'service-wildcard user/build-agent',
      ].sort(),
    );
    expect(doc.summary.total).toBe(8);
  });

  it('groups the table by severity and fits 80 columns without colour off a TTY', async () => {
    const r = await cli(['scan', '--snapshot', SNAPSHOT, '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout.indexOf('HIGH (1)')).toBeLessThan(r.stdout.indexOf('MEDIUM (2)'));
    expect(r.stdout.indexOf('MEDIUM (2)')).toBeLessThan(r.stdout.indexOf('LOW (5)'));
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('writes CSV with a header and one row per finding', async () => {
    const r = await cli(['scan', '--snapshot', SNAPSHOT, '--now', NOW, '--format', 'csv']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('checkId,severity,resource,title,message,details');
    expect(lines).toHaveLength(9);
  });

  it('exits 1 when a finding is at or above --fail-on, 0 when none is', async () => {
    expect((await cli(['scan', '--snapshot', SNAPSHOT, '--now', NOW, '--fail-on', 'high'])).code).toBe(1);
    expect((await cli(['scan', '--snapshot', SNAPSHOT, '--now', NOW, '--fail-on', 'critical'])).code).toBe(0);
  });

  it('reports a malformed file in one line with its place, scans the rest, and exits 2', async () => {
    const dir = join(work, 'bad');
    await cp(SNAPSHOT, dir, { recursive: true });
    const csv = await readFile(join(dir, 'credential-report.csv'), 'utf8');
    await writeFile(join(dir, 'credential-report.csv'), csv.replace('2026-06-04T00:00:00+00:00', 'last June'));
    await writeFile(join(dir, 'trails.json'), '{"trailList": [ {"Name": "org",, } ]}');
    const r = await cli(['scan', '--snapshot', dir, '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'credential-report.csv')}: line 3, column access_key_1_last_rotated: expected an ISO 8601 time`);
    expect(r.stderr).toMatch(new RegExp(`${join(dir, 'trails.json')}: line 1, column \\d+: expected valid JSON`));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const doc = r.json();
    const gaps = doc.findings.filter((f: any) => f.checkId === 'collection-gap').map((f: any) => f.details.input).sort();
    expect(gaps).toEqual(['credentialReport', 'trails']);
    // What was good is kept: the authorization-details findings are all there.
    expect(doc.findings.some((f: any) => f.checkId === 'service-wildcard')).toBe(true);
  });

  it('rejects bad usage with one line and exit 2', async () => {
    for (const args of [
      ['scan'],
      ['scan', '--snapshot', SNAPSHOT, '--live'],
      ['scan', '--snapshot', SNAPSHOT, '--format', 'xml'],
      ['scan', '--snapshot', SNAPSHOT, '--now', 'yesterday'],
      ['scan', '--snapshot', SNAPSHOT, '--fail-on', 'severe'],
      ['scan', '--snapshot', SNAPSHOT, '--bogus'],
      ['scan', '--snapshot', SNAPSHOT, '--notify', 'console'],
      ['scan', '--snapshot', join(work, 'missing')],
      ['frobnicate'],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('reports a bad config value with its path and exits 2', async () => {
    const config = join(work, 'config.json');
    await writeFile(config, JSON.stringify({ passwordPolicy: { minLength: 'long' } }));
    const r = await cli(['scan', '--snapshot', SNAPSHOT, '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config}: passwordPolicy.minLength:`);
    await writeFile(config, JSON.stringify({ maxAccesKeyAgeDays: 30 }));
    const typo = await cli(['scan', '--snapshot', SNAPSHOT, '--config', config]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('maxAccesKeyAgeDays: unknown key');
  });

  it('applies config thresholds and suppressions (suppressed findings are counted, not listed)', async () => {
    const config = join(work, 'tuned.json');
    await writeFile(
      config,
      JSON.stringify({
        maxPasswordAgeDays: 180,
        suppressions: [{ checkId: 'workload-user-keys', resource: 'arn:aws:iam::*:user/build-*', reason: 'CI until OIDC lands', expires: '2027-01-01' }],
      }),
    );
    const doc = (await cli(['scan', '--snapshot', SNAPSHOT, '--now', NOW, '--config', config, '--format', 'json'])).json();
    const ids = doc.findings.map((f: any) => f.checkId);
    expect(ids).not.toContain('password-age');
    expect(ids).not.toContain('workload-user-keys');
    expect(doc.summary.suppressed).toBe(1);
    // Expired suppressions no longer apply.
    const later = (await cli(['scan', '--snapshot', SNAPSHOT, '--now', '2027-02-01T00:00:00Z', '--config', config, '--format', 'json'])).json();
    expect(later.findings.map((f: any) => f.checkId)).toContain('workload-user-keys');
  });
});

describe('checks', () => {
  it('lists every check and rule with references', async () => {
    const r = await cli(['checks', '--format', 'json']);
    const doc = r.json();
    // 39 periodic checks, collection-gap and the 4 organization checks.
    expect(doc.checks).toHaveLength(44);
    expect(doc.detections).toHaveLength(21);
    expect(doc.checks.find((c: any) => c.id === 'root-access-key').references.map((x: any) => x.id)).toContain('IAM.4');
    const table = await cli(['checks']);
    expect(table.stdout).toContain('root-access-key');
  });
});
