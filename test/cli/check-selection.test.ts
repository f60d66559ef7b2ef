/** scan --checks / --exclude-checks / --min-severity, and config checks.*, from the command line. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_CHECKS as CHECKS } from '../../shared/checks/index.js';
import { cli } from './run-cli.js';

const SNAPSHOT = 'test/fixtures/handbook-snapshot';
const NOW = '2026-11-01T00:00:00Z';
const scan = (...args: string[]) => cli(['scan', '--snapshot', SNAPSHOT, '--now', NOW, ...args]);

describe('scan check selection', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'selection-cli-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('runs only the checks named, and says which ran in the JSON summary and the table footer', async () => {
    const r = await scan('--checks', 'access-key-age,root-mfa', '--format', 'json');
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(Object.keys(doc)).toEqual(['account', 'evaluatedAt', 'findings', 'summary']);
    expect(doc.findings.map((f: any) => f.checkId)).toEqual(['access-key-age']);
    expect(doc.summary.evaluatedChecks).toEqual(['root-mfa', 'access-key-age', 'collection-gap']);
    expect(doc.summary.notSelectedChecks).toHaveLength(CHECKS.length - 3);
    expect(doc.summary.checksEvaluated).toBe(3);

    const table = await scan('--checks', 'access-key-age,root-mfa');
    expect(table.stdout.replace(/\s+/g, ' ')).toContain(
      `3 of ${CHECKS.length} checks ran: root-mfa, access-key-age, collection-gap. ${CHECKS.length - 3} left out by the selection (their findings untouched).`,
    );
    const full = await scan();
    expect(full.stdout).toContain(`${CHECKS.length} of ${CHECKS.length} checks ran.`);
    expect((await scan('--format', 'json')).json().summary.notSelectedChecks).toEqual([]);
  });

  it('--exclude-checks and --min-severity (on the overridden severity) leave checks out', async () => {
    const excluded = (await scan('--exclude-checks', 'user-no-group,inline-policy', '--format', 'json')).json();
    expect(excluded.summary.notSelectedChecks).toEqual(['user-no-group', 'inline-policy']);
    expect(excluded.findings.map((f: any) => f.checkId)).not.toContain('user-no-group');
    const footer = (await scan('--exclude-checks', 'user-no-group,inline-policy')).stdout.replace(/\s+/g, ' ');
    expect(footer).toContain(`${CHECKS.length - 2} of ${CHECKS.length} checks ran. 2 left out by the selection (their findings untouched): user-no-group, inline-policy.`);

    const config = join(work, 'overrides.json');
    await writeFile(config, JSON.stringify({ severityOverrides: { 'workload-user-keys': 'high' } }));
    const high = (await scan('--min-severity', 'high', '--config', config, '--format', 'json')).json();
    expect(high.findings.map((f: any) => `${f.checkId} ${f.severity}`).sort()).toEqual(['user-console-no-mfa high', 'workload-user-keys high']);
    expect(high.summary.evaluatedChecks).toContain('workload-user-keys');
    expect(high.summary.evaluatedChecks).not.toContain('access-key-age');
  });

  it('reads checks.include / checks.exclude from the config; each flag given replaces its key', async () => {
    const config = join(work, 'selection.json');
    await writeFile(config, JSON.stringify({ checks: { include: ['access-key-age', 'password-age'], exclude: ['password-age'] } }));
    const fromConfig = (await scan('--config', config, '--format', 'json')).json();
    expect(fromConfig.summary.evaluatedChecks).toEqual(['access-key-age', 'collection-gap']);
    const overridden = (await scan('--config', config, '--checks', 'user-no-group', '--format', 'json')).json();
    expect(overridden.summary.evaluatedChecks).toEqual(['user-no-group', 'collection-gap']);
    const unexcluded = (await scan('--config', config, '--exclude-checks', 'collection-gap', '--format', 'json')).json();
    expect(unexcluded.summary.evaluatedChecks).toEqual(['access-key-age', 'password-age']);
  });

  it('keeps reporting collection gaps whatever checks were picked, unless collection-gap is excluded', async () => {
    const dir = join(work, 'partial');
    await cp(SNAPSHOT, dir, { recursive: true });
    await rm(join(dir, 'credential-report.csv'));
    const picked = (await cli(['scan', '--snapshot', dir, '--now', NOW, '--checks', 'root-mfa', '--format', 'json'])).json();
    expect(picked.findings.map((f: any) => `${f.checkId} ${f.details.input}`)).toEqual(['collection-gap credentialReport']);
    expect(picked.summary.evaluatedChecks).toEqual(['collection-gap']);
    expect(picked.summary.checksSkipped).toBe(1); // root-mfa: its input was not collected
    const table = await cli(['scan', '--snapshot', dir, '--now', NOW, '--checks', 'root-mfa']);
    expect(table.stdout).toContain('Not evaluated (input not collected): root-mfa');
    expect(table.stdout.replace(/\s+/g, ' ')).toContain(
      `1 of ${CHECKS.length} checks ran: collection-gap. 1 not evaluated (input not collected); ${CHECKS.length - 2} left out by the selection (their findings untouched).`,
    );
    const none = (await cli(['scan', '--snapshot', dir, '--now', NOW, '--checks', 'root-mfa', '--exclude-checks', 'collection-gap', '--format', 'json'])).json();
    expect(none.findings).toEqual([]);
  });

  it('rejects an unknown id in one line naming the closest, exit 2', async () => {
    for (const [args, expected] of [
      [['--checks', 'root-mfa,acces-key-age'], 'iam-sentinel: scan: --checks: unknown check "acces-key-age" (did you mean "access-key-age"? iam-sentinel checks lists them)'],
      [['--exclude-checks', 'mfa-removed'], 'iam-sentinel: scan: --exclude-checks: "mfa-removed" is a detection rule, not a check'],
      [['--min-severity', 'urgent'], 'iam-sentinel: scan: --min-severity must be one of critical, high, medium, low, info (got "urgent")'],
      [['--checks', ''], 'iam-sentinel: scan: --checks needs at least one value'],
    ] as const) {
      const r = await scan(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toContain(expected);
    }
  });
});
