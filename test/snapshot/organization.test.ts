/**
 * identity-center.json and organizations-features.json in a snapshot
 * folder: read where present, no gap where absent, and bad input (exit 2, a
 * gap, no sso-* finding opened or resolved) where present but unreadable.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { makeConfig } from '../../shared/config/schema.js';
import { evaluate } from '../../shared/engine/evaluate.js';
import { readSnapshotFolder, writeSnapshotFolder } from '../../shared/snapshot/folder.js';
import { cli } from '../cli/run-cli.js';
import { rawAccount } from '../helpers/account.js';
import { assignment, identityCenter, permissionSet } from '../helpers/identity-center.js';

const SNAPSHOT = 'test/fixtures/handbook-snapshot';
const NOW = '2026-11-01T00:00:00Z';
const ADMIN_SET = identityCenter([permissionSet('Admin', { managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] })], [assignment('Admin', '111122223333', 'USER', 'alice')]);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'org-files-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function folderWith(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  await cp(SNAPSHOT, dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
  return dir;
}

describe('organization files of a snapshot folder', () => {
  it('absent: no gap, and the organization checks neither run nor resolve', async () => {
    const { snapshot, errors } = await readSnapshotFolder(SNAPSHOT);
    expect(errors).toEqual([]);
    expect(snapshot.identityCenter).toBeUndefined();
    expect(snapshot.gaps).toEqual([]);
    const e = evaluate(snapshot, CHECKS, makeConfig({}), new Date(NOW));
    expect(e.evaluatedChecks.filter((id) => id.startsWith('sso-') || id === 'root-credentials-unmanaged')).toEqual([]);
  });

  it('present: read as the management account\'s, with a byte-order mark and URL-encoded inline policies', async () => {
    const dir = await folderWith('present', {
      'identity-center.json': '\uFEFF' + JSON.stringify(ADMIN_SET),
      'organizations-features.json': JSON.stringify({ OrganizationId: 'o-abc', EnabledFeatures: [] }),
    });
    const r = await cli(['scan', '--snapshot', dir, '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(0);
    const ids = r.json().findings.map((f: { checkId: string; resource: string }) => `${f.checkId} ${f.resource}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        `sso-admin-permission-set ${ADMIN_SET.permissionSets[0].arn}`,
        `sso-admin-assigned-to-user ${ADMIN_SET.permissionSets[0].arn}`,
        `sso-management-account-access ${ADMIN_SET.permissionSets[0].arn}`,
        'root-credentials-unmanaged arn:aws:iam::111122223333:root',
      ]),
    );
  });

  it('malformed: one line naming the file and every bad entry, exit 2, a gap, and no sso-* finding', async () => {
    const bad = { ...ADMIN_SET, permissionSets: [{ name: 'NoArn' }], assignments: [{ permissionSetArn: 'x', accountId: '12', principalType: 'ROLE', principalId: 'p' }] };
    const dir = await folderWith('malformed', { 'identity-center.json': JSON.stringify(bad) });
    const r = await cli(['scan', '--snapshot', dir, '--now', NOW, '--format', 'json']);
    expect(r.code).toBe(2);
    // Read like every other input: one line per bad entry, each naming the file and the place.
    const lines = r.stderr.split('\n').filter((l) => l.includes('identity-center.json'));
    expect(lines.some((l) => /identity-center\.json: permissionSets\[0\]\.arn: expected a string/.test(l))).toBe(true);
    expect(lines.some((l) => /identity-center\.json: assignments\[0\]\.accountId: expected a 12-digit account id/.test(l))).toBe(true);
    expect(lines.some((l) => /identity-center\.json: assignments\[0\]\.principalType: /.test(l))).toBe(true);
    const doc = r.json();
    expect(doc.findings.filter((f: { checkId: string }) => f.checkId.startsWith('sso-'))).toEqual([]);
    expect(doc.findings.filter((f: { checkId: string }) => f.checkId === 'collection-gap').map((f: { details: { input: string } }) => f.details.input)).toEqual(['identityCenter']);
  });

  it('unreadable (a directory in its place): bad input and a gap', async () => {
    const dir = await folderWith('unreadable', {});
    await mkdir(join(dir, 'identity-center.json'));
    const { snapshot, errors } = await readSnapshotFolder(dir);
    expect(errors.map((e) => e.message)).toEqual([`${join(dir, 'identity-center.json')}: expected a file, found a directory`]);
    expect(snapshot.gaps).toEqual([{ input: 'identityCenter', reason: 'malformed: identity-center.json: expected a file, found a directory' }]);
  });

  it('is written by writeSnapshotFolder and read back the same', async () => {
    const dir = join(work, 'written');
    const raw = { ...rawAccount(), identityCenter: ADMIN_SET, organizationsFeatures: { OrganizationId: 'o-abc', EnabledFeatures: ['RootSessions'] } };
    await writeSnapshotFolder(dir, raw);
    const back = await readSnapshotFolder(dir);
    expect(back.errors).toEqual([]);
    expect(back.raw.identityCenter).toEqual(ADMIN_SET);
    expect(back.snapshot.organizationsFeatures).toEqual({ organizationId: 'o-abc', enabledFeatures: ['RootSessions'] });
  });
});
