/**
 * Damaged snapshot folders (design.md "Complete, or a gap"): each input is
 * read whole or it is a gap, bad input names its file and every bad place,
 * and whatever else is in the folder is still read.
 */
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { defaultConfig } from '../../shared/config/schema.js';
import { evaluate, summarize } from '../../shared/engine/evaluate.js';
import { formatCredentialReport } from '../../shared/snapshot/credential-report.js';
import { readSnapshotFolder, writeSnapshotFolder, type FolderReadResult } from '../../shared/snapshot/folder.js';
import { normalizeSnapshot } from '../../shared/snapshot/normalize.js';
import { SNAPSHOT_INPUTS } from '../../shared/snapshot/types.js';
import { rawAccount, userRow } from '../helpers/account.js';

const FIXTURE = 'test/fixtures/handbook-snapshot';
const NOW = new Date('2026-11-01T00:00:00Z');
const ROOT_CHECKS = ['root-access-key', 'root-mfa', 'root-hardware-mfa', 'root-recent-use'];
const DETAILS_CHECKS = CHECKS.filter((c) => c.inputs.includes('authorizationDetails')).map((c) => c.id);

let work: string;
let n = 0;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'iam-sentinel-folder-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A copy of the handbook snapshot with `damage` done to it. */
async function damaged(damage: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(work, `case-${++n}`);
  await cp(FIXTURE, dir, { recursive: true });
  await damage(dir);
  return dir;
}

const json = async (dir: string, file: string) => JSON.parse(await readFile(join(dir, file), 'utf8'));
const editJson = async (dir: string, file: string, edit: (v: any) => unknown) => writeFile(join(dir, file), JSON.stringify(edit(await json(dir, file)), null, 2));
const gapsOf = (r: FolderReadResult) => Object.fromEntries(r.snapshot.gaps.map((g) => [g.input, g.reason]));
const evaluated = (r: FolderReadResult) => evaluate(r.snapshot, CHECKS, defaultConfig, NOW);

/** Nothing a user sees says "undefined". */
function expectNoUndefined(r: FolderReadResult): void {
  const e = evaluated(r);
  const text = JSON.stringify({ errors: r.errors.map((x) => x.message), gaps: r.snapshot.gaps, findings: e.findings });
  expect(text).not.toMatch(/undefined/);
}

describe('readSnapshotFolder: cut or incomplete answers are gaps, not bad input', () => {
  it('authorization details that are one page of several (IsTruncated and a Marker) judge nobody from them', async () => {
    const dir = await damaged((d) => editJson(d, 'authorization-details.json', (v) => ({ ...v, IsTruncated: true, Marker: 'AAAA' })));
    const read = await readSnapshotFolder(dir);
    expect(read.errors).toEqual([]);
    expect(gapsOf(read)).toEqual({
      authorizationDetails:
        'authorization-details.json is one page of several (IsTruncated is true, a Marker is left): merge every page, as the AWS CLI does without --max-items',
    });
    const e = evaluated(read);
    expect(e.skippedChecks.map((s) => s.checkId).sort()).toEqual([...DETAILS_CHECKS].sort());
    expect(e.findings.filter((f) => f.checkId !== 'collection-gap').every((f) => !DETAILS_CHECKS.includes(f.checkId))).toBe(true);
    // Every other input is judged as before.
    expect(e.findings.map((f) => f.checkId)).toContain('access-key-age');
    expectNoUndefined(read);
  });

  it('the AWS CLI output of --max-items (a NextToken left) is a gap too', async () => {
    const dir = await damaged((d) => editJson(d, 'authorization-details.json', (v) => ({ ...v, NextToken: 'eyJNYXJrZXIiOiBudWxsfQ==' })));
    expect(gapsOf(await readSnapshotFolder(dir)).authorizationDetails).toBe(
      'authorization-details.json is one page of several (a NextToken is left): merge every page, as the AWS CLI does without --max-items',
    );
  });

  it('an answer without its top-level lists ({}) is not an empty account', async () => {
    const dir = await damaged(async (d) => {
      await writeFile(join(d, 'authorization-details.json'), '{}');
      await writeFile(join(d, 'virtual-mfa-devices.json'), '{"IsTruncated": false}');
      await writeFile(join(d, 'password-policy.json'), '{}');
    });
    const read = await readSnapshotFolder(dir);
    expect(read.errors).toEqual([]);
    expect(gapsOf(read)).toEqual({
      authorizationDetails: 'authorization-details.json has no UserDetailList, GroupDetailList, RoleDetailList, Policies: not a whole answer',
      passwordPolicy: 'password-policy.json has no PasswordPolicy: not a whole answer',
      virtualMfaDevices: 'virtual-mfa-devices.json has no VirtualMFADevices: not a whole answer',
    });
    // Empty lists are an empty account, and {"PasswordPolicy": null} an account without a policy.
    const empty = await damaged(async (d) => {
      await writeFile(join(d, 'authorization-details.json'), '{"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []}');
      await writeFile(join(d, 'password-policy.json'), '{"PasswordPolicy": null}');
    });
    const whole = await readSnapshotFolder(empty);
    expect(whole.snapshot.gaps).toEqual([]);
    expect(whole.snapshot.passwordPolicy).toBeNull();
    expect(whole.snapshot.authorizationDetails!.users).toEqual([]);
  });

  it('a credential report without its <root_account> row judges its users but not the root user', async () => {
    const dir = await damaged(async (d) => {
      const csv = await readFile(join(d, 'credential-report.csv'), 'utf8');
      await writeFile(join(d, 'credential-report.csv'), csv.replace(/^<root_account>.*\n/m, ''));
    });
    const read = await readSnapshotFolder(dir);
    expect(read.errors).toEqual([]);
    expect(gapsOf(read)).toEqual({
      'credentialReport.root': 'credential-report.csv has no <root_account> row (AWS always writes one), so the root user is not judged',
    });
    const e = evaluated(read);
    expect(e.skippedChecks).toEqual(ROOT_CHECKS.map((checkId) => ({ checkId, missing: ['credentialReport.root'] })));
    expect(e.evaluatedChecks).toContain('access-key-age');
    expect(e.findings.filter((f) => f.checkId === 'access-key-age').map((f) => f.resource)).toEqual(['arn:aws:iam::111122223333:user/quinn']);
    const gap = e.findings.find((f) => f.checkId === 'collection-gap')!;
    expect(gap).toMatchObject({
      qualifier: 'credentialReport.root',
      message:
        'credentialReport.root was not collected (credential-report.csv has no <root_account> row (AWS always writes one), so the root user is not judged); 4 checks skipped: root-access-key, root-mfa, root-hardware-mfa, root-recent-use',
      details: { input: 'credentialReport.root', file: 'credential-report.csv', skippedChecks: ROOT_CHECKS },
    });
    expect(summarize(e)).toMatchObject({ checksSkipped: 4, collectionGaps: ['credentialReport.root'] });
    // The account is still named, from the users' ARNs.
    expect(read.snapshot.accountId).toBe('111122223333');
  });

  it('a report with only its header is read (no users) and leaves the root unjudged', async () => {
    const dir = await damaged(async (d) => {
      const csv = await readFile(join(d, 'credential-report.csv'), 'utf8');
      await writeFile(join(d, 'credential-report.csv'), csv.split('\n')[0] + '\n');
    });
    const read = await readSnapshotFolder(dir);
    expect(read.snapshot.credentialReport!.rows).toEqual([]);
    expect(Object.keys(gapsOf(read))).toEqual(['credentialReport.root']);
    // The users authorization-details.json lists have no row: the checks that read rows judge none of them, so none of
    // their findings could be resolved by this scan.
    const e = evaluated(read);
    const users = read.snapshot.authorizationDetails!.users.map((u) => u.arn);
    expect(users).toContain('arn:aws:iam::111122223333:user/quinn');
    const byCheck = Object.fromEntries((e.unjudged ?? []).map((u) => [u.checkId, u.resources]));
    for (const id of ['access-key-age', 'password-age', 'unused-credentials', 'multiple-active-keys', 'workload-user-keys', 'user-console-no-mfa', 'privileged-user-no-mfa', 'initial-access-key-unused']) {
      expect(byCheck[id], id).toEqual(expect.arrayContaining(users));
    }
    expect(byCheck['user-no-group']).toBeUndefined();
  });

  it('a user the report has no row for is not judged by the row checks; the users it has rows for are', async () => {
    const dir = await damaged(async (d) => {
      const csv = await readFile(join(d, 'credential-report.csv'), 'utf8');
      await writeFile(join(d, 'credential-report.csv'), csv.replace(/^quinn,.*\n/m, ''));
    });
    const e = evaluated(await readSnapshotFolder(dir));
    const quinn = 'arn:aws:iam::111122223333:user/quinn';
    expect(e.findings.filter((f) => f.checkId === 'access-key-age').map((f) => f.resource)).toEqual([]);
    expect(e.unjudged?.find((u) => u.checkId === 'access-key-age')?.resources).toEqual([quinn]);
  });
});

describe('readSnapshotFolder: files that cannot be read are bad input naming the path, and gaps', () => {
  it('a directory, a symbolic-link loop, a file over its size limit', async () => {
    const dir = await damaged(async (d) => {
      await rm(join(d, 'trails.json'));
      await mkdir(join(d, 'trails.json'));
      await rm(join(d, 'account-aliases.json'));
      await symlink('account-aliases.json', join(d, 'account-aliases.json'));
    });
    const read = await readSnapshotFolder(dir, { maxBytes: { authorizationDetails: 1024 } });
    expect(read.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(new RegExp(`^${join(dir, 'authorization-details.json')}: expected at most 1024 bytes, found \\d+ bytes \\(a file this large is refused so memory stays bounded\\)$`)),
      `${join(dir, 'account-aliases.json')}: expected a readable file (ELOOP: too many symbolic links)`,
      `${join(dir, 'trails.json')}: expected a file, found a directory`,
    ]);
    expect(gapsOf(read)).toMatchObject({
      accountAliases: 'malformed: account-aliases.json: expected a readable file (ELOOP: too many symbolic links)',
      trails: 'malformed: trails.json: expected a file, found a directory',
    });
    expect(read.snapshot.credentialReport).toBeDefined();
    expectNoUndefined(read);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission', async () => {
    const dir = await damaged((d) => chmod(join(d, 'trails.json'), 0o000));
    const read = await readSnapshotFolder(dir);
    expect(read.errors.map((e) => e.message)).toEqual([`${join(dir, 'trails.json')}: expected a readable file (EACCES: permission denied)`]);
  });

  it('a JSON syntax error names file, line and column on one line; the gap names the file alone', async () => {
    const dir = await damaged((d) => writeFile(join(d, 'trails.json'), '{\n  "trailList": [\n    {"Name": "org",, }\n  ]\n}\n'));
    const read = await readSnapshotFolder(dir);
    expect(read.errors.map((e) => e.message)).toEqual([
      `${join(dir, 'trails.json')}: line 3, column 20: expected valid JSON (a double-quoted property name; no comma before a closing brace), found ","`,
    ]);
    expect(gapsOf(read).trails).toBe(
      'malformed: trails.json: line 3, column 20: expected valid JSON (a double-quoted property name; no comma before a closing brace), found ","',
    );
  });

  it('names the account from inputs it could not judge when nothing read whole names it', async () => {
    const dir = await damaged(async (d) => {
      await writeFile(join(d, 'credential-report.csv'), (await readFile(join(d, 'credential-report.csv'), 'utf8')).replace('2026-06-04T00:00:00+00:00', 'soon'));
      await editJson(d, 'authorization-details.json', (v) => ({ ...v, IsTruncated: true, Marker: 'm' }));
      await writeFile(join(d, 'trails.json'), '{"trailList": [}');
    });
    const read = await readSnapshotFolder(dir);
    expect(read.snapshot.credentialReport).toBeUndefined();
    expect(read.snapshot.authorizationDetails).toBeUndefined();
    expect(read.snapshot.accountId).toBe('111122223333');
    expect(read.snapshot.rootArn).toBe('arn:aws:iam::111122223333:root');
  });

  it('not a snapshot folder at all: thrown', async () => {
    await expect(readSnapshotFolder(join(work, 'nothing-here'))).rejects.toThrow(/expected a snapshot folder/);
    const empty = join(work, 'empty');
    await mkdir(empty);
    await expect(readSnapshotFolder(empty)).rejects.toThrow(/expected at least one snapshot file/);
  });
});

describe('readSnapshotFolder: validate what checks read, derive, tolerate the rest', () => {
  it('derives a managed policy name from its ARN (moto leaves PolicyName out) and tolerates odd fields no check reads', async () => {
    const dir = await damaged((d) =>
      editJson(d, 'authorization-details.json', (v) => {
        delete v.Policies[0].PolicyName;
        v.Policies[0].AttachmentCount = -1;
        v.Policies[0].Description = 42;
        v.Policies[0].PolicyId = null;
        v.UserDetailList[0].Tags = { team: 'ops' };
        v.UserDetailList[0].UserId = 7;
        v.UserDetailList[0].CreateDate = 'a while ago';
        v.RoleDetailList[0].InstanceProfileList = 'none';
        v.RoleDetailList[0].RoleLastUsed = { Region: 5 };
        return v;
      }),
    );
    const read = await readSnapshotFolder(dir);
    expect(read.errors).toEqual([]);
    expect(read.snapshot.gaps).toEqual([]);
    const policy = read.snapshot.authorizationDetails!.policyByArn.get('arn:aws:iam::111122223333:policy/OpsAccess')!;
    expect(policy.name).toBe('OpsAccess');
    // A count that is not a count is unknown, never "attached nowhere".
    expect(policy.attachmentCount).toBeNull();
    expectNoUndefined(read);
  });

  it('lists every bad entry by path, the first 20 one per error, then how many more', async () => {
    const dir = await damaged((d) =>
      editJson(d, 'authorization-details.json', (v) => {
        const template = v.UserDetailList[0];
        v.UserDetailList = Array.from({ length: 25 }, (_, i) => ({ ...template, UserName: i % 2 ? 12 : `u${i}`, GroupList: i % 2 ? ['Ops'] : 'Ops' }));
        return v;
      }),
    );
    const read = await readSnapshotFolder(dir);
    const file = join(dir, 'authorization-details.json');
    expect(read.errors).toHaveLength(21);
    expect(read.errors[0].message).toBe(`${file}: UserDetailList[0].GroupList: expected an array, found the string "Ops"`);
    expect(read.errors[1].message).toBe(`${file}: UserDetailList[1].UserName: expected a string, found number 12`);
    expect(read.errors[20].message).toBe(`${file}: 5 more bad entries not listed (the first 20 are above)`);
    for (const e of read.errors) expect(e.message).not.toMatch(/\n|undefined/);
    const reason = gapsOf(read).authorizationDetails;
    expect(reason).toMatch(/^malformed: authorization-details\.json: 25 bad entries \(the first 20 listed\): UserDetailList\[0\]\.GroupList: /);
    expect(reason.split('; ')).toHaveLength(20);
  });

  it('says a required field is missing, never "undefined"', async () => {
    const dir = await damaged((d) =>
      editJson(d, 'authorization-details.json', (v) => {
        delete v.UserDetailList[0].UserName;
        v.GroupDetailList[0].AttachedManagedPolicies = [{ PolicyName: 'OpsAccess' }];
        return v;
      }),
    );
    const read = await readSnapshotFolder(dir);
    expect(read.errors.map((e) => e.message.replace(`${dir}/`, ''))).toEqual([
      'authorization-details.json: UserDetailList[0].UserName: expected a string, found nothing (the field is missing)',
      'authorization-details.json: GroupDetailList[0].AttachedManagedPolicies[0].PolicyArn: expected a string, found nothing (the field is missing)',
    ]);
    expectNoUndefined(read);
  });

  it('names a bad policy document by its place, with every other bad entry', async () => {
    const dir = await damaged((d) =>
      editJson(d, 'authorization-details.json', (v) => {
        v.Policies[0].PolicyVersionList[0].Document = { Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] };
        v.RoleDetailList[0].CreateDate = '2026-02-30T00:00:00+00:00';
        return v;
      }),
    );
    const read = await readSnapshotFolder(dir);
    expect(read.errors.map((e) => e.message.replace(`${dir}/`, ''))).toEqual([
      'authorization-details.json: RoleDetailList[0].CreateDate: expected an ISO 8601 date or time on the calendar (e.g. 2026-11-01T09:30:00+00:00), found "2026-02-30T00:00:00+00:00"',
      'authorization-details.json: Policies[0].PolicyVersionList[0].Document.Statement[0].Effect: expected Effect "Allow" or "Deny"',
    ]);
  });

  it('reads an impossible date in the credential report as an error, not the next month', async () => {
    const dir = await damaged(async (d) => {
      const csv = await readFile(join(d, 'credential-report.csv'), 'utf8');
      await writeFile(join(d, 'credential-report.csv'), csv.replace('2026-06-04T00:00:00+00:00', '2026-02-30T00:00:00+00:00').replace('2025-09-27T00:00:00+00:00', 'soon'));
    });
    const read = await readSnapshotFolder(dir);
    expect(read.errors.map((e) => e.message.replace(`${dir}/`, ''))).toEqual([
      'credential-report.csv: line 3, column user_creation_time: expected an ISO 8601 time on the calendar, N/A, no_information or not_supported, found "soon"',
    ]);
    const one = await damaged(async (d) => {
      const csv = await readFile(join(d, 'credential-report.csv'), 'utf8');
      await writeFile(join(d, 'credential-report.csv'), csv.replace('2026-06-04T00:00:00+00:00', '2026-02-30T00:00:00+00:00'));
    });
    expect((await readSnapshotFolder(one)).errors[0].message).toMatch(/line 3, column access_key_1_last_rotated: .*found "2026-02-30T00:00:00\+00:00"$/);
  });

  it('accepts byte-order marks, null for optional fields (a JMESPath projection), and never keeps MFA seeds', async () => {
    const dir = await damaged(async (d) => {
      for (const f of ['authorization-details.json', 'trails.json']) await writeFile(join(d, f), '\uFEFF' + (await readFile(join(d, f), 'utf8')));
      await writeFile(
        join(d, 'virtual-mfa-devices.json'),
        JSON.stringify({
          VirtualMFADevices: [
            { SerialNumber: 'arn:aws:iam::111122223333:mfa/spare', User: null, EnableDate: null, Base32StringSeed: 'U0VDUkVU', QRCodePNG: 'iVBORw0K' },
            { SerialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device', User: { Arn: 'arn:aws:iam::111122223333:root' }, EnableDate: '2024-01-02T00:00:00+00:00' },
          ],
        }),
      );
    });
    const read = await readSnapshotFolder(dir);
    expect(read.errors).toEqual([]);
    expect(read.snapshot.gaps).toEqual([]);
    expect(read.snapshot.virtualMfaDevices!.map((v) => v.userArn)).toEqual([null, 'arn:aws:iam::111122223333:root']);
    expect(JSON.stringify(read.raw)).not.toMatch(/Base32StringSeed|QRCodePNG|U0VDUkVU/);
  });

  it('reads a large file element by element to the same snapshot', async () => {
    const whole = await readSnapshotFolder(FIXTURE);
    const chunked = await readSnapshotFolder(FIXTURE, { chunkAbove: 0 });
    expect(chunked.errors).toEqual([]);
    expect(chunked.raw).toEqual(whole.raw);
    expect(evaluated(chunked).findings).toEqual(evaluated(whole).findings);
  });
});

describe('big inputs', () => {
  it('a credential report of 200,000 rows is read and named without a stack overflow', () => {
    const template = formatCredentialReport([userRow('USER')]).split('\n');
    const raw = rawAccount({ rows: [], omit: ['authorizationDetails', 'virtualMfaDevices', 'trails'] });
    raw.credentialReport = [template[0], ...Array.from({ length: 200_000 }, (_, i) => template[1].replaceAll('USER', `u${i}`))].join('\n');
    const { snapshot, errors } = normalizeSnapshot(raw);
    expect(errors).toEqual([]);
    expect(snapshot.credentialReport!.users).toHaveLength(200_000);
    // No root row, so the account comes from the 200,000 user ARNs: the list that used to be spread into arguments.
    expect(snapshot.accountId).toBe('111122223333');
  });

  it('writes and reads back what it wrote, element by element', async () => {
    const raw = rawAccount({ rows: [userRow('alice')] });
    const dir = join(work, 'written');
    await writeSnapshotFolder(dir, raw);
    const text = await readFile(join(dir, 'authorization-details.json'), 'utf8');
    expect(text).toBe(JSON.stringify(raw.authorizationDetails, null, 2) + '\n');
    const read = await readSnapshotFolder(dir);
    expect(read.raw).toEqual(raw);
    expect(SNAPSHOT_INPUTS.every((i) => read.raw[i] !== undefined)).toBe(true);
  });
});
