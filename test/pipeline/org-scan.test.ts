/**
 * scan --org's pipeline against a fake organization: every account audited
 * under its own id exactly as it would be alone, an account without the
 * audit role reported and left untouched, inactive accounts never read,
 * bounded parallelism across accounts and serial calls within one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { makeConfig } from '../../shared/config/schema.js';
import { evaluate } from '../../shared/engine/evaluate.js';
import { UsageError } from '../../shared/errors.js';
import { applyEvaluation } from '../../shared/pipeline/apply.js';
import { scanOrganization, snapshotOrganization, type OrgProgress } from '../../shared/pipeline/org-scan.js';
import { readSnapshotFolder } from '../../shared/snapshot/folder.js';
import { NOW, allow, consoleUserRow, policyDoc, rawAccount, snapshotOf, userDetail } from '../helpers/account.js';
import { assignment, identityCenter, permissionSet } from '../helpers/identity-center.js';
import { asAccount, fakeOrganization, type FakeMember, type FakeOrganization } from '../helpers/organization.js';
import { freshStore } from '../store/harness.js';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MANAGEMENT = '111111111111';
const PROD = '222222222222';
const ORPHAN = '333333333333';
const SUSPENDED = '444444444444';
const config = makeConfig({});

const members = (): FakeMember[] => [
  { id: MANAGEMENT, name: 'management', raw: rawAccount({ aliases: ['acme-management'] }) },
  {
    id: PROD,
    name: 'prod',
    ouId: 'ou-prod',
    ouName: 'Prod',
    raw: rawAccount({ rows: [consoleUserRow('quinn')], users: [userDetail('quinn', { GroupList: ['Staff'], UserPolicyList: [{ PolicyName: 'all', PolicyDocument: policyDoc(allow('*')) }] })] }),
  },
  { id: ORPHAN, name: 'orphan', ouId: 'ou-sandbox', ouName: 'Sandbox' },
  { id: SUSPENDED, name: 'gone', status: 'SUSPENDED', raw: rawAccount() },
];

let org: FakeOrganization | undefined;
afterEach(() => org?.restore());

const ORG_INPUTS = async () => ({
  raw: {
    identityCenter: identityCenter([permissionSet('Admin', { managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] })], [assignment('Admin', PROD, 'USER', 'alice')]),
    organizationsFeatures: { OrganizationId: 'o-exampleorg1', EnabledFeatures: [] },
  },
  gaps: [],
});

describe('scanOrganization', () => {
  it('audits each ACTIVE account under its own id, reports the unreachable one, and never reads an inactive one', async () => {
    org = fakeOrganization(members());
    const result = await scanOrganization({ listing: org.listing, access: org.access, config, now: NOW, concurrency: 2 });
    expect(result.outcomes.map((o) => [o.account.id, o.status])).toEqual([
      [MANAGEMENT, 'scanned'],
      [PROD, 'scanned'],
      [ORPHAN, 'failed'],
      [SUSPENDED, 'skipped'],
    ]);
    const orphan = result.outcomes[2];
    expect(orphan.reason).toMatch(/^cannot assume arn:aws:iam::333333333333:role\/iam-sentinel-audit: AccessDenied: /);
    expect(result.outcomes[3].reason).toBe('account is SUSPENDED, not ACTIVE');
    expect(org.assumed.some((arn) => arn.includes(SUSPENDED))).toBe(false);
    for (const o of result.outcomes.filter((x) => x.evaluation)) {
      expect(o.evaluation!.account).toBe(o.account.id);
      for (const f of o.evaluation!.findings) expect(f.resource).toContain(`:${o.account.id}:`);
    }
    expect(result.outcomes[1].evaluation!.findings.map((f) => f.checkId)).toContain('admin-policy');
    expect(result.outcomes[0].evaluation!.findings.map((f) => f.checkId)).not.toContain('admin-policy');
  });

  it('gives each account exactly the findings a scan of that account alone gives', async () => {
    const list = members();
    org = fakeOrganization(list);
    const result = await scanOrganization({ listing: org.listing, access: org.access, config, now: NOW });
    for (const o of result.outcomes.filter((x) => x.status === 'scanned')) {
      const alone = evaluate(snapshotOf(asAccount(list.find((m) => m.id === o.account.id)!.raw!, o.account.id)), CHECKS, config, NOW);
      expect(o.evaluation!.findings, o.account.id).toEqual(alone.findings);
    }
  });

  it('runs the organization checks with the management account only', async () => {
    org = fakeOrganization(members());
    const result = await scanOrganization({ listing: org.listing, access: org.access, config, now: NOW, organizationInputs: ORG_INPUTS });
    const ids = (account: string) => result.outcomes.find((o) => o.account.id === account)!.evaluation!.findings.map((f) => f.checkId);
    expect(ids(MANAGEMENT)).toEqual(expect.arrayContaining(['sso-admin-permission-set', 'sso-admin-assigned-to-user', 'root-credentials-unmanaged']));
    expect(ids(PROD).filter((id) => id.startsWith('sso-') || id === 'root-credentials-unmanaged')).toEqual([]);
  });

  it('keeps at most `concurrency` accounts in flight, and one call at a time within an account', async () => {
    const many: FakeMember[] = Array.from({ length: 6 }, (_, i) => ({ id: String(500000000000 + i), name: `a${i}`, raw: rawAccount() }));
    org = fakeOrganization(many, { callDelayMs: 3 });
    const seen: OrgProgress['kind'][] = [];
    await scanOrganization({ listing: org.listing, access: org.access, config, now: NOW, concurrency: 3, onProgress: (p) => seen.push(p.kind) });
    expect(org.maxAccountsAtOnce()).toBe(3);
    for (const [account, stats] of org.inFlight) {
      expect(stats.max, account).toBe(1);
      expect(stats.calls, account).toBeGreaterThan(5);
    }
    expect(seen.filter((k) => k === 'finished')).toHaveLength(6);
  });

  it('narrows to --accounts, and refuses an id the organization does not have', async () => {
    org = fakeOrganization(members());
    const result = await scanOrganization({ listing: org.listing, access: org.access, config, now: NOW, only: [PROD] });
    expect(result.outcomes.map((o) => o.account.id)).toEqual([PROD]);
    await expect(scanOrganization({ listing: org.listing, access: org.access, config, now: NOW, only: ['999999999999'] })).rejects.toThrow(UsageError);
  });

  it('records each account under its own key with name and OU; a failed account keeps its findings and counts failures in a row', async () => {
    const { store } = await freshStore('org-scan');
    try {
      // The orphan account was audited before it lost its role: one open finding.
      const before = evaluate(snapshotOf(asAccount(rawAccount({ aliases: [] }), ORPHAN)), CHECKS, config, new Date('2026-10-01T00:00:00Z'));
      await applyEvaluation(store, before, config);
      const openBefore = await store.queryFindings({ status: 'open', account: ORPHAN });
      expect(openBefore.map((f) => f.checkId)).toEqual(['account-alias-missing']);

      org = fakeOrganization(members());
      await scanOrganization({ listing: org.listing, access: org.access, config, now: NOW, store });
      const second = new Date(NOW.getTime() + 12 * 3600_000);
      await scanOrganization({ listing: org.listing, access: org.access, config, now: second, store });
      // The same run retried changes nothing.
      await scanOrganization({ listing: org.listing, access: org.access, config, now: second, store });

      expect(await store.queryFindings({ status: 'open', account: ORPHAN })).toEqual(openBefore);
      const records = new Map((await store.listAccountRecords()).map((r) => [r.account, r]));
      expect(records.get(PROD)).toMatchObject({ name: 'prod', ouId: 'ou-prod', ouName: 'Prod', lastAuditAt: second.toISOString(), consecutiveFailures: 0 });
      expect(records.get(ORPHAN)).toMatchObject({ name: 'orphan', ouName: 'Sandbox', lastAuditAt: null, failedAudits: 2, consecutiveFailures: 2 });
      expect(records.get(ORPHAN)!.lastFailureReason).toMatch(/AccessDenied/);
      expect(records.has(SUSPENDED)).toBe(false);
      expect((await store.queryFindings({ status: 'open', account: PROD })).length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});

describe('snapshotOrganization', () => {
  it('writes one snapshot folder per account id, the organization files with the management account', async () => {
    const out = await mkdtemp(join(tmpdir(), 'org-snapshot-'));
    try {
      org = fakeOrganization(members());
      const result = await snapshotOrganization({ listing: org.listing, access: org.access, out, organizationInputs: ORG_INPUTS });
      expect(result.outcomes.map((o) => o.status)).toEqual(['scanned', 'scanned', 'failed', 'skipped']);
      expect((await readdir(out)).sort()).toEqual([MANAGEMENT, PROD]);
      expect(await readdir(join(out, MANAGEMENT))).toEqual(expect.arrayContaining(['identity-center.json', 'organizations-features.json', 'credential-report.csv']));
      expect(await readdir(join(out, PROD))).not.toContain('identity-center.json');
      const back = await readSnapshotFolder(join(out, MANAGEMENT));
      expect(back.errors).toEqual([]);
      expect(back.snapshot.accountId).toBe(MANAGEMENT);
      expect(back.snapshot.identityCenter?.permissionSets.map((p) => p.name)).toEqual(['Admin']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
