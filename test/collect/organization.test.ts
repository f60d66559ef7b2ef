import {
  DescribeOrganizationalUnitCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListParentsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountUnreachableError, assumeRoleCredentials } from '../../shared/collect/organization-credentials.js';
import { listOrganization, mapBounded, serialClient } from '../../shared/collect/organization.js';
import { throttled } from './fake-aws.js';

const instant = { sleep: async () => {} };

describe('listOrganization', () => {
  const organizations = new OrganizationsClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(organizations);
  afterEach(() => mock.reset());

  function serve() {
    mock.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc', MasterAccountId: '111111111111' } });
    mock
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({ Accounts: [{ Id: '111111111111', Name: 'management', State: 'ACTIVE' }, { Id: '222222222222', Name: 'prod', Status: 'ACTIVE' }], NextToken: 'p2' })
      .on(ListAccountsCommand, { NextToken: 'p2' })
      .resolves({ Accounts: [{ Id: '333333333333', Name: 'old', State: 'SUSPENDED', Status: 'SUSPENDED' }, { Id: '444444444444', Name: 'prod-2', State: 'ACTIVE' }] });
    mock.on(ListParentsCommand, { ChildId: '111111111111' }).resolves({ Parents: [{ Id: 'r-root', Type: 'ROOT' }] });
    mock.on(ListParentsCommand, { ChildId: '222222222222' }).resolves({ Parents: [{ Id: 'ou-prod', Type: 'ORGANIZATIONAL_UNIT' }] });
    mock.on(ListParentsCommand, { ChildId: '333333333333' }).resolves({ Parents: [{ Id: 'ou-gone', Type: 'ORGANIZATIONAL_UNIT' }] });
    mock.on(ListParentsCommand, { ChildId: '444444444444' }).resolves({ Parents: [{ Id: 'ou-prod', Type: 'ORGANIZATIONAL_UNIT' }] });
    mock.on(DescribeOrganizationalUnitCommand, { OrganizationalUnitId: 'ou-prod' }).resolves({ OrganizationalUnit: { Id: 'ou-prod', Name: 'Prod' } });
    mock.on(DescribeOrganizationalUnitCommand, { OrganizationalUnitId: 'ou-gone' }).rejects(new Error('AccessDenied'));
  }

  it('lists every page with name, state and OU (each OU described once; an unreadable OU name is left out)', async () => {
    serve();
    const listing = await listOrganization(organizations, { retry: instant });
    expect(listing).toEqual({
      organizationId: 'o-abc',
      managementAccountId: '111111111111',
      accounts: [
        { id: '111111111111', name: 'management', status: 'ACTIVE', ouId: 'r-root', ouName: 'Root' },
        { id: '222222222222', name: 'prod', status: 'ACTIVE', ouId: 'ou-prod', ouName: 'Prod' },
        { id: '333333333333', name: 'old', status: 'SUSPENDED', ouId: 'ou-gone', ouName: null },
        { id: '444444444444', name: 'prod-2', status: 'ACTIVE', ouId: 'ou-prod', ouName: 'Prod' },
      ],
    });
    expect(mock.commandCalls(DescribeOrganizationalUnitCommand, { OrganizationalUnitId: 'ou-prod' })).toHaveLength(1);
  });

  it('looks up only the accounts asked for, and retries throttling', async () => {
    serve();
    mock.on(ListParentsCommand, { ChildId: '222222222222' }).rejectsOnce(throttled()).resolves({ Parents: [{ Id: 'ou-prod', Type: 'ORGANIZATIONAL_UNIT' }] });
    const listing = await listOrganization(organizations, { retry: instant, only: new Set(['222222222222']) });
    expect(listing.accounts.map((a) => a.id)).toEqual(['222222222222']);
    expect(mock.commandCalls(ListParentsCommand)).toHaveLength(2);
  });
});

describe('assumeRoleCredentials', () => {
  const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(sts);
  afterEach(() => mock.reset());
  const roleArn = 'arn:aws:iam::222222222222:role/iam-sentinel-audit';

  it('assumes the role once for concurrent callers, and again only once the credentials are within five minutes of expiry', async () => {
    let clock = Date.parse('2026-11-01T00:00:00Z');
    let n = 0;
    mock.on(AssumeRoleCommand).callsFake(async () => {
      n++;
      return { Credentials: { AccessKeyId: `ASIA${n}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(clock + 3600_000) } };
    });
    const provider = assumeRoleCredentials({ sts, account: '222222222222', roleArn, sessionName: 'iam-sentinel', now: () => clock });
    const [a, b] = await Promise.all([provider(), provider()]);
    expect([a.accessKeyId, b.accessKeyId]).toEqual(['ASIA1', 'ASIA1']);
    clock += 54 * 60_000; // 6 minutes left: still fresh
    expect((await provider()).accessKeyId).toBe('ASIA1');
    clock += 2 * 60_000; // 4 minutes left: refreshed before it lapses
    expect((await provider()).accessKeyId).toBe('ASIA2');
    expect(mock.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({ RoleArn: roleArn, RoleSessionName: 'iam-sentinel', DurationSeconds: 3600 });
  });

  it('a refusal is an AccountUnreachableError with the reason, and the next call asks again', async () => {
    mock
      .on(AssumeRoleCommand)
      .rejectsOnce(Object.assign(new Error('User: x is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }))
      .resolves({ Credentials: { AccessKeyId: 'ASIAOK', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } });
    const provider = assumeRoleCredentials({ sts, account: '222222222222', roleArn, sessionName: 'iam-sentinel' });
    const error = await provider().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountUnreachableError);
    expect((error as Error).message).toBe(`cannot assume ${roleArn}: AccessDenied: User: x is not authorized to perform: sts:AssumeRole`);
    expect((await provider()).accessKeyId).toBe('ASIAOK');
  });
});

describe('serialClient and mapBounded', () => {
  it('a serial client makes one call at a time, in order, and a failed call does not stop the next', async () => {
    let now = 0;
    let max = 0;
    const order: number[] = [];
    const client = {
      async send(n: unknown) {
        now++;
        max = Math.max(max, now);
        await new Promise((r) => setTimeout(r, 2));
        now--;
        order.push(n as number);
        if (n === 2) throw new Error('boom');
        return n;
      },
    };
    const queue = { tail: Promise.resolve() as Promise<unknown> };
    const a = serialClient(client, queue);
    const b = serialClient({ send: client.send }, queue);
    const results = await Promise.allSettled([a.send(1), b.send(2), a.send(3)]);
    expect(max).toBe(1);
    expect(order).toEqual([1, 2, 3]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('mapBounded keeps at most the limit in flight and the results in input order', async () => {
    let now = 0;
    let max = 0;
    const out = await mapBounded([5, 1, 4, 2, 3], 2, async (ms) => {
      now++;
      max = Math.max(max, now);
      await new Promise((r) => setTimeout(r, ms));
      now--;
      return ms * 10;
    });
    expect(max).toBe(2);
    expect(out).toEqual([50, 10, 40, 20, 30]);
  });
});
