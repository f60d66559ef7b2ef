/**
 * Stores on the test run's DynamoDB Local (test/global-setup.ts): a fresh
 * table per call, every command the store sends recorded (to prove it never
 * Scans), and simple notification builders standing in for shared/notify's.
 */
import { inject } from 'vitest';
import { DynamoFindingStore, type DynamoStoreOptions } from '../../shared/store/dynamodb.js';
import { ensureTable } from '../../shared/store/local.js';
import type { Detection } from '../../shared/model.js';
import type { Notification } from '../../shared/notify/types.js';
import type { DetectionNotificationBuilder, NotificationBuilder } from '../../shared/store/types.js';

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

function notification(id: string, fields: Partial<Notification> & Pick<Notification, 'severity' | 'account' | 'createdAt'>): Notification {
  return { id, kind: 'finding', accountAlias: null, subject: id.slice(0, 99), body: id, data: {}, ...fields };
}

/** One notification per opened or reopened finding, one per reminder. */
export const perFinding: NotificationBuilder = ({ evaluation, changes, reminders }) => [
  ...changes
    .filter((c) => c.change === 'opened' || c.change === 'reopened')
    .map((c) =>
      notification(`finding|${c.findingId}|${c.change}|${c.at}`, { severity: c.severity, checkId: c.checkId, account: evaluation.account, createdAt: c.at }),
    ),
  ...reminders.map((r) =>
    notification(`reminder|${r.findingId}|${evaluation.evaluatedAt}`, {
      severity: r.severity,
      checkId: r.checkId,
      account: evaluation.account,
      createdAt: evaluation.evaluatedAt,
    }),
  ),
];

/** perFinding plus one digest per run that changed anything. */
export const perFindingAndDigest: NotificationBuilder = (input) => [
  ...perFinding(input),
  ...(input.changes.length > 0
    ? [
        notification(`digest|${input.run.runId}`, {
          kind: 'digest',
          severity: 'info',
          account: input.evaluation.account,
          createdAt: input.evaluation.evaluatedAt,
          data: { changes: input.changes.length },
        }),
      ]
    : []),
];

export const perDetection: DetectionNotificationBuilder = (detections, account) =>
  detections.map((d) =>
    notification(`detection|${d.eventId}|${d.ruleId}`, { kind: 'detection', severity: d.severity, ruleId: d.ruleId, account, createdAt: d.eventTime }),
  );

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
