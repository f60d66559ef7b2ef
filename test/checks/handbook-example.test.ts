/**
 * The worked example of /work/shared/examples/README.md: the handbook
 * snapshot, evaluated with every check, gives exactly its eight findings.
 * The fixture adds the second catalog's three inputs (no server
 * certificate, an active analyzer, a security contact) so that it stays
 * whole; its AWS managed policies come without documents, as in the
 * handbook, and are read from the maintained copy.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { makeConfig } from '../../shared/config/schema.js';
import { evaluate } from '../../shared/engine/evaluate.js';
import { readSnapshotFolder } from '../../shared/snapshot/folder.js';

const FOLDER = fileURLToPath(new URL('../fixtures/handbook-snapshot', import.meta.url));
const NOW = new Date('2026-11-01T00:00:00Z');
const user = (name: string) => `arn:aws:iam::111122223333:user/${name}`;

const EXPECTED = [
  ['user-console-no-mfa', user('quinn')],
  ['password-age', user('quinn')],
  ['access-key-age', user('quinn')],
  ['workload-user-keys', user('build-agent')],
  ['user-no-group', user('build-agent')],
  ['user-attached-policies', user('build-agent')],
  ['inline-policy', user('build-agent')],
  ['service-wildcard', user('build-agent')],
];

describe('handbook example snapshot', () => {
  it('reads cleanly: every input present and well-formed', async () => {
    const { snapshot, errors } = await readSnapshotFolder(FOLDER);
    expect(errors).toEqual([]);
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.accountId).toBe('111122223333');
  });

  it('gives exactly the eight findings of the worked example, and nothing else', async () => {
    const { snapshot } = await readSnapshotFolder(FOLDER);
    const result = evaluate(snapshot, CHECKS, makeConfig(), NOW);
    const key = ([checkId, resource]: string[]) => `${checkId} ${resource}`;
    expect(result.findings.map((f) => key([f.checkId, f.resource])).sort()).toEqual(EXPECTED.map(key).sort());
    expect(result.skippedChecks).toEqual([]);
    expect(result.suppressed).toEqual([]);
  });

  it('words the credential findings with the numbers the example gives', async () => {
    const { snapshot } = await readSnapshotFolder(FOLDER);
    const byCheck = new Map(evaluate(snapshot, CHECKS, makeConfig(), NOW).findings.map((f) => [f.checkId, f]));
    expect(byCheck.get('password-age')?.details).toMatchObject({ ageDays: 120 });
    expect(byCheck.get('access-key-age')).toMatchObject({ qualifier: 'access_key_1', details: { ageDays: 150 } });
  });
});
