/**
 * Codecs between the store's domain objects and DynamoDB items (keys from
 * keys.ts). Reading picks known attributes, so key and index attributes
 * never leak into results.
 */
import type { FindingChange, FindingState, Notification, PendingNotification, RunSummary, StoredDetection } from '../findings/types.js';
import type { Detection } from '../model.js';
import { accountKey, detectionKey, historyKey, notificationKey, runKey, stateKey } from './keys.js';
import { INDEX, TTL_ATTRIBUTE } from './table.js';

export type Item = Record<string, unknown>;

const DAY_SECONDS = 86_400;

/** Epoch seconds at which a history row dated `at` expires; undefined (kept forever) without a retention. */
export function expiresAt(at: string, retentionDays: number | undefined): number | undefined {
  return retentionDays === undefined ? undefined : Math.floor(Date.parse(at) / 1000) + retentionDays * DAY_SECONDS;
}

/** The TTL attribute for a history row dated `at`, when a retention is configured. */
function expiry(at: string, retentionDays: number | undefined): Item {
  const expires = expiresAt(at, retentionDays);
  return expires === undefined ? {} : { [TTL_ATTRIBUTE]: expires };
}

export function stateItem(state: FindingState): Item {
  return {
    pk: stateKey.pk(state.account),
    sk: stateKey.sk(state.resource, state.checkId, state.qualifier),
    type: 'state',
    [INDEX.byStatus.partition]: stateKey.statusPk(state.account, state.status),
    [INDEX.byStatus.sort]: stateKey.statusSk(state.severity, state.findingId),
    [INDEX.byCheck.partition]: stateKey.checkPk(state.account, state.checkId),
    [INDEX.byCheck.sort]: stateKey.checkSk(state.status, state.findingId),
    ...state,
  };
}

export function stateFromItem(item: Item): FindingState {
  const i = item as unknown as FindingState;
  return {
    findingId: i.findingId,
    account: i.account,
    checkId: i.checkId,
    resource: i.resource,
    ...(i.qualifier ? { qualifier: i.qualifier } : {}),
    severity: i.severity,
    status: i.status,
    title: i.title,
    message: i.message,
    details: i.details ?? {},
    firstSeen: i.firstSeen,
    lastSeen: i.lastSeen,
    resolvedAt: i.resolvedAt ?? null,
    ...(i.suppression ? { suppression: { reason: i.suppression.reason, expires: i.suppression.expires ?? null } } : {}),
    lastNotifiedAt: i.lastNotifiedAt ?? null,
    version: Number(i.version),
  };
}

/** A history row; `version` is the state version the change produced, which makes its key unique. */
export function changeItem(change: FindingChange, account: string, version: number, retentionDays: number | undefined): Item {
  const sk = historyKey.sk(change.at, change.findingId, version);
  return {
    pk: historyKey.pk(account),
    sk,
    type: 'change',
    [INDEX.byCheck.partition]: stateKey.checkPk(account, change.checkId),
    [INDEX.byCheck.sort]: historyKey.checkSk(change.at, change.findingId, version),
    [INDEX.byResource.partition]: historyKey.resourcePk(account, change.resource),
    [INDEX.byResource.sort]: sk,
    account,
    version,
    ...change,
    ...expiry(change.at, retentionDays),
  };
}

export function changeFromItem(item: Item): FindingChange {
  const i = item as unknown as FindingChange;
  return {
    findingId: i.findingId,
    checkId: i.checkId,
    resource: i.resource,
    ...(i.qualifier ? { qualifier: i.qualifier } : {}),
    change: i.change,
    at: i.at,
    severity: i.severity,
    ...(i.previousSeverity ? { previousSeverity: i.previousSeverity } : {}),
    title: i.title,
    message: i.message,
    details: i.details ?? {},
  };
}

export function detectionItem(detection: Detection, account: string, storedAt: string, retentionDays: number | undefined): Item {
  return {
    pk: detectionKey.pk(account),
    sk: detectionKey.sk(detection.eventId, detection.ruleId),
    type: 'detection',
    [INDEX.byTime.partition]: detectionKey.timePk(account),
    [INDEX.byTime.sort]: detectionKey.timeSk(detection.eventTime, detection.eventId, detection.ruleId),
    ...detection,
    account,
    storedAt,
    ...expiry(detection.eventTime, retentionDays),
  };
}

export function detectionFromItem(item: Item): StoredDetection {
  const i = item as unknown as StoredDetection;
  return {
    ruleId: i.ruleId,
    severity: i.severity,
    eventId: i.eventId,
    eventName: i.eventName,
    eventTime: i.eventTime,
    actor: i.actor,
    sourceIp: i.sourceIp ?? null,
    resource: i.resource ?? null,
    message: i.message,
    account: i.account,
    storedAt: i.storedAt,
  };
}

/**
 * A run's record. `applying`: a large run whose decision is committed (its
 * digest kept here) and whose findings are still being applied from its
 * journal; `complete` once everything it decided is written. Records
 * written before runs had a status are complete.
 */
export type RunStatus = 'applying' | 'complete';

export function runKeyOf(run: Pick<RunSummary, 'account' | 'at' | 'runId'>): Item {
  return { pk: runKey.pk(run.account), sk: runKey.sk(run.at, run.runId) };
}

export function runItem(
  run: RunSummary,
  retentionDays: number | undefined,
  extra: { readonly status: RunStatus; readonly foldedAlerts: number; readonly digest?: Notification | null; readonly journalParts?: number },
): Item {
  return {
    ...runKeyOf(run),
    type: 'run',
    ...run,
    status: extra.status,
    foldedAlerts: extra.foldedAlerts,
    ...(extra.digest ? { digest: extra.digest } : {}),
    ...(extra.journalParts !== undefined ? { journalParts: extra.journalParts } : {}),
    ...expiry(run.at, retentionDays),
  };
}

export function runStatusOf(item: Item): RunStatus {
  return item.status === 'applying' ? 'applying' : 'complete';
}

export function runFromItem(item: Item): RunSummary {
  const i = item as unknown as RunSummary;
  return {
    runId: i.runId,
    account: i.account,
    kind: i.kind,
    at: i.at,
    openBySeverity: i.openBySeverity,
    opened: i.opened,
    resolved: i.resolved,
    reopened: i.reopened,
    suppressed: i.suppressed,
    detections: i.detections,
    collectionGaps: i.collectionGaps ?? [],
    ...(i.notSelectedChecks?.length ? { notSelectedChecks: i.notSelectedChecks } : {}),
  };
}

/** A new pending notification: listed on byTime until every sink has taken it. */
export function notificationItem(notification: Notification): Item {
  return {
    pk: notificationKey.pk(notification.id),
    sk: notificationKey.sk,
    type: 'notification',
    [INDEX.byTime.partition]: notificationKey.pendingPk(notification.account),
    [INDEX.byTime.sort]: notificationKey.pendingSk(notification.createdAt, notification.id),
    account: notification.account,
    notification,
    attempts: 0,
  };
}

export function pendingFromItem(item: Item): PendingNotification {
  const sentTo = item.sentTo instanceof Set ? [...(item.sentTo as Set<string>)].sort() : [];
  return {
    notification: item.notification as Notification,
    sentTo,
    attempts: Number(item.attempts ?? 0),
    ...(typeof item.lastError === 'string' ? { lastError: item.lastError } : {}),
  };
}

export function accountItem(account: string, alias: string | null): Item {
  return { pk: accountKey.pk, sk: accountKey.sk(account), type: 'account', account, alias };
}
