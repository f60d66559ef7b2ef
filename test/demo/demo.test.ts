/**
 * `npm start` end to end: DynamoDB Local, the real Lambda handlers on the
 * demo's EventBridge deliveries and schedules, the store, the outbox, the
 * HTML report; then a second run that finds nothing new.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readOutbox } from '../../shared/notify/outbox.js';
import { createStore } from '../../shared/store/index.js';
import type { FindingStore } from '../../shared/store/types.js';
import { runDemo, type DemoSummary } from '../../scripts/demo/run.js';

const ACCOUNT = '123456789012';
const CAROL = `arn:aws:iam::${ACCOUNT}:user/carol.diaz`;

async function demo(dataDir: string): Promise<{ summary: DemoSummary; printed: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  stderr.resume();
  const summary = await runDemo({ dataDir, live: false, io: { stdout, stderr, env: {} } });
  return { summary, printed: Buffer.concat(chunks).toString() };
}

describe('the local demo (npm start)', () => {
  let dataDir: string;
  let first: { summary: DemoSummary; printed: string };
  let second: { summary: DemoSummary; printed: string };
  let outboxAfterFirst: Awaited<ReturnType<typeof readOutbox>>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'demo-'));
    first = await demo(dataDir);
    outboxAfterFirst = await readOutbox(dataDir);
    // `npm start` again is a new process: new handler containers, a new DynamoDB Local on the same data.
    vi.resetModules();
    second = await demo(dataDir);
  }, 120_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('shows detections, findings opened, alerts and resolutions, and ends with the commands to explore', () => {
    expect(first.summary).toMatchObject({ account: ACCOUNT, newDetections: 39, opened: 77, reopened: 0, resolved: 26 });
    expect(first.summary.openBySeverity).toEqual({ critical: 2, high: 12, medium: 15, low: 22, info: 0 });
    expect(first.summary.alertsSent).toBe(outboxAfterFirst.length);
    expect(first.printed).toContain('105 EventBridge deliveries');
    expect(first.printed).toContain('73 findings:');
    expect(first.printed).toContain('51 findings: 4 opened, 0 reopened, 26 resolved');
    expect(first.printed).toContain(`npx iam-sentinel findings --data-dir ${dataDir}`);
    expect(first.printed).toContain(`npx iam-sentinel history --resource ${CAROL}`);
  });

  it('leaves a store that findings and history can query: a true timeline', async () => {
    const store: FindingStore = await createStore({ kind: 'local', dataDir, tableName: 'iam-sentinel' });
    try {
      expect(await store.queryFindings({ status: 'open', account: ACCOUNT })).toHaveLength(51);
      expect(await store.queryFindings({ status: 'resolved', account: ACCOUNT })).toHaveLength(26);
      // carol's MFA was removed on 2026-11-12: the re-evaluation of that event opened the finding
      // at once; she enrolled MFA during the clean-up, so the December audit resolved it.
      const carol = (await store.queryHistory({ resource: CAROL })).filter((c) => c.checkId === 'user-console-no-mfa');
      expect(carol.map((c) => [c.change, c.at.slice(0, 10)])).toEqual([
        ['opened', '2026-11-12'],
        ['resolved', '2026-12-18'],
      ]);
      const detections = await store.queryDetections({ account: ACCOUNT });
      expect(detections).toHaveLength(39);
      expect(new Set(detections.map((d) => `${d.eventId}|${d.ruleId}`)).size).toBe(39);
    } finally {
      await store.close();
    }
  });

  it('sends each alert once: detections, new findings, digests', () => {
    const ids = outboxAfterFirst.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(outboxAfterFirst.filter((n) => n.kind === 'detection' && n.ruleId === 'mfa-removed').length).toBeGreaterThan(0);
    expect(outboxAfterFirst.filter((n) => n.kind === 'finding' && n.checkId === 'root-access-key')).toHaveLength(1);
    // Who can become an administrator: each escalation path alerts like any new high finding.
    expect(outboxAfterFirst.filter((n) => n.kind === 'finding' && n.checkId === 'privilege-escalation').map((n) => (n.data as { resource: string }).resource).sort()).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/ci-runner`,
      `arn:aws:iam::${ACCOUNT}:user/backup-agent`,
      `arn:aws:iam::${ACCOUNT}:user/ci-deploy`,
      `arn:aws:iam::${ACCOUNT}:user/mallory.reed`,
    ]);
    expect(outboxAfterFirst.some((n) => n.kind === 'digest')).toBe(true);
  });

  it('writes the HTML report', async () => {
    expect((await stat(first.summary.report)).size).toBeGreaterThan(10_000);
    expect(await readFile(first.summary.report, 'utf8')).toContain('123456789012');
  });

  it('a second run reuses the data and shows nothing new, as the deployed system would', async () => {
    expect(second.summary).toMatchObject({ newDetections: 0, opened: 0, reopened: 0, resolved: 0, alertsSent: 0 });
    expect(second.summary.openBySeverity).toEqual(first.summary.openBySeverity);
    expect(await readOutbox(dataDir)).toEqual(outboxAfterFirst);
    expect(second.printed).toContain('nothing new');
  });
});
