/**
 * The second catalog's snapshot files (design.md "Snapshot folder"):
 * server-certificates.json, access-analyzers.json, security-contact.json,
 * read and written in the AWS CLI's formats. Missing means not collected;
 * a list that says more pages follow, or a malformed file, is a gap too.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSnapshotFolder, writeSnapshotFolder } from '../../shared/snapshot/folder.js';
import { ACCOUNT, rawAccount } from '../helpers/account.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'v2-inputs-'));
  dirs.push(dir);
  await writeSnapshotFolder(dir, rawAccount());
  return dir;
}

describe('server-certificates.json, access-analyzers.json, security-contact.json', () => {
  it('are written with the other files and read back normalized', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'v2-inputs-'));
    dirs.push(dir);
    const raw = rawAccount({
      serverCertificates: [{ Path: '/cf/', ServerCertificateName: 'www', Arn: `arn:aws:iam::${ACCOUNT}:server-certificate/cf/www`, UploadDate: '2026-01-01T00:00:00+00:00', Expiration: '2027-01-01T00:00:00+00:00' }],
    });
    const written = await writeSnapshotFolder(dir, raw);
    expect(written.map((p) => p.split('/').pop())).toEqual(expect.arrayContaining(['server-certificates.json', 'access-analyzers.json', 'security-contact.json']));
    const { snapshot, errors } = await readSnapshotFolder(dir);
    expect(errors).toEqual([]);
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.serverCertificates).toEqual([{ name: 'www', arn: `arn:aws:iam::${ACCOUNT}:server-certificate/cf/www`, path: '/cf/', uploadDate: Date.parse('2026-01-01T00:00:00Z'), expiration: Date.parse('2027-01-01T00:00:00Z') }]);
    expect(snapshot.accessAnalyzers).toEqual([{ name: 'account-analyzer', arn: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/account-analyzer`, type: 'ACCOUNT', status: 'ACTIVE' }]);
    expect(snapshot.securityContact).toEqual({ type: 'SECURITY', name: 'Security team', email: 'security@example.com', phone: '+1-555-0100' });
  });

  it('{"AlternateContact": null} is an account without a security contact, not a gap', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'security-contact.json'), '{"AlternateContact": null}\n');
    const { snapshot } = await readSnapshotFolder(dir);
    expect(snapshot.securityContact).toBeNull();
    expect(snapshot.gaps).toEqual([]);
  });

  it('a missing file means not collected, never empty', async () => {
    const dir = await folder();
    await rm(join(dir, 'access-analyzers.json'));
    const { snapshot, errors } = await readSnapshotFolder(dir);
    expect(errors).toEqual([]);
    expect(snapshot.accessAnalyzers).toBeUndefined();
    expect(snapshot.gaps).toEqual([{ input: 'accessAnalyzers', reason: 'access-analyzers.json not in snapshot' }]);
  });

  it('a list that says it is cut (IsTruncated, a Marker or nextToken left) is a gap, with the file named', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'server-certificates.json'), JSON.stringify({ ServerCertificateMetadataList: [], IsTruncated: true, Marker: 'next' }));
    await writeFile(join(dir, 'access-analyzers.json'), JSON.stringify({ analyzers: [], nextToken: 'more' }));
    const { snapshot, errors } = await readSnapshotFolder(dir);
    expect(snapshot.gaps.map((g) => g.input).sort()).toEqual(['accessAnalyzers', 'serverCertificates']);
    // A cut answer is a gap, not bad input: no error line, the reason names the file and the cut.
    expect(errors).toEqual([]);
    const reasons = Object.fromEntries(snapshot.gaps.map((g) => [g.input, g.reason]));
    expect(reasons.serverCertificates).toMatch(/server-certificates\.json is one page of several \(IsTruncated is true, a Marker is left\)/);
    expect(reasons.accessAnalyzers).toMatch(/access-analyzers\.json is one page of several \(a nextToken is left\)/);
  });

  it('a malformed entry names its place and leaves the input out', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'server-certificates.json'), JSON.stringify({ ServerCertificateMetadataList: [{ ServerCertificateName: 'x', Arn: 'arn', Expiration: 'soon' }] }));
    const { snapshot, errors } = await readSnapshotFolder(dir);
    expect(snapshot.serverCertificates).toBeUndefined();
    expect(errors[0].message).toMatch(/server-certificates\.json: ServerCertificateMetadataList\[0\]\.Expiration: expected an ISO 8601 date or time on the calendar .*, found "soon"/);
    // Everything else is still read.
    expect(snapshot.authorizationDetails).toBeDefined();
    expect(JSON.parse(await readFile(join(dir, 'security-contact.json'), 'utf8')).AlternateContact.AlternateContactType).toBe('SECURITY');
  });
});
