/**
 * scan --org and snapshot --org against the moto emulator: an organization
 * of a management account and three members, one of them without the audit
 * role. moto models member accounts as AWS does for these calls: credentials
 * from AssumeRole into an account act on that account's IAM (verified in
 * org-seed.py: a user created through them is listed there and nowhere
 * else), and with authorization enforced the audit role's read-only policy,
 * taken from the spoke template, is what each member's reads are judged by.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { IAMClient } from '@aws-sdk/client-iam';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOrganizationInputs } from '../../shared/collect/organization-inputs.js';
import { listOrganization, organizationAccess, organizationsClient } from '../../shared/collect/organization.js';
import { makeConfig } from '../../shared/config/schema.js';
import { scanOrganization } from '../../shared/pipeline/org-scan.js';
import { cli } from '../cli/run-cli.js';
import { skipMoto, startMoto, type Moto } from './moto.js';

const require = createRequire(import.meta.url);
const { auditReadStatements } = require('../../infra/spoke/sources.cjs') as { auditReadStatements(): { Resource: unknown }[] };

interface Seed {
  readonly accounts: { management: string; prod: string; dev: string; orphan: string };
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly permissionSets: { admin: string; readOnly: string };
}

/**
 * moto 5.2 implements neither sso-admin's GetPermissionsBoundaryForPermissionSet
 * nor IAM's ListOrganizationsFeatures (it answers 500): the two calls are
 * answered here, in the clients, as AWS would for this organization (no
 * boundaries; root credentials management never enabled). Every other call
 * goes to the emulator.
 */
function stubbed<C extends { middlewareStack: { add: (...a: any[]) => void } }>(client: C, answers: Record<string, () => unknown>): C {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const answer = context.commandName ? answers[context.commandName] : undefined;
      return answer ? { output: answer(), response: {} } : next(args);
    },
    { step: 'initialize', name: 'answerWhatMotoLacks' },
  );
  return client;
}

const noBoundary = () => {
  throw Object.assign(new Error('No permissions boundary'), { name: 'ResourceNotFoundException', $metadata: {} });
};

describe.skipIf(skipMoto())('scan --org against the moto emulator', () => {
  let moto: Moto;
  let seed: Seed;
  let work: string;
  beforeAll(async () => {
    moto = await startMoto();
    work = await mkdtemp(join(tmpdir(), 'org-moto-'));
    // The spoke's own statements, on "*" (moto matches no Fn::Sub): what each audit role may do.
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: auditReadStatements().map((s) => ({ ...s, Resource: '*' })) });
    seed = JSON.parse(await moto.python(await readFile('test/integration/org-seed.py', 'utf8'), { AUDIT_POLICY: policy })) as Seed;
    // From here on moto authorizes every call by the caller's IAM policies.
    await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '0' });
    // The SDK reads its settings from the environment (this test file runs in a process of its own).
    Object.assign(process.env, moto.env, { AWS_ACCESS_KEY_ID: seed.accessKeyId, AWS_SECRET_ACCESS_KEY: seed.secretAccessKey });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  }, 120_000);
  afterAll(async () => {
    await moto?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('finds each account\'s problems under that account only, and reports the one without the audit role as failed (exit 0)', async () => {
    const { prod, dev, orphan } = seed.accounts;
    const r = await cli(['scan', '--org', '--accounts', [prod, dev, orphan].join(','), '--concurrency', '2', '--format', 'json'], process.env);
    expect(r.code, r.stderr).toBe(0);
    const doc = r.json();
    expect(Object.keys(doc)).toEqual(['organization', 'evaluatedAt', 'accounts', 'findings', 'summary']);
    expect(doc.organization).toMatch(/^o-/);
    expect(doc.accounts.map((a: any) => [a.account, a.name, a.status])).toEqual([
      [prod, 'prod', 'scanned'],
      [dev, 'dev', 'scanned'],
      [orphan, 'orphan', 'failed'],
    ]);
    const failed = doc.accounts[2];
    expect(failed.reason).toMatch(/cannot assume arn:aws:iam::\d{12}:role\/iam-sentinel-audit: AccessDenied/);
    expect(failed.summary).toBeUndefined();
    // moto writes no <root_account> row in its credential report (the root user is left unjudged) and does not emulate
    // IAM Access Analyzer; every other input is whole.
    expect(doc.accounts[0].summary.collectionGaps).toEqual(['credentialReport.root', 'accessAnalyzers']);
    for (const f of doc.findings) {
      expect(Object.keys(f)).toEqual(['checkId', 'severity', 'resource', 'title', 'message', 'details', 'account']);
      expect(f.resource).toContain(`:${f.account}:`);
    }
    const admins = doc.findings.filter((f: any) => f.checkId === 'admin-policy').map((f: any) => [f.account, f.resource.split(':').pop()]);
    expect(admins.sort()).toEqual([[dev, 'user/dev-admin'], [prod, 'user/prod-admin']].sort());
    expect(doc.findings.some((f: any) => f.account === orphan)).toBe(false);
    expect(doc.summary.accounts).toEqual({ total: 3, scanned: 2, failed: 1, skipped: 0 });
    expect(r.stderr).toContain(`account ${orphan} (orphan) not scanned`);
  }, 120_000);

  it('gives the same per-account findings as snapshot --org then scanning each folder alone', async () => {
    const { prod, dev, orphan } = seed.accounts;
    const out = join(work, 'snapshots');
    const snap = await cli(['snapshot', '--org', '--out', out, '--accounts', [prod, dev, orphan].join(',')], process.env);
    expect(snap.code, snap.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual([prod, dev].sort());
    const now = '2026-12-01T00:00:00Z';
    const org = (await cli(['scan', '--org', '--accounts', `${prod},${dev}`, '--now', now, '--format', 'json'], process.env)).json();
    for (const account of [prod, dev]) {
      const alone = (await cli(['scan', '--snapshot', join(out, account), '--now', now, '--format', 'json'], process.env)).json();
      // The folder holds no access-analyzers.json (moto does not emulate the service): its gap names the missing file
      // where scan --org names the failed call; every other finding agrees exactly.
      const analyzerGap = (f: any) => f.checkId === 'collection-gap' && f.details.input === 'accessAnalyzers';
      const inOrg = org.findings.filter((f: any) => f.account === account).map(({ account: _a, ...f }: any) => f);
      expect(inOrg.filter(analyzerGap)).toHaveLength(1);
      expect(alone.findings.filter(analyzerGap).map((f: any) => f.details.reason)).toEqual(['access-analyzers.json not in snapshot']);
      expect(inOrg.filter((f: any) => !analyzerGap(f)), account).toEqual(alone.findings.filter((f: any) => !analyzerGap(f)));
    }
  }, 120_000);

  it('exits 3 when no account could be scanned, 1 with --fail-on', async () => {
    const { prod, orphan } = seed.accounts;
    expect((await cli(['scan', '--org', '--accounts', orphan], process.env)).code).toBe(3);
    expect((await cli(['scan', '--org', '--accounts', prod, '--fail-on', 'high'], process.env)).code).toBe(1);
  }, 120_000);

  it('runs the Identity Center and root credentials checks once, with the management account', async () => {
    const organizations = organizationsClient();
    const listing = await listOrganization(organizations);
    organizations.destroy();
    const region = { region: 'us-east-1' };
    const inputs = {
      iam: stubbed(new IAMClient(region), { ListOrganizationsFeaturesCommand: () => ({ OrganizationId: listing.organizationId, EnabledFeatures: [] }) }),
      ssoAdmin: stubbed(new SSOAdminClient(region), { GetPermissionsBoundaryForPermissionSetCommand: noBoundary }),
      identityStore: new IdentitystoreClient(region),
    };
    const access = organizationAccess();
    const result = await scanOrganization({
      listing,
      access,
      config: makeConfig({}),
      now: new Date(),
      organizationInputs: () => collectOrganizationInputs(inputs, { managementAccountId: listing.managementAccountId }),
    });
    access.close();
    const { management } = seed.accounts;
    expect(result.outcomes.map((o) => [o.account.id, o.status]).filter(([, s]) => s !== 'scanned').map(([id]) => id)).toEqual([seed.accounts.orphan]);
    const byAccount = (id: string) => result.outcomes.find((o) => o.account.id === id)!.evaluation!;
    const organizationFindings = (id: string) =>
      byAccount(id)
        .findings.filter((f) => f.checkId.startsWith('sso-') || f.checkId === 'root-credentials-unmanaged')
        .map((f) => `${f.checkId} ${f.resource}`)
        .sort();
    expect(organizationFindings(management)).toEqual(
      [
        `root-credentials-unmanaged arn:aws:iam::${management}:root`,
        `sso-admin-assigned-to-user ${seed.permissionSets.admin}`,
        `sso-admin-permission-set ${seed.permissionSets.admin}`,
        `sso-management-account-access ${seed.permissionSets.admin}`,
      ].sort(),
    );
    const admin = byAccount(management).findings.find((f) => f.checkId === 'sso-admin-permission-set')!;
    expect(admin.details.assignments).toEqual([{ accountId: management, principalType: 'USER', principalId: expect.any(String), principalName: 'alice' }]);
    for (const id of [seed.accounts.prod, seed.accounts.dev]) expect(organizationFindings(id)).toEqual([]);
    expect(byAccount(management).gaps.map((g: { input: string }) => g.input)).toEqual(['credentialReport.root', 'accessAnalyzers']);
  }, 120_000);
});
