/**
 * Key values of the single-table layout described in table.ts. Every key
 * the store reads or writes is built here, so the layout has one source.
 */
import { SEVERITIES, type Severity } from '../model.js';
import type { FindingStatus } from '../findings/types.js';

/** Normalized ISO time: string order is time order. Throws on an unparsable time. */
export function isoKey(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 time: ${JSON.stringify(time)}`);
  return new Date(ms).toISOString();
}

/** Sorts after every suffix a key can have, for inclusive upper bounds. */
export const KEY_END = '\uffff';

/** Versions are zero-padded so that a finding's rows at one time sort in write order. */
const versionKey = (version: number) => String(version).padStart(10, '0');
/** Most severe first. */
const severityKey = (severity: Severity) => String(SEVERITIES.indexOf(severity));

export const accountKey = { pk: 'ACCOUNT', sk: (account: string) => account };

export const stateKey = {
  pk: (account: string) => `STATE#${account}`,
  /** Resource first, so one resource's states are one key range; not the findingId, which repeats the resource (keys are capped at 1 KB). */
  sk: (resource: string, checkId: string, qualifier?: string) => `${resource}#${checkId}#${qualifier ?? ''}`,
  resourcePrefix: (resource: string) => `${resource}#`,
  statusPk: (account: string, status: FindingStatus) => `STATE#${account}#${status}`,
  statusSk: (severity: Severity, findingId: string) => `${severityKey(severity)}#${findingId}`,
  severityPrefix: (severity: Severity) => `${severityKey(severity)}#`,
  checkPk: (account: string, checkId: string) => `CHECK#${account}#${checkId}`,
  checkSk: (status: FindingStatus, findingId: string) => `S#${status}#${findingId}`,
  checkStatusPrefix: (status?: FindingStatus) => (status ? `S#${status}#` : 'S#'),
};

export const historyKey = {
  pk: (account: string) => `HISTORY#${account}`,
  /** Shared by the table's sort key and byResource's. */
  sk: (at: string, findingId: string, version: number) => `${isoKey(at)}#${findingId}#${versionKey(version)}`,
  checkSk: (at: string, findingId: string, version: number) => `H#${historyKey.sk(at, findingId, version)}`,
  checkPrefix: 'H#',
  resourcePk: (account: string, resource: string) => `RESOURCE#${account}#${resource}`,
};

export const detectionKey = {
  pk: (account: string) => `DETECTION#${account}`,
  sk: (eventId: string, ruleId: string) => `${eventId}#${ruleId}`,
  timePk: (account: string) => `DETECTION#${account}`,
  timeSk: (eventTime: string, eventId: string, ruleId: string) => `${isoKey(eventTime)}#${eventId}#${ruleId}`,
};

export const runKey = {
  pk: (account: string) => `RUN#${account}`,
  sk: (at: string, runId: string) => `${isoKey(at)}#${runId}`,
};

export const notificationKey = {
  pk: (id: string) => `NOTIFICATION#${id}`,
  sk: 'NOTIFICATION',
  pendingPk: (account: string) => `PENDING#${account}`,
  pendingSk: (createdAt: string, id: string) => `${isoKey(createdAt)}#${id}`,
};

/** The account's apply lease: one run of the account applies at a time (lease.ts). */
export const leaseKey = {
  pk: (account: string) => `LEASE#${account}`,
  sk: 'APPLY',
};

/** A large run's journal (apply.ts): its writes, decided in full, in parts. */
export const journalKey = {
  pk: (account: string, runId: string) => `JOURNAL#${account}#${runId}`,
  sk: (part: number) => `PART#${String(part).padStart(6, '0')}`,
};

/** One delivery channel's claim on a notification outside the pending list (notify-slack's posts, claims.ts). */
export const deliveryKey = {
  pk: (notificationId: string) => `DELIVERY#${notificationId}`,
  sk: (channel: string) => channel,
};

/** Sort-key bounds for an inclusive time window over keys that start with `prefix` + time. */
export function timeWindow(prefix: string, since?: string, until?: string): { low: string; high: string } {
  return {
    low: prefix + (since ? isoKey(since) : ''),
    high: prefix + (until ? `${isoKey(until)}${KEY_END}` : KEY_END),
  };
}
