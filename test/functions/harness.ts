/**
 * Running the Lambda handlers locally, as the local demo does: the real
 * DynamoDB store on the test run's DynamoDB Local, the demo account's
 * snapshot folder instead of a live account, and the outbox instead of SNS;
 * real event shapes, a Lambda context, and everything the handler prints
 * (logs and EMF metrics) captured.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, EventBridgeEvent, ScheduledEvent } from 'aws-lambda';
import { inject, vi } from 'vitest';
import { freshStore, type TestStore } from '../store/harness.js';

export const DEMO_ACCOUNT = 'examples/demo-account';
export const DEMO_CONFIG = 'examples/iam-sentinel.config.json';
export const SERVICE = 'iam-sentinel-test';

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/20/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 300_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** What EventBridge hands the function for a schedule rule. */
export function scheduledEvent(time: string): ScheduledEvent {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:123456789012:rule/${SERVICE}-audit-schedule`],
    detail: {},
  };
}

export async function demoEnvelope(name: string): Promise<EventBridgeEvent<string, unknown>> {
  return JSON.parse(await readFile(join('examples/demo-events/eventbridge', name), 'utf8')) as EventBridgeEvent<string, unknown>;
}

export interface LocalRun {
  readonly table: TestStore;
  /** Where the outbox sink writes. */
  readonly dataDir: string;
}

/**
 * A fresh table and outbox, and the environment the handlers read (the
 * deployed variables plus the local overrides). Unstub with vi.unstubAllEnvs.
 */
export async function localRun(prefix: string, overrides: Record<string, string> = {}): Promise<LocalRun> {
  const table = await freshStore(prefix);
  const dataDir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    POWERTOOLS_SERVICE_NAME: SERVICE,
    IAM_SENTINEL_TABLE: table.tableName,
    IAM_SENTINEL_DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    IAM_SENTINEL_SNAPSHOT_DIR: DEMO_ACCOUNT,
    IAM_SENTINEL_NOTIFY: 'outbox',
    IAM_SENTINEL_DATA_DIR: dataDir,
    IAM_SENTINEL_CONFIG: DEMO_CONFIG,
    // The tests replay November 2026, whatever the clock says (an implausible time would otherwise be replaced by it).
    IAM_SENTINEL_REPLAY: 'true',
    // One invocation at a time in these tests: no concurrent one to wait for before a burst fires.
    IAM_SENTINEL_BURST_SETTLE_MS: '0',
    ...overrides,
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return { table, dataDir };
}

/** Everything written to stdout and stderr from now on (Powertools logs and EMF metrics go there). */
export function captureOutput(): string[] {
  const printed: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  return printed;
}

interface EmfLine {
  readonly _aws: { readonly CloudWatchMetrics: { readonly Namespace: string; readonly Dimensions: string[][]; readonly Metrics: { Name: string }[] }[] };
  readonly [key: string]: unknown;
}

function jsonLines(printed: readonly string[]): Record<string, unknown>[] {
  return printed
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Sums of the EMF metrics printed, by name, with the namespace and dimensions they were filed under. */
export function emfMetrics(printed: readonly string[]): { values: Record<string, number>; namespaces: Set<string>; services: Set<string> } {
  const values: Record<string, number> = {};
  const namespaces = new Set<string>();
  const services = new Set<string>();
  for (const line of jsonLines(printed)) {
    if (!('_aws' in line)) continue;
    const emf = line as unknown as EmfLine;
    for (const directive of emf._aws.CloudWatchMetrics) {
      namespaces.add(directive.Namespace);
      if (directive.Dimensions.some((d) => d.includes('service'))) services.add(String(emf.service));
      for (const m of directive.Metrics) values[m.Name] = (values[m.Name] ?? 0) + Number(emf[m.Name]);
    }
  }
  return { values, namespaces, services };
}

/** The structured log lines (not metrics) printed. */
export function logLines(printed: readonly string[]): { level: string; message: string; [key: string]: unknown }[] {
  return jsonLines(printed).filter((l) => 'level' in l) as { level: string; message: string }[];
}

/** Undoes localRun and captureOutput. */
export async function endRun(run: LocalRun): Promise<void> {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await run.table.store.close();
}
