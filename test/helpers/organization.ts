/**
 * A fake organization for the pipeline tests: Organizations' listing,
 * STS answering AssumeRole for the accounts that have the audit role (and
 * AccessDenied, as AWS does, for those that do not), and each member
 * account's IAM and CloudTrail served by test/collect/fake-aws.ts on client
 * instances of its own, so every account answers only for itself.
 */
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { organizationAccess, type OrganizationAccess, type OrganizationAccount, type OrganizationListing } from '../../shared/collect/organization.js';
import type { RawSnapshot } from '../../shared/snapshot/types.js';
import { fakeAws, type FakeAws } from '../collect/fake-aws.js';
import { ACCOUNT } from './account.js';

export interface FakeMember {
  readonly id: string;
  readonly name: string;
  readonly status?: string;
  readonly ouId?: string | null;
  readonly ouName?: string | null;
  /** The account's IAM state, with ARNs of account ACCOUNT (rewritten to `id`); absent: the account has no audit role. */
  readonly raw?: RawSnapshot;
}

/** `raw` as account `id` would hold it: every ARN and id of the helper's account rewritten. */
export function asAccount(raw: RawSnapshot, id: string): RawSnapshot {
  return JSON.parse(JSON.stringify(raw).replaceAll(ACCOUNT, id)) as RawSnapshot;
}

export interface FakeOrganization {
  readonly listing: OrganizationListing;
  readonly access: OrganizationAccess;
  /** Roles assumed, in order. */
  readonly assumed: string[];
  /** Per account: the most calls it had in flight at once, and its calls in all. */
  readonly inFlight: Map<string, { now: number; max: number; calls: number }>;
  /** Most accounts being read at once. */
  maxAccountsAtOnce(): number;
  restore(): void;
}

export interface FakeOrganizationOptions {
  readonly organizationId?: string;
  readonly managementAccountId?: string;
  readonly roleName?: string;
  /** Delay of each IAM call (ms), so that overlapping work shows. */
  readonly callDelayMs?: number;
  /** The caller's own account (GetCallerIdentity); default the management account. */
  readonly callerAccount?: string;
}

export function fakeOrganization(members: readonly FakeMember[], options: FakeOrganizationOptions = {}): FakeOrganization {
  const listing: OrganizationListing = {
    organizationId: options.organizationId ?? 'o-exampleorg1',
    managementAccountId: options.managementAccountId ?? members[0].id,
    accounts: members.map(
      (m): OrganizationAccount => ({ id: m.id, name: m.name, status: m.status ?? 'ACTIVE', ouId: m.ouId ?? 'r-root', ouName: m.ouName ?? 'Root' }),
    ),
  };
  const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'caller', secretAccessKey: 'caller' } });
  const stsMock = mockClient(sts);
  const assumed: string[] = [];
  stsMock.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    assumed.push(input.RoleArn);
    const account = /::(\d{12}):role\//.exec(input.RoleArn)?.[1] ?? '';
    const member = members.find((m) => m.id === account);
    if (!member?.raw) {
      throw new STSServiceException({
        name: 'AccessDenied',
        message: `User: arn:aws:iam::${listing.managementAccountId}:user/auditor is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
      });
    }
    return { Credentials: { AccessKeyId: `ASIA${account}`, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000) } };
  });

  stsMock.on(GetCallerIdentityCommand).resolves({ Account: options.callerAccount ?? listing.managementAccountId, Arn: 'arn:aws:iam::000000000000:user/auditor' });

  const fakes: FakeAws[] = [];
  const inFlight = new Map<string, { now: number; max: number; calls: number }>();
  let accountsNow = 0;
  let accountsMax = 0;
  const access = organizationAccess({
    sts,
    ...(options.roleName ? { roleName: options.roleName } : {}),
    clientsFor: (account, credentials) => {
      const member = members.find((m) => m.id === account)!;
      const iam = new IAMClient({ region: 'us-east-1', credentials });
      const cloudTrail = new CloudTrailClient({ region: 'us-east-1', credentials });
      const fake = fakeAws(asAccount(member.raw ?? { gaps: [] }, account), { instances: { iam, cloudTrail } });
      fakes.push(fake);
      const stats = { now: 0, max: 0, calls: 0 };
      inFlight.set(account, stats);
      // Count calls in flight as the fake answers them (the serial wrapper sits above these clients).
      for (const client of [iam, cloudTrail] as { send: (...a: unknown[]) => Promise<unknown> }[]) {
        const send = client.send.bind(client);
        client.send = async (...args: unknown[]) => {
          stats.now++;
          stats.calls++;
          stats.max = Math.max(stats.max, stats.now);
          try {
            if (options.callDelayMs) await new Promise((r) => setTimeout(r, options.callDelayMs));
            return await send(...args);
          } finally {
            stats.now--;
          }
        };
      }
      accountsNow++;
      accountsMax = Math.max(accountsMax, accountsNow);
      return { ...fake.clients, close: () => void accountsNow-- };
    },
  });
  return {
    listing,
    access,
    assumed,
    inFlight,
    maxAccountsAtOnce: () => accountsMax,
    restore() {
      stsMock.restore();
      for (const f of fakes) f.restore();
    },
  };
}
