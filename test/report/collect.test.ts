/**
 * collectReportData against the real store on the test run's DynamoDB Local:
 * two audits of a small account built in the AWS formats (a root key that
 * gets deleted, a console user without MFA, a suppressed CI user), one of
 * another account, and a few detections.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectReportData, type ReportStore } from '../../cli/report/data.js';
import { renderReport } from '../../cli/report/html.js';
import { CHECKS } from '../../shared/checks/index.js';
import type { Evaluation } from '../../shared/engine/evaluate.js';
import type { Detection } from '../../shared/model.js';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import { applyEvaluation, recordDetections } from '../../shared/pipeline/apply.js';
import { DynamoFindingStore } from '../../shared/store/dynamodb.js';
import { ensureTable } from '../../shared/store/local.js';
import {
  ACCOUNT,
  OTHER_ACCOUNT,
  ROOT_ARN,
  activeKey,
  consoleUserRow,
  groupDetail,
  rootRow,
  run,
  userArn,
  userDetail,
  userRow,
  type AccountSpec,
} from '../helpers/account.js';

const T1 = new Date('2026-11-01T00:00:00Z');
const T2 = new Date('2026-11-08T00:00:00Z');
const NOW = new Date('2026-11-08T06:00:00Z');

const CONFIG: ConfigInput = {
  suppressions: [{ checkId: 'workload-user-keys', resource: userArn('ci'), reason: 'moving to OIDC', expires: '2027-01-31T00:00:00Z' }],
};

/** Staff members, one of them without MFA; a CI user with a key; root with a key until `rootKey` is false. */
function spec(rootKey: boolean): AccountSpec {
  const users = ['alice', 'bob', 'ci'].map((name) => userDetail(name, { GroupList: ['Staff'] }));
  return {
    rows: [
      rootRow(rootKey ? activeKey(1, 10, null) : {}),
      consoleUserRow('alice', { mfa_active: 'false' }),
      consoleUserRow('bob'),
      userRow('ci', activeKey(1, 10)),
    ],
    users,
    groups: [groupDetail('Staff')],
  };
}

const evaluation = (rootKey: boolean, now: Date): Evaluation => run(CHECKS, spec(rootKey), CONFIG, now);
const inOtherAccount = (e: Evaluation): Evaluation => JSON.parse(JSON.stringify(e).replaceAll(ACCOUNT, OTHER_ACCOUNT));

const DETECTIONS: Detection[] = [
  {
    ruleId: 'root-access-key-created',
    severity: 'critical',
    eventId: '5f0d2c1e-0000-4000-8000-000000000001',
    eventName: 'CreateAccessKey',
    eventTime: '2026-10-31T08:20:05Z',
    actor: ROOT_ARN,
    sourceIp: '192.0.2.45',
    resource: ROOT_ARN,
    message: 'The root user created an access key for itself',
  },
  {
    ruleId: 'console-login-no-mfa',
    severity: 'high',
    eventId: '5f0d2c1e-0000-4000-8000-000000000002',
    eventName: 'ConsoleLogin',
    eventTime: '2026-11-07T07:58:00Z',
    actor: userArn('alice'),
    sourceIp: '198.51.100.140',
    resource: userArn('alice'),
    message: 'IAM user alice signed in to the console without MFA <from a "new" device>',
  },
];

let store: DynamoFindingStore;
let first: Evaluation;
let second: Evaluation;

beforeAll(async () => {
  const tableName = 'report-collect';
  store = new DynamoFindingStore({
    tableName,
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await ensureTable(store.client, tableName);
  const config = makeConfig(CONFIG);
  first = evaluation(true, T1);
  second = evaluation(false, T2);
  await applyEvaluation(store, first, config);
  await applyEvaluation(store, inOtherAccount(first), config);
  await applyEvaluation(store, second, config);
  await recordDetections(store, DETECTIONS, ACCOUNT, first.accountAlias, config);
});

afterAll(async () => {
  await store?.close();
});

describe('collectReportData', () => {
  it('reads current findings, runs, history and detections of one account, and its alias', async () => {
    const data = await collectReportData(store, { account: ACCOUNT, now: NOW });

    expect(data.accounts).toEqual([{ account: ACCOUNT, alias: 'example-corp' }]);
    expect(data.generatedAt).toBe(NOW.toISOString());
    expect(data.lastAuditAt).toBe(T2.toISOString());

    // Open findings are exactly the latest audit's, most severe first.
    const key = (f: { checkId: string; resource: string; qualifier?: string }) => `${f.checkId}|${f.resource}|${f.qualifier ?? ''}`;
    expect(data.openFindings.map(key).sort()).toEqual(second.findings.map(key).sort());
    expect(data.openFindings.map((f) => f.checkId)).toContain('user-console-no-mfa');
    expect(data.openFindings.some((f) => f.checkId === 'root-access-key')).toBe(false);
    expect(data.suppressedFindings.map((f) => [f.checkId, f.resource, f.suppression?.reason])).toEqual([['workload-user-keys', userArn('ci'), 'moving to OIDC']]);

    expect(data.runs.map((r) => [r.at, r.account])).toEqual([
      [T1.toISOString(), ACCOUNT],
      [T2.toISOString(), ACCOUNT],
    ]);
    expect(data.runs[1].openBySeverity.critical).toBe(0);
    expect(data.runs[0].openBySeverity.critical).toBeGreaterThan(0);

    // Newest first: the root key's resolution at T2, its opening at T1.
    const rootKey = data.changes.items.filter((c) => c.checkId === 'root-access-key');
    expect(rootKey.map((c) => [c.change, c.at])).toEqual([
      ['resolved', T2.toISOString()],
      ['opened', T1.toISOString()],
    ]);
    expect(data.changes.items.some((c) => c.change === 'suppressed' && c.checkId === 'workload-user-keys')).toBe(true);

    expect(data.detections.items.map((d) => d.ruleId)).toEqual(['console-login-no-mfa', 'root-access-key-created']);
    expect(data.detections.inWindow).toBe(2);

    const coverage = data.coverage.checks.find((c) => c.entry.id === 'user-console-no-mfa');
    expect(coverage).toMatchObject({ status: 'evaluated', count: 1 });
    expect(data.coverage.rules.find((r) => r.entry.id === 'console-login-no-mfa')?.count).toBe(1);
  });

  it('without an account, reads every account in the store', async () => {
    const data = await collectReportData(store, { now: NOW });
    expect(data.accounts).toEqual([
      { account: ACCOUNT, alias: 'example-corp' },
      { account: OTHER_ACCOUNT, alias: 'example-corp' },
    ]);
    expect(data.runs.map((r) => r.account)).toEqual([ACCOUNT, OTHER_ACCOUNT, ACCOUNT]);
    expect(new Set(data.openFindings.map((f) => f.account))).toEqual(new Set([ACCOUNT, OTHER_ACCOUNT]));
    // The other account still has its root key open.
    expect(data.openFindings.some((f) => f.checkId === 'root-access-key' && f.account === OTHER_ACCOUNT)).toBe(true);
  });

  it('shows nothing later than the report time', async () => {
    const data = await collectReportData(store, { account: ACCOUNT, now: new Date('2026-11-02T00:00:00Z') });
    expect(data.runs.map((r) => r.at)).toEqual([T1.toISOString()]);
    expect(data.lastAuditAt).toBe(T1.toISOString());
    expect(data.changes.items.every((c) => c.at === T1.toISOString())).toBe(true);
    expect(data.detections.items.map((d) => d.ruleId)).toEqual(['root-access-key-created']);
  });

  it('renders what it collected, escaped', async () => {
    const page = renderReport(await collectReportData(store, { account: ACCOUNT, now: NOW }));
    expect(page).toContain('user-console-no-mfa');
    expect(page).toContain('without MFA &lt;from a &quot;new&quot; device&gt;');
    expect(page).not.toContain('<from a');
  });

  it('names accounts from the options where the store cannot list them, and lets the options override an alias', async () => {
    const unlisted: ReportStore = {
      queryFindings: (q) => store.queryFindings(q),
      queryHistory: (q) => store.queryHistory(q),
      queryDetections: (q) => store.queryDetections(q),
      listRuns: (q) => store.listRuns(q),
    };
    expect((await collectReportData(unlisted, { now: NOW })).accounts).toEqual([
      { account: ACCOUNT, alias: null },
      { account: OTHER_ACCOUNT, alias: null },
    ]);
    const named = { now: NOW, account: OTHER_ACCOUNT, accounts: [{ account: OTHER_ACCOUNT, alias: 'example-sandbox' }] };
    expect((await collectReportData(unlisted, named)).accounts).toEqual([{ account: OTHER_ACCOUNT, alias: 'example-sandbox' }]);
    expect((await collectReportData(store, named)).accounts).toEqual([{ account: OTHER_ACCOUNT, alias: 'example-sandbox' }]);
  });
});
