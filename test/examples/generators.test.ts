import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAccount } from '../../bench/generate-account.js';
import { cloudTrailLogFile, generateEvents, writeCloudTrailLogFile } from '../../bench/generate-events.js';
import { defaultConfig } from '../../shared/config/schema.js';
import { detect } from '../../shared/detections/detect.js';
import { DETECTION_RULES } from '../../shared/detections/index.js';
import { readEventFile, recordsFromJson } from '../../shared/detections/read-events.js';
import { readSnapshotFolder, writeSnapshotFolder } from '../../shared/snapshot/folder.js';
import { normalizeSnapshot } from '../../shared/snapshot/normalize.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'iam-sentinel-gen-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('generateAccount', () => {
  const options = { users: 120, roles: 80, policies: 60, seed: 42 };

  it('normalizes without errors or gaps, with the requested sizes', () => {
    const raw = generateAccount(options);
    const { snapshot, errors } = normalizeSnapshot(raw);
    expect(errors).toEqual([]);
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.accountId).toBe('123456789012');
    expect(snapshot.authorizationDetails!.users).toHaveLength(120);
    expect(snapshot.authorizationDetails!.roles).toHaveLength(80);
    expect(snapshot.authorizationDetails!.policies.filter((p) => !p.awsManaged)).toHaveLength(60);
    // The AWS managed policies in use come with their documents, as get-account-authorization-details lists them.
    const attached = new Set([...snapshot.authorizationDetails!.attachedPolicyArns].filter((a) => a.includes(':aws:policy/')));
    expect(new Set(snapshot.authorizationDetails!.policies.filter((p) => p.awsManaged && p.document).map((p) => p.arn))).toEqual(attached);
    expect(snapshot.credentialReport!.users).toHaveLength(120);
    expect(snapshot.credentialReport!.root).toBeDefined();
  });

  it('writes a snapshot folder that reads back without errors', async () => {
    const dir = await tempDir();
    await writeSnapshotFolder(dir, generateAccount(options));
    const { snapshot, errors } = await readSnapshotFolder(dir);
    expect(errors).toEqual([]);
    expect(snapshot.gaps).toEqual([]);
    expect(snapshot.authorizationDetails!.users).toHaveLength(120);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateAccount(options)).toEqual(generateAccount(options));
    expect(generateAccount({ ...options, seed: 43 })).not.toEqual(generateAccount(options));
  });

  it('returns policy documents URL-encoded, as the IAM API does', () => {
    const { authorizationDetails } = generateAccount(options);
    const documents = authorizationDetails!.Policies.flatMap((p) => p.PolicyVersionList ?? []).map((v) => v.Document);
    expect(documents.length).toBeGreaterThan(60);
    for (const d of documents) expect(typeof d === 'string' && d.startsWith('%7B')).toBe(true);
  });

  it('keeps attachment counts consistent with the principals', () => {
    const { authorizationDetails: d } = generateAccount(options);
    const counted = new Map<string, number>();
    for (const p of [...d!.UserDetailList, ...d!.GroupDetailList, ...d!.RoleDetailList]) {
      for (const a of p.AttachedManagedPolicies ?? []) counted.set(a.PolicyArn, (counted.get(a.PolicyArn) ?? 0) + 1);
    }
    for (const p of d!.Policies) expect(p.AttachmentCount).toBe(counted.get(p.Arn) ?? 0);
  });

  it('defaults roles to the user count', () => {
    const raw = generateAccount({ users: 30, seed: 1 });
    expect(raw.authorizationDetails!.RoleDetailList).toHaveLength(30);
  });
});

describe('generateEvents', () => {
  const options = { count: 500, seed: 7 };

  it('gives records the event reader accepts, in time order, with unique ids', () => {
    const records = generateEvents(options);
    expect(records).toHaveLength(500);
    const { records: read, errors } = recordsFromJson(cloudTrailLogFile(records), 'generated');
    expect(errors).toEqual([]);
    expect(read).toHaveLength(500);
    expect(new Set(records.map((r) => r.eventID)).size).toBe(500);
    const times = records.map((r) => Date.parse(r.eventTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateEvents(options)).toEqual(generateEvents(options));
    expect(generateEvents({ ...options, seed: 8 })).not.toEqual(generateEvents(options));
  });

  it('mixes mostly read-only calls with sign-ins, failures and a small risky share', () => {
    const records = generateEvents({ count: 4000, seed: 7 });
    const readOnly = records.filter((r) => r.readOnly === true).length / records.length;
    expect(readOnly).toBeGreaterThan(0.6);
    expect(records.some((r) => r.eventName === 'ConsoleLogin')).toBe(true);
    expect(records.some((r) => r.errorCode !== undefined)).toBe(true);
    expect(records.some((r) => r.userIdentity.type === 'Root')).toBe(true);
    expect(generateEvents({ count: 2000, seed: 7, riskyShare: 0 }).some((r) => r.userIdentity.type === 'Root')).toBe(false);
  });

  it('fires every detection rule, the burst rules over bursts spread across records, at their default thresholds', () => {
    const result = detect(generateEvents({ count: 20_000, seed: 7 }), defaultConfig);
    const fired = new Set(result.detections.map((d) => d.ruleId));
    expect(DETECTION_RULES.map((r) => r.id).filter((id) => !fired.has(id))).toEqual([]);
    // Background failures on top of the bursts: the windows have keys that never cross a threshold too.
    expect(result.summary.failedConsoleLogins).toBeGreaterThan(result.detections.filter((d) => d.ruleId === 'console-login-failures').length * 5);
  });

  it('writes a CloudTrail log file, gzipped for .gz, that the reader reads back', async () => {
    const dir = await tempDir();
    const records = generateEvents({ count: 50, seed: 3 });
    const gz = join(dir, '123456789012_CloudTrail_us-east-1_20261101T0000Z_synthetic.json.gz');
    await writeCloudTrailLogFile(gz, records);
    expect(JSON.parse(gunzipSync(await readFile(gz)).toString('utf8'))).toEqual({ Records: records });
    const file = await readEventFile(gz);
    expect(file.errors).toEqual([]);
    expect(file.records.map((r) => r.eventID)).toEqual(records.map((r) => r.eventID));

    const plain = join(dir, 'events.json');
    await writeCloudTrailLogFile(plain, records);
    expect(JSON.parse(await readFile(plain, 'utf8'))).toEqual({ Records: records });
  });
});
