/**
 * Stores on the test run's DynamoDB Local (test/global-setup.ts): a fresh
 * table per call, every command the store sends recorded (to prove it never
 * Scans), and runs applied the way the pipeline applies them.
 */
import { inject } from 'vitest';
import { DynamoFindingStore, type DynamoStoreOptions } from '../../shared/store/dynamodb.js';
import { ensureTable } from '../../shared/store/local.js';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import type { Evaluation } from '../../shared/engine/evaluate.js';
import { prepareChangeSet, prepareDetections } from '../../shared/findings/change-set.js';
import type { Detection } from '../../shared/model.js';
import { notificationRenderer } from '../../shared/notify/render.js';
import type { Notification } from '../../shared/notify/types.js';
import type { ApplyResult, FindingStore } from '../../shared/store/types.js';

let tables = 0;

export interface TestStore {
  readonly store: DynamoFindingStore;
  /** Names of the commands sent, e.g. "QueryCommand". */
  readonly commands: string[];
  readonly tableName: string;
  /** Another store on the same table (another process, as far as DynamoDB can tell). */
  twin(options?: Partial<DynamoStoreOptions>): TestStore;
}

function open(tableName: string, options: Partial<DynamoStoreOptions>): TestStore {
  const store = new DynamoFindingStore({
    tableName,
    endpoint: inject('dynamoEndpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...options,
  });
  const commands: string[] = [];
  store.client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommandNames' },
  );
  return { store, commands, tableName, twin: (more = {}) => open(tableName, { ...options, ...more }) };
}

/** A store on a new table whose name starts with `prefix` (one prefix per test file). */
export async function freshStore(prefix: string, options: Partial<DynamoStoreOptions> = {}): Promise<TestStore> {
  const tableName = `${prefix}-${++tables}`;
  const opened = open(tableName, options);
  await ensureTable(opened.store.client, tableName);
  opened.commands.length = 0;
  return opened;
}

export interface ApplyOptions {
  /** notify.realertDays (default 7). */
  readonly realertDays?: number;
  /** Keep the run's digest (default: left out, so tests count per-finding notifications only). */
  readonly digest?: boolean;
  /** notify.* and the rest; default: every opened, reopened or unsuppressed finding alerts, none folded. */
  readonly config?: ConfigInput;
  /** Rewrites each notification of the change set (ids that collide on purpose). */
  readonly mapNotification?: (n: Notification) => Notification;
  readonly runId?: string;
}

let runs = 0;

/** Applies an evaluation the way the pipeline does (shared/findings decides, the store persists), with test defaults. */
export function applyRun(store: FindingStore, evaluation: Evaluation, options: ApplyOptions = {}): Promise<ApplyResult> {
  const config = makeConfig({
    ...options.config,
    notify: { minSeverity: 'info', maxAlertsPerRun: 0, realertDays: options.realertDays ?? 7, ...options.config?.notify },
  });
  const runId = options.runId ?? `run-${++runs}-${evaluation.evaluatedAt}`;
  const map = options.mapNotification ?? ((n: Notification) => n);
  return store.apply({ account: evaluation.account, accountAlias: evaluation.accountAlias, ...(evaluation.scope ? { scope: evaluation.scope } : {}) }, (view) => {
    const set = prepareChangeSet({ view, evaluation, config, runId, render: notificationRenderer });
    return {
      ...set,
      groups: set.groups.map((g) => ({ ...g, notifications: g.notifications.map(map) })),
      digest: options.digest && set.digest ? map(set.digest) : null,
    };
  });
}

/** Stores detections the way the pipeline does; every detection alerts (minSeverity info). */
export function recordRun(store: FindingStore, detections: readonly Detection[], account: string, config: ConfigInput = {}) {
  return store.recordDetections(
    prepareDetections({ detections, account, accountAlias: null, config: makeConfig({ ...config, notify: { minSeverity: 'info', ...config.notify } }), render: notificationRenderer }),
  );
}

export function detection(eventId: string, eventTime: string, fields: Partial<Detection> = {}): Detection {
  return {
    ruleId: 'mfa-removed',
    severity: 'high',
    eventId,
    eventName: 'DeactivateMFADevice',
    eventTime,
    actor: 'arn:aws:iam::111122223333:user/quinn',
    sourceIp: '203.0.113.7',
    resource: 'arn:aws:iam::111122223333:user/quinn',
    message: 'quinn removed an MFA device',
    ...fields,
  };
}
