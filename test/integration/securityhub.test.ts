/**
 * `export securityhub` end to end against the moto emulator (Security Hub)
 * and the test run's DynamoDB Local (the finding store, as an "aws" table):
 * a scan's findings imported once, a second export changing nothing, and a
 * remediation archiving exactly what was fixed (PASSED + ARCHIVED). The Ids
 * in Security Hub are those of `findings --format asff`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EnableSecurityHubCommand, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exportKey } from '../../shared/store/export-state.js';
import { ensureTable } from '../../shared/store/local.js';
import { cli } from '../cli/run-cli.js';
import { skipMoto, startMoto, type Moto } from './moto.js';

const ACCOUNT = '123456789012';
const TABLE = 'securityhub-export-test';
const REGION = 'us-east-1';

interface HubFinding {
  Id: string;
  RecordState: string;
  Compliance: { Status: string };
  UpdatedAt: string;
  [key: string]: unknown;
}

describe.skipIf(skipMoto())('export securityhub (moto, DynamoDB Local)', () => {
  let moto: Moto;
  const saved = { ...process.env };
  const store = ['--store', 'aws', '--table', TABLE];
  const scan = (dir: string, now: string) => cli(['scan', '--snapshot', dir, '--now', now, '--format', 'json', ...store]);
  const exportToHub = async () => {
    const out = await cli(['export', 'securityhub', '--format', 'json', ...store]);
    expect(out.stderr).not.toMatch(/refused|failed:/);
    expect(out.code).toBe(0);
    return out.json<{ accounts: { account: string; imported: number; archived: number; unchanged: number; skipped: number }[] }>().accounts;
  };
  let hub: SecurityHubClient;
  /** Everything Security Hub holds, by Id (GetFindings, every page; moto answers with the findings as imported). */
  const hubFindings = async () => {
    const found = new Map<string, HubFinding>();
    let token: string | undefined;
    do {
      const page = await hub.send(new GetFindingsCommand({ MaxResults: 100, ...(token ? { NextToken: token } : {}) }));
      for (const f of (page.Findings ?? []) as unknown as HubFinding[]) found.set(f.Id, f);
      token = page.NextToken;
    } while (token);
    return found;
  };

  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_SECURITYHUB: moto.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    await ensureTable(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }), TABLE);
    hub = new SecurityHubClient({ region: REGION, endpoint: moto.endpoint });
    await hub.send(new EnableSecurityHubCommand({}));
  }, 60_000);

  afterAll(async () => {
    process.env = saved;
    hub?.destroy();
    await moto?.stop();
  });

  let first: Map<string, HubFinding>;

  it('imports every stored finding once, under the account\'s default product, with the Ids of --format asff', async () => {
    const scanned = await scan('examples/demo-account', '2026-11-01T00:00:00Z');
    expect(scanned.code).toBe(0);
    const total = scanned.json<{ findings: unknown[] }>().findings.length;

    expect(await exportToHub()).toEqual([{ account: ACCOUNT, region: REGION, productArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`, imported: total, archived: 0, unchanged: 0, skipped: 0, failed: [] }]);

    first = await hubFindings();
    expect(first.size).toBe(total);
    for (const f of first.values()) expect([f.RecordState, f.Compliance.Status]).toEqual(['ACTIVE', 'FAILED']);

    const asff = JSON.parse((await cli(['findings', '--status', 'all', '--format', 'asff', ...store])).stdout) as HubFinding[];
    expect(new Set(asff.map((f) => f.Id))).toEqual(new Set(first.keys()));
    for (const f of asff) expect(first.get(f.Id)).toMatchObject(f);
  });

  it('a second export sends nothing, and Security Hub holds exactly what it held', async () => {
    expect(await exportToHub()).toMatchObject([{ imported: 0, archived: 0, unchanged: first.size }]);
    expect(await hubFindings()).toEqual(first);
  });

  it('after remediation, the fixed findings are re-imported PASSED and ARCHIVED, the new ones added, the rest left as they were', async () => {
    const rescan = await scan('examples/demo-account-remediated', '2026-11-02T00:00:00Z');
    expect(rescan.code).toBe(0);
    const resolved = (await cli(['findings', '--status', 'resolved', '--format', 'json', ...store])).json<{ findings: { findingId: string }[] }>().findings;
    expect(resolved.length).toBeGreaterThan(5);

    const [result] = await exportToHub();
    expect(result.archived).toBe(resolved.length);

    const after = await hubFindings();
    const archived = [...after.values()].filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived).toHaveLength(resolved.length);
    for (const f of archived) {
      expect(f.Compliance.Status).toBe('PASSED');
      expect(f.UpdatedAt).toBe('2026-11-02T00:00:00.000Z');
      expect(first.has(f.Id)).toBe(true);
    }
    const stillOpen = [...after.values()].filter((f) => f.RecordState === 'ACTIVE');
    expect(stillOpen.every((f) => f.Compliance.Status === 'FAILED')).toBe(true);
    const open = (await cli(['findings', '--status', 'open', '--format', 'json', ...store])).json<{ findings: { firstSeen: string }[] }>().findings;
    const opened = open.filter((f) => f.firstSeen === '2026-11-02T00:00:00.000Z').length;
    expect(opened).toBeGreaterThan(0);
    expect(after.size).toBe(first.size + opened);
    // What did not change in the store is not sent again.
    const untouched = [...first.keys()].filter((id) => after.get(id)!.RecordState === 'ACTIVE' && JSON.stringify(after.get(id)) === JSON.stringify(first.get(id)));
    expect(untouched.length).toBe(first.size - result.archived - (result.imported - result.archived - opened));

    expect(await exportToHub()).toMatchObject([{ imported: 0, archived: 0 }]);
  });

  it('remembers the exported state per finding in the findings table, beside the states', async () => {
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: inject('dynamoEndpoint') }));
    const page = await client.send(
      new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': exportKey.pk(ACCOUNT, `securityhub:${REGION}`) } }),
    );
    client.destroy();
    const hub = await hubFindings();
    expect(page.Items).toHaveLength(hub.size);
    for (const item of page.Items ?? []) {
      expect(item).toMatchObject({ account: ACCOUNT, sink: `securityhub:${REGION}`, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(hub.get(`iam-sentinel:${ACCOUNT}:${String(item.checkId)}:${String(item.resource)}${item.qualifier ? `:${String(item.qualifier)}` : ''}`)?.UpdatedAt).toBe(item.updatedAt);
    }
  });
});

describe('export usage', () => {
  it.each([
    [['export'], 'export: DESTINATION is required (where the findings go)'],
    [['export', 'splunk'], 'export: DESTINATION must be one of securityhub (got "splunk")'],
    [['export', 'securityhub', '--account', '12345'], 'export: --account: expected a 12-digit AWS account id (got "12345")'],
    [['export', 'securityhub', '--format', 'csv'], 'export: --format must be one of table, json (got "csv")'],
  ])('%j is bad usage: one line, exit 2', async (args, message) => {
    const out = await cli(args);
    expect(out.code).toBe(2);
    expect(out.stderr.trim()).toBe(`iam-sentinel: ${message}`);
  });
});
