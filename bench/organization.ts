/**
 * `scan --org` over an emulated organization: accounts of a realistic size
 * (generate-account.ts, a different seed each), each served by its own
 * mocked IAM and CloudTrail clients that answer every call after a fixed
 * network latency, behind a mocked STS that answers AssumeRole likewise.
 * Wall time of the whole organization at several --concurrency values,
 * against the time of one account alone; calls counted per account.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { countingClients } from '../shared/collect/counting.js';
import { organizationAccess, type OrganizationListing } from '../shared/collect/organization.js';
import type { Config } from '../shared/config/schema.js';
import { scanOrganization } from '../shared/pipeline/org-scan.js';
import type { RawSnapshot } from '../shared/snapshot/types.js';
import { serveAccount, type FakeAccountApi } from './fake-aws-api.js';
import { DEFAULT_NOW, generateAccount } from './generate-account.js';

export interface OrganizationPlan {
  readonly accounts: number;
  /** Users of each account (as many roles; half as many customer managed policies). */
  readonly users: number;
  readonly concurrency: readonly number[];
  /** Latency of each IAM and CloudTrail call, and of AssumeRole (ms). */
  readonly latencyMs: number;
  readonly assumeRoleMs: number;
  /** Timed rounds of the one-account scan (its median is the baseline). */
  readonly oneAccountRounds: number;
}

export interface OrganizationFigures {
  readonly accounts: number;
  readonly users: number;
  readonly latencyMs: number;
  readonly assumeRoleMs: number;
  /** Median wall time of one account alone (ms), and its runs. */
  readonly oneAccountMs: number;
  readonly oneAccountRuns: readonly number[];
  /** Wall time of every account, per --concurrency. */
  readonly runs: readonly { readonly concurrency: number; readonly ms: number; readonly scanned: number }[];
  /** Calls each account took (they are the same for every run); min and max across accounts. */
  readonly callsPerAccount: { readonly min: number; readonly max: number; readonly byOperation: Record<string, number> };
  readonly findings: number;
}

const accountId = (i: number) => String(100_000_000_000 + i);

function emulatedOrganization(accounts: readonly RawSnapshot[], plan: OrganizationPlan) {
  const listing: OrganizationListing = {
    organizationId: 'o-benchmark01',
    managementAccountId: accountId(0),
    accounts: accounts.map((_, i) => ({ id: accountId(i), name: `account-${i}`, status: 'ACTIVE', ouId: 'ou-bench', ouName: 'Bench' })),
  };
  const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  const stsMock = mockClient(sts);
  stsMock.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }) => {
    await new Promise((r) => setTimeout(r, plan.assumeRoleMs));
    return { Credentials: { AccessKeyId: `ASIA${input.RoleArn.slice(13, 25)}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } };
  });
  const served: FakeAccountApi[] = [];
  const calls = new Map<string, () => Record<string, number>>();
  const access = organizationAccess({
    sts,
    clientsFor: (account, credentials) => {
      const raw = accounts[Number(account) - 100_000_000_000];
      const fake = serveAccount(raw, {
        instances: { iam: new IAMClient({ region: 'us-east-1', credentials }), cloudTrail: new CloudTrailClient({ region: 'us-east-1', credentials }) },
        latencyMs: plan.latencyMs,
      });
      served.push(fake);
      const counting = countingClients(fake.clients);
      calls.set(account, counting.counts);
      return counting.clients;
    },
  });
  return {
    listing,
    access,
    calls,
    restore() {
      stsMock.restore();
      for (const f of served) f.restore();
    },
  };
}

export async function measureOrganization(plan: OrganizationPlan, config: Config, log: (line: string) => void): Promise<OrganizationFigures> {
  log(`generating ${plan.accounts} accounts of ${plan.users} users and ${plan.users} roles`);
  const accounts = Array.from({ length: plan.accounts }, (_, i) =>
    generateAccount({ users: plan.users, roles: plan.users, policies: Math.max(20, Math.floor(plan.users / 2)), seed: i + 1, accountId: accountId(i), now: DEFAULT_NOW }),
  );

  const scan = async (concurrency: number, only?: string[]) => {
    const org = emulatedOrganization(accounts, plan);
    try {
      const started = performance.now();
      const result = await scanOrganization({ listing: org.listing, access: org.access, config, now: DEFAULT_NOW, concurrency, ...(only ? { only } : {}) });
      const ms = performance.now() - started;
      const failed = result.outcomes.filter((o) => o.status !== 'scanned');
      if (failed.length > 0) throw new Error(`${failed.length} emulated accounts not scanned: ${failed[0].reason}`);
      return { ms, result, calls: org.calls };
    } finally {
      org.restore();
    }
  };

  log(`one account alone: ${plan.oneAccountRounds} rounds`);
  const oneAccountRuns: number[] = [];
  for (let i = 0; i < plan.oneAccountRounds; i++) oneAccountRuns.push((await scan(1, [accountId(0)])).ms);

  const runs: OrganizationFigures['runs'][number][] = [];
  let callsPerAccount: OrganizationFigures['callsPerAccount'] = { min: 0, max: 0, byOperation: {} };
  let findings = 0;
  for (const concurrency of plan.concurrency) {
    log(`${plan.accounts} accounts at --concurrency ${concurrency}`);
    const { ms, result, calls } = await scan(concurrency);
    runs.push({ concurrency, ms, scanned: result.outcomes.length });
    const totals = [...calls.values()].map((c) => Object.values(c()).reduce((a, b) => a + b, 0));
    callsPerAccount = { min: Math.min(...totals), max: Math.max(...totals), byOperation: calls.get(accountId(0))!() };
    findings = result.outcomes.reduce((n, o) => n + (o.evaluation?.findings.length ?? 0), 0);
  }
  const sorted = [...oneAccountRuns].sort((a, b) => a - b);
  return {
    accounts: plan.accounts,
    users: plan.users,
    latencyMs: plan.latencyMs,
    assumeRoleMs: plan.assumeRoleMs,
    oneAccountMs: sorted[Math.floor(sorted.length / 2)],
    oneAccountRuns,
    runs,
    callsPerAccount,
    findings,
  };
}
