/**
 * findings, history and report across the accounts of an organization, by
 * account, OU or account name, from a store an organization scan filled.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeConfig } from '../../shared/config/schema.js';
import { scanOrganization } from '../../shared/pipeline/org-scan.js';
import { NOW, rawAccount } from '../helpers/account.js';
import { fakeOrganization } from '../helpers/organization.js';
import { freshStore, type TestStore } from '../store/harness.js';
import { cli } from './run-cli.js';

const MANAGEMENT = '111111111111';
const PROD_A = '222222222222';
const PROD_B = '333333333333';
const SANDBOX = '444444444444';

describe('findings, history and report of an organization', () => {
  let table: TestStore;
  let work: string;
  const saved = { ...process.env };
  const store = () => ['--store', 'aws', '--table', table.tableName];

  beforeAll(async () => {
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'), AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    delete process.env.AWS_PROFILE;
    work = await mkdtemp(join(tmpdir(), 'org-store-cli-'));
    table = await freshStore('org-cli');
    // Every account lacks an alias, so each has account-alias-missing on its own root.
    const org = fakeOrganization([
      { id: MANAGEMENT, name: 'management', raw: rawAccount({ aliases: [] }) },
      { id: PROD_A, name: 'prod-payments', ouId: 'ou-prod', ouName: 'Prod', raw: rawAccount({ aliases: [] }) },
      { id: PROD_B, name: 'prod-web', ouId: 'ou-prod', ouName: 'Prod', raw: rawAccount({ aliases: [], passwordPolicy: null }) },
      { id: SANDBOX, name: 'sandbox', ouId: 'ou-sandbox', ouName: 'Sandbox', raw: rawAccount({ aliases: [] }) },
    ]);
    await scanOrganization({ listing: org.listing, access: org.access, config: makeConfig({}), now: NOW, store: table.store });
    org.restore();
  });
  afterAll(async () => {
    process.env = saved;
    await table.store.close();
    await rm(work, { recursive: true, force: true });
  });

  const accountsOf = (findings: { resource: string }[]) => [...new Set(findings.map((f) => /::(\d{12}):/.exec(f.resource)![1]))].sort();

  it('findings by OU (name or id), by account name with a wildcard, and by account', async () => {
    const byOu = await cli(['findings', '--ou', 'Prod', ...store(), '--format', 'json']);
    expect(byOu.code, byOu.stderr).toBe(0);
    expect(accountsOf(byOu.json().findings)).toEqual([PROD_A, PROD_B]);
    expect(accountsOf((await cli(['findings', '--ou', 'ou-sandbox', ...store(), '--format', 'json'])).json().findings)).toEqual([SANDBOX]);
    expect(accountsOf((await cli(['findings', '--account-name', 'prod-w*', ...store(), '--format', 'json'])).json().findings)).toEqual([PROD_B]);
    expect(accountsOf((await cli(['findings', '--account', MANAGEMENT, ...store(), '--format', 'json'])).json().findings)).toEqual([MANAGEMENT]);
    expect(accountsOf((await cli(['findings', ...store(), '--format', 'json'])).json().findings)).toEqual([MANAGEMENT, PROD_A, PROD_B, SANDBOX]);
    expect((await cli(['findings', '--ou', 'Nowhere', ...store(), '--format', 'json'])).json().findings).toEqual([]);
  });

  it('the table names the account when findings span several', async () => {
    const r = await cli(['findings', '--ou', 'Prod', ...store()]);
    expect(r.stdout.split('\n')[2]).toMatch(/^account\s+severity/);
    expect(r.stdout).toContain(PROD_B);
  });

  it('history by OU, oldest first', async () => {
    const r = await cli(['history', '--ou', 'prod', ...store(), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(accountsOf(r.json().events)).toEqual([PROD_A, PROD_B]);
    expect(r.json().events.every((e: { change: string }) => e.change === 'opened')).toBe(true);
  });

  it('report of one OU: only its accounts, in the table of accounts and everywhere else', async () => {
    const file = join(work, 'prod.html');
    const r = await cli(['report', '--html', file, '--ou', 'Prod', '--now', '2026-11-02T00:00:00Z', ...store()]);
    expect(r.code, r.stderr).toBe(0);
    const page = await readFile(file, 'utf8');
    expect(page).toContain('<section id="accounts"');
    expect(page).toContain('prod-payments');
    expect(page).toContain('prod-web');
    expect(page).not.toContain(SANDBOX);
    expect(page).not.toContain(MANAGEMENT);
  });

  it('a malformed --account is a usage error', async () => {
    const r = await cli(['findings', '--account', 'prod', ...store()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--account: expected a 12-digit account id');
  });
});
