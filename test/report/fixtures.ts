/**
 * Store rows for report tests, shaped as the store returns them, and the
 * report data of an empty store, one run and many runs. Strings that reach
 * the page carry markup, so every test also proves they are escaped.
 */
import { assembleReportData, type ReportData } from '../../cli/report/data.js';
import { SEVERITIES, findingId, type Severity } from '../../shared/model.js';
import type { FindingChange, FindingState, RunSummary, StoredDetection } from '../../shared/store/types.js';
import { ACCOUNT, userArn } from '../helpers/account.js';

/** Markup in a user name: IAM allows `+=,.@-_` only, but a report must not trust even that. */
export const HOSTILE = `<img src=x onerror="alert(1)">`;
export const HOSTILE_ARN = userArn(`eve${HOSTILE}`);
export const HOSTILE_ALIAS = `acme</title><script>alert('alias')</script>`;
export const HOSTILE_ACTOR = `arn:aws:sts::${ACCOUNT}:assumed-role/admin/<b>mallory</b>`;

const DAY = 86_400_000;
export const REPORT_NOW = new Date('2026-11-20T12:00:00Z');
export const daysBefore = (days: number, from: Date = REPORT_NOW) => new Date(from.getTime() - days * DAY).toISOString();

export function state(fields: Partial<FindingState> & Pick<FindingState, 'checkId' | 'resource' | 'severity'>): FindingState {
  return {
    findingId: findingId(fields),
    account: ACCOUNT,
    status: 'open',
    title: fields.checkId,
    message: `${fields.checkId} fails on ${fields.resource}`,
    details: {},
    firstSeen: daysBefore(10),
    lastSeen: daysBefore(0),
    resolvedAt: null,
    lastNotifiedAt: null,
    version: 1,
    ...fields,
  };
}

export function change(fields: Partial<FindingChange> & Pick<FindingChange, 'checkId' | 'resource' | 'change' | 'at'>): FindingChange {
  return {
    findingId: findingId(fields),
    severity: 'high',
    title: fields.checkId,
    message: `${fields.checkId} ${fields.change}`,
    details: {},
    ...fields,
  };
}

export function run(at: string, open: Partial<Record<Severity, number>>, fields: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: `run-${at}`,
    account: ACCOUNT,
    kind: 'scan',
    at,
    openBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, open[s] ?? 0])) as Record<Severity, number>,
    opened: 0,
    resolved: 0,
    reopened: 0,
    suppressed: 0,
    detections: 0,
    collectionGaps: [],
    ...fields,
  };
}

export function storedDetection(fields: Partial<StoredDetection> & Pick<StoredDetection, 'ruleId' | 'eventTime'>): StoredDetection {
  return {
    severity: 'critical',
    eventId: `event-${fields.ruleId}-${fields.eventTime}`,
    eventName: 'CreateAccessKey',
    actor: `arn:aws:iam::${ACCOUNT}:root`,
    sourceIp: '192.0.2.45',
    resource: `arn:aws:iam::${ACCOUNT}:root`,
    message: 'The root user created an access key',
    account: ACCOUNT,
    storedAt: fields.eventTime,
    ...fields,
  };
}

export function emptyReport(): ReportData {
  return assembleReportData({ now: REPORT_NOW, findings: [], runs: [], history: [], detections: [] });
}

/** One audit: a critical root key, a hostile user's high finding, one suppressed finding; one detection. */
export function oneRunReport(): ReportData {
  const at = daysBefore(0);
  const findings = [
    state({ checkId: 'root-access-key', resource: `arn:aws:iam::${ACCOUNT}:root`, qualifier: 'access_key_1', severity: 'critical', firstSeen: at, lastSeen: at }),
    state({ checkId: 'user-console-no-mfa', resource: HOSTILE_ARN, severity: 'high', message: `user ${HOSTILE} has no MFA`, firstSeen: at, lastSeen: at }),
    state({
      checkId: 'workload-user-keys',
      resource: userArn('ci'),
      severity: 'low',
      status: 'suppressed',
      suppression: { reason: `migrating ${HOSTILE}`, expires: '2027-01-31T00:00:00.000Z' },
      firstSeen: at,
      lastSeen: at,
    }),
  ];
  return assembleReportData({
    now: REPORT_NOW,
    accounts: [{ account: ACCOUNT, alias: HOSTILE_ALIAS }],
    findings,
    runs: [run(at, { critical: 1, high: 1 }, { opened: 2, suppressed: 1 })],
    history: [
      change({ checkId: 'root-access-key', resource: `arn:aws:iam::${ACCOUNT}:root`, qualifier: 'access_key_1', change: 'opened', at, severity: 'critical' }),
      change({ checkId: 'user-console-no-mfa', resource: HOSTILE_ARN, change: 'opened', at, message: `opened ${HOSTILE}` }),
      change({ checkId: 'workload-user-keys', resource: userArn('ci'), change: 'suppressed', at, severity: 'low' }),
    ],
    detections: [storedDetection({ ruleId: 'root-access-key-created', eventTime: daysBefore(1), actor: HOSTILE_ACTOR, message: `created by ${HOSTILE}` })],
  });
}

/** `count` daily audits ending at the report time, open findings drifting down; a gap in the latest. */
export function manyRunsReport(count: number): ReportData {
  const runs = Array.from({ length: count }, (_, i) => {
    const left = count - 1 - i;
    return run(daysBefore(left), { critical: left % 3, high: 2 + (left % 5), medium: 5 + Math.floor(left / 10), low: 8, info: 1 }, {
      collectionGaps: left === 0 ? ['trails'] : [],
    });
  });
  const history = runs.flatMap((r, i) =>
    i % 2 === 0 ? [change({ checkId: 'access-key-age', resource: userArn(`user-${i}`), change: i % 4 === 0 ? 'opened' : 'resolved', at: r.at, severity: 'medium' })] : [],
  );
  return assembleReportData({
    now: REPORT_NOW,
    accounts: [{ account: ACCOUNT, alias: 'acme-prod' }],
    findings: [state({ checkId: 'access-key-age', resource: userArn('alice'), qualifier: 'access_key_1', severity: 'medium' })],
    runs,
    history,
    detections: runs.slice(-40).map((r) => storedDetection({ ruleId: 'root-activity', eventTime: r.at })),
  });
}
