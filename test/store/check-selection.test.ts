/**
 * A partial scan against a real store (DynamoDB Local): findings of the
 * checks it ran open and resolve as usual; findings of checks it left out
 * stay exactly as they were, even when a full scan would resolve them.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig } from '../../shared/config/schema.js';
import { runScan } from '../../shared/pipeline/scan.js';
import { folderSource } from '../../shared/pipeline/sources.js';
import { freshStore, type TestStore } from './harness.js';

const SNAPSHOT = 'test/fixtures/handbook-snapshot';
const QUINN = 'arn:aws:iam::111122223333:user/quinn';

describe('check selection against the store', () => {
  let work: string;
  let fixed: string;
  let test: TestStore;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'selection-store-'));
    // quinn enabled MFA and rotated the key: a full scan resolves both findings.
    fixed = join(work, 'fixed');
    await cp(SNAPSHOT, fixed, { recursive: true });
    const csv = await readFile(join(fixed, 'credential-report.csv'), 'utf8');
    await writeFile(join(fixed, 'credential-report.csv'), csv.replace(/^(quinn,.*?),false,true,2026-06-04T00:00:00\+00:00/m, '$1,true,true,2026-10-20T00:00:00+00:00'));
    test = await freshStore('selection');
  });
  afterAll(async () => {
    await test.store.close();
    await rm(work, { recursive: true, force: true });
  });

  const quinn = async () =>
    Object.fromEntries(
      (await test.store.queryFindings({ status: 'all', resource: QUINN })).map((f) => [f.checkId, f.status]),
    );

  it('a partial scan resolves only what it evaluated; a full scan later resolves the rest', async () => {
    const full = makeConfig();
    await runScan({ source: folderSource(SNAPSHOT), config: full, now: new Date('2026-11-01T00:00:00Z'), store: test.store });
    expect(await quinn()).toEqual({ 'access-key-age': 'open', 'password-age': 'open', 'user-console-no-mfa': 'open' });

    const partial = await runScan({
      source: folderSource(fixed),
      config: makeConfig({ checks: { include: ['access-key-age'] } }),
      now: new Date('2026-11-02T00:00:00Z'),
      store: test.store,
    });
    expect(partial.evaluation.evaluatedChecks).toEqual(['access-key-age', 'collection-gap']);
    expect(partial.evaluation.notSelectedChecks).toHaveLength(38); // the other account checks (organization checks do not apply to this snapshot)
    // The run remembers what it left out (the HTML report's coverage says "not selected" from it).
    const partialRun = (await test.store.listRuns({ since: '2026-11-02T00:00:00.000Z', until: '2026-11-02T00:00:00.000Z' })).find((r) => r.kind === 'scan')!;
    expect(partialRun.notSelectedChecks).toEqual(partial.evaluation.notSelectedChecks);
    expect(partial.applied!.changes.map((c) => `${c.checkId} ${c.change}`)).toEqual(['access-key-age resolved']);
    // user-console-no-mfa passes in the fixed snapshot, but it did not run: still open, lastSeen untouched.
    expect(await quinn()).toEqual({ 'access-key-age': 'resolved', 'password-age': 'open', 'user-console-no-mfa': 'open' });
    expect((await test.store.queryFindings({ status: 'all', resource: QUINN, checkId: 'user-console-no-mfa' }))[0].lastSeen).toBe('2026-11-01T00:00:00.000Z');

    // Excluding checks and a severity floor leave out the same way.
    const excluded = await runScan({
      source: folderSource(fixed),
      config: makeConfig({ checks: { exclude: ['user-console-no-mfa'], minSeverity: 'medium' } }),
      now: new Date('2026-11-03T00:00:00Z'),
      store: test.store,
    });
    expect(excluded.evaluation.evaluatedChecks).not.toContain('user-console-no-mfa');
    expect(excluded.evaluation.evaluatedChecks).not.toContain('password-age'); // low, under the floor
    expect(await quinn()).toEqual({ 'access-key-age': 'resolved', 'password-age': 'open', 'user-console-no-mfa': 'open' });
    const lastSeen = async (checkId: string) => (await test.store.queryFindings({ status: 'all', resource: QUINN, checkId }))[0].lastSeen;
    expect(await lastSeen('password-age')).toBe('2026-11-01T00:00:00.000Z');

    const fullAgain = await runScan({ source: folderSource(fixed), config: full, now: new Date('2026-11-04T00:00:00Z'), store: test.store });
    expect(fullAgain.evaluation.notSelectedChecks).toBeUndefined();
    expect((await test.store.listRuns({ since: '2026-11-04T00:00:00.000Z' })).find((r) => r.kind === 'scan')!.notSelectedChecks).toBeUndefined();
    expect(fullAgain.applied!.changes.filter((c) => c.resource === QUINN).map((c) => `${c.checkId} ${c.change}`)).toEqual(['user-console-no-mfa resolved']);
    expect(await quinn()).toEqual({ 'access-key-age': 'resolved', 'password-age': 'open', 'user-console-no-mfa': 'resolved' });
    expect(await lastSeen('password-age')).toBe('2026-11-04T00:00:00.000Z');
  });
});
