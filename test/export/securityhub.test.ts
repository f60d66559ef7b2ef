/**
 * The Security Hub exporter without AWS: what it sends (only changes, the
 * archived resolved ones), in which batches and at what pace, what it
 * records, how it survives refusals and failures, and that the real SDK
 * client retries throttling and puts every ASFF field on the wire.
 */
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AsffFinding } from '../../shared/export/asff.js';
import {
  SECURITY_HUB_LIMITS,
  batches,
  exportIncomplete,
  exportProblems,
  exportToSecurityHub,
  fingerprint,
  planExport,
  sameAccountTarget,
  scopeOfReevaluations,
  securityHubSink,
  type SecurityHubTarget,
} from '../../shared/export/securityhub.js';
import type { ExportStateStore, ExportedState } from '../../shared/store/export-state.js';
import type { FindingQuery, FindingState } from '../../shared/store/types.js';
import { ACCOUNT, STATES, state } from './fixtures.js';

const REGION = 'us-east-1';
const NOW = new Date('2026-11-04T00:00:00Z');

class MemoryExportState implements ExportStateStore {
  readonly records = new Map<string, ExportedState>();
  async load(account: string, sink: string) {
    return new Map([...this.records].filter(([k]) => k.startsWith(`${account}|${sink}|`)).map(([, v]) => [v.findingId, v]));
  }
  async saveAll(sink: string, states: readonly ExportedState[]) {
    for (const s of states) this.records.set(`${s.account}|${sink}|${s.findingId}`, s);
  }
}

function memoryStore(states: readonly FindingState[]) {
  return {
    async queryFindings(q: FindingQuery) {
      return states.filter((s) => (!q.account || s.account === q.account) && (!q.resource || s.resource === q.resource));
    },
  };
}

/** A Security Hub stand-in: keeps what it was sent; refuses the ids in `refuse`. */
function fakeHub(refuse: ReadonlySet<string> = new Set()) {
  const calls: AsffFinding[][] = [];
  const client = {
    async send(command: { input: { Findings?: unknown[] } }) {
      const findings = (command.input.Findings ?? []) as AsffFinding[];
      calls.push(findings);
      const failed = findings.filter((f) => refuse.has(f.Id)).map((f) => ({ Id: f.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'refused in a test' }));
      return { $metadata: {}, FailedCount: failed.length, SuccessCount: findings.length - failed.length, FailedFindings: failed };
    },
  };
  return { calls, target: async (): Promise<SecurityHubTarget> => ({ client: client as unknown as SecurityHubTarget['client'], region: REGION }) };
}

describe('planExport (pure)', () => {
  it('sends new open and suppressed findings, never a finding resolved before it was exported', () => {
    const plan = planExport(STATES, new Map(), REGION, NOW);
    expect(plan.send.map((p) => p.finding.Compliance?.Status)).toEqual(['FAILED', 'WARNING']);
    expect(plan).toMatchObject({ unchanged: 0, skipped: 1 });
    expect(plan.send[0].record).toMatchObject({ findingId: STATES[0].findingId, updatedAt: '2026-11-02T00:00:00.000Z', exportedAt: NOW.toISOString() });
  });

  it('sends nothing for what is exported as it is, and only what changed otherwise', () => {
    const first = planExport(STATES, new Map(), REGION, NOW);
    const exported = new Map(first.send.map((p) => [p.record.findingId, p.record]));
    expect(planExport(STATES, exported, REGION, NOW)).toMatchObject({ send: [], unchanged: 2, skipped: 1 });

    // A later scan saw the same content: lastSeen moves, the finding does not; nothing to send.
    const seenAgain = STATES.map((s) => (s.status === 'open' ? { ...s, lastSeen: '2026-11-05T00:00:00.000Z' } : s));
    expect(planExport(seenAgain, exported, REGION, NOW).send).toEqual([]);

    // Resolved since: re-imported archived, dated by the resolution.
    const fixed = STATES.map((s, i) => (i === 0 ? { ...s, status: 'resolved' as const, resolvedAt: '2026-11-06T00:00:00.000Z' } : s));
    const plan = planExport(fixed, exported, REGION, NOW);
    expect(plan.send.map((p) => [p.finding.Id, p.finding.Compliance?.Status, p.finding.RecordState, p.finding.UpdatedAt, p.archived])).toEqual([
      [first.send[0].finding.Id, 'PASSED', 'ARCHIVED', '2026-11-06T00:00:00.000Z', true],
    ]);
  });

  it('when only the format changed (a new release), moves UpdatedAt past the last export so Security Hub takes it', () => {
    const first = planExport([STATES[0]], new Map(), REGION, NOW);
    const record = { ...first.send[0].record, fingerprint: 'from an older release' };
    const plan = planExport([STATES[0]], new Map([[record.findingId, record]]), REGION, NOW);
    expect(plan.send[0].finding.UpdatedAt).toBe(NOW.toISOString());
    expect(Date.parse(plan.send[0].finding.UpdatedAt)).toBeGreaterThan(Date.parse(record.updatedAt));
  });

  it('the fingerprint ignores what moves on every run or release, and nothing else', () => {
    const [f] = planExport([STATES[0]], new Map(), REGION, NOW).send.map((p) => p.finding);
    expect(fingerprint({ ...f, UpdatedAt: 'x', LastObservedAt: 'y', ProductFields: { ...f.ProductFields, 'iam-sentinel/version': '9.9.9' } })).toBe(fingerprint(f));
    expect(fingerprint({ ...f, Description: 'changed' })).not.toBe(fingerprint(f));
  });
});

describe('batches', () => {
  const finding = (i: number, size = 100) => ({ finding: { Id: `f${i}`, Description: 'x'.repeat(size) } as unknown as AsffFinding });

  it('at most 100 findings per call', () => {
    expect(batches(Array.from({ length: 250 }, (_, i) => finding(i))).map((b) => b.length)).toEqual([100, 100, 50]);
    expect(batches([])).toEqual([]);
  });

  it('at most 6 MB per call', () => {
    const big = Array.from({ length: 30 }, (_, i) => finding(i, 230_000));
    const out = batches(big);
    expect(out.length).toBeGreaterThan(1);
    for (const b of out) expect(Buffer.byteLength(JSON.stringify(b.map((x) => x.finding)))).toBeLessThan(SECURITY_HUB_LIMITS.bytesPerBatch);
    expect(out.flat()).toHaveLength(30);
  });
});

describe('exportToSecurityHub', () => {
  afterEach(() => vi.restoreAllMocks());

  it('imports, records, and the second run sends nothing', async () => {
    const hub = fakeHub();
    const exported = new MemoryExportState();
    const options = { store: memoryStore(STATES), exported, targetFor: hub.target, clock: () => NOW, sleep: async () => {} };
    const first = await exportToSecurityHub(options);
    expect(first.accounts).toEqual([
      { account: ACCOUNT, region: REGION, productArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`, imported: 2, archived: 0, unchanged: 0, skipped: 1, failed: [] },
    ]);
    expect(exported.records.size).toBe(2);
    expect([...exported.records.keys()][0].startsWith(`${ACCOUNT}|${securityHubSink(REGION)}|`)).toBe(true);
    const second = await exportToSecurityHub(options);
    expect(second.accounts[0]).toMatchObject({ imported: 0, unchanged: 2 });
    expect(hub.calls).toHaveLength(1);
    expect(exportIncomplete(second)).toBe(false);
  });

  it('a refused finding is reported and not recorded, so the next export sends it again', async () => {
    const refusedId = planExport([STATES[0]], new Map(), REGION, NOW).send[0].finding.Id;
    const exported = new MemoryExportState();
    const options = { store: memoryStore(STATES), exported, clock: () => NOW, sleep: async () => {} };
    const result = await exportToSecurityHub({ ...options, targetFor: fakeHub(new Set([refusedId])).target });
    expect(result.accounts[0]).toMatchObject({ imported: 1, failed: [{ id: refusedId, code: 'InvalidInput', message: 'refused in a test' }] });
    expect(exportIncomplete(result)).toBe(true);
    expect(exportProblems(result)).toEqual([`Security Hub refused finding ${refusedId} of ${ACCOUNT} (InvalidInput: refused in a test)`]);
    const hub = fakeHub();
    expect((await exportToSecurityHub({ ...options, targetFor: hub.target })).accounts[0]).toMatchObject({ imported: 1, unchanged: 1 });
    expect(hub.calls.flat().map((f) => f.Id)).toEqual([refusedId]);
  });

  it('one account that cannot be exported does not stop the others; each goes through its own target', async () => {
    const other = '210987654321';
    const states = [...STATES, state({ checkId: 'root-mfa', resource: `arn:aws:iam::${other}:root`, account: other })];
    const hub = fakeHub();
    const asked: string[] = [];
    const targetFor = async (account: string) => {
      asked.push(account);
      if (account === ACCOUNT) throw Object.assign(new Error('Account is not subscribed to AWS Security Hub'), { name: 'InvalidAccessException' });
      return hub.target();
    };
    const result = await exportToSecurityHub({ store: memoryStore(states), exported: new MemoryExportState(), targetFor, clock: () => NOW, sleep: async () => {} });
    expect(asked).toEqual([ACCOUNT, other].sort());
    expect(result.accounts.map((a) => [a.account, a.imported, a.error])).toEqual([
      [ACCOUNT, 0, 'InvalidAccessException: Account is not subscribed to AWS Security Hub'],
      [other, 1, undefined],
    ]);
    expect(hub.calls.flat().every((f) => f.AwsAccountId === other && f.ProductArn.includes(`:${other}:product/${other}/`))).toBe(true);
  });

  it('keeps to 10 calls a second', async () => {
    let clock = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => clock);
    const waits: number[] = [];
    const many = Array.from({ length: 250 }, (_, i) => state({ checkId: 'user-no-group', resource: `arn:aws:iam::${ACCOUNT}:user/u${i}` }));
    const hub = fakeHub();
    await exportToSecurityHub({
      store: memoryStore(many),
      exported: new MemoryExportState(),
      targetFor: hub.target,
      clock: () => NOW,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    expect(hub.calls.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(waits).toEqual([100, 100]);
  });

  it('scopes to accounts and resources (after a targeted re-evaluation)', async () => {
    const hub = fakeHub();
    const result = await exportToSecurityHub({
      store: memoryStore(STATES),
      exported: new MemoryExportState(),
      targetFor: hub.target,
      accounts: [ACCOUNT],
      resources: [STATES[1].resource],
      clock: () => NOW,
      sleep: async () => {},
    });
    expect(result.accounts[0].imported).toBe(1);
    expect(hub.calls.flat().map((f) => f.Resources[0].Id)).toEqual([STATES[1].resource]);
    expect(
      scopeOfReevaluations([
        { entity: { arn: 'arn:aws:iam::1:user/a' }, evaluation: { account: '1', scope: { resources: ['arn:aws:iam::1:user/a'] } }, applied: {} },
        { entity: { arn: 'arn:aws:iam::1:user/b' }, evaluation: { account: '1' } },
      ]),
    ).toEqual({ accounts: ['1'], resources: ['arn:aws:iam::1:user/a'] });
    expect(scopeOfReevaluations([])).toBeNull();
  });
});

describe('the SDK client it sends through', () => {
  /** An HTTP handler that answers from a script and keeps the requests. */
  function scripted(responses: { status: number; headers?: Record<string, string>; body: unknown }[]) {
    const requests: { method: string; path: string; body: string }[] = [];
    return {
      requests,
      handler: {
        async handle(request: { method: string; path: string; body?: unknown }) {
          requests.push({ method: request.method, path: request.path, body: typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array) });
          const r = responses.shift() ?? { status: 200, body: { FailedCount: 0, SuccessCount: 0, FailedFindings: [] } };
          return {
            response: {
              statusCode: r.status,
              reason: '',
              headers: { 'content-type': 'application/json', ...r.headers },
              body: new TextEncoder().encode(JSON.stringify(r.body)),
            },
          };
        },
        updateHttpClientConfig() {},
        httpHandlerConfigs: () => ({}),
      },
    };
  }

  it('puts every ASFF field on the wire as built, and retries throttling (LimitExceededException) with backoff', async () => {
    const http = scripted([
      { status: 429, headers: { 'x-amzn-errortype': 'LimitExceededException' }, body: { message: 'Rate exceeded' } },
      { status: 200, body: { FailedCount: 0, SuccessCount: 2, FailedFindings: [] } },
    ]);
    const client = new SecurityHubClient({
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      retryMode: 'adaptive',
      maxAttempts: 3,
      requestHandler: http.handler as never,
    });
    const result = await exportToSecurityHub({ store: memoryStore(STATES), exported: new MemoryExportState(), targetFor: sameAccountTarget(client), clock: () => NOW });
    client.destroy();
    expect(result.accounts[0]).toMatchObject({ imported: 2, failed: [] });
    expect(http.requests).toHaveLength(2);
    expect(http.requests[1]).toMatchObject({ method: 'POST', path: '/findings/import' });
    const sent = JSON.parse(http.requests[1].body) as { Findings: AsffFinding[] };
    expect(sent.Findings).toEqual(planExport(STATES, new Map(), REGION, NOW).send.map((p) => p.finding));
  });
});
