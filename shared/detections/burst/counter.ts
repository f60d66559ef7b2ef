/**
 * Counting burst events: one interface, two backends. In memory (this file)
 * for `detect` over files, where one run sees every event and counts them
 * in one call; the DynamoDB table (shared/store/burst-state.ts) for the
 * deployed function, where each invocation counts its events into state
 * that outlives it. Both run window.ts, so they decide alike.
 */
import type { Config } from '../../config/schema.js';
import type { Detection, DetectionRule } from '../../model.js';
import { DETECTION_RULES_BY_ID } from '../index.js';
import { accountOf, actorOf } from '../lib/event.js';
import type { CloudTrailRecord } from '../record.js';
import type { BurstDefinition, BurstEvent, BurstEventData } from './types.js';
import { advance, emptyWindowState, type BurstRecord, type CountedEvent, type WindowParams, type WindowState } from './window.js';

/** A burst detection and the account it was counted in (its event may be one an earlier invocation saw). */
export interface BurstDetection {
  readonly account: string;
  readonly detection: Detection;
}

export interface BurstCounter {
  /**
   * Counts the events, each eventId once however often it is given (in this
   * call or an earlier one), and returns the detections of the bursts whose
   * firing window holds one of them: bursts they made fire, and bursts a
   * redelivery of their events fired before. Callers store detections once
   * per eventId and rule, so a burst is reported once.
   */
  count(events: readonly BurstEvent[], config: Config): Promise<BurstDetection[]>;
}

/**
 * How late an event may reach the deployed function and still count: up to
 * an hour of EventBridge retries, then up to an hour in Lambda's
 * asynchronous queue (the target's and the function's maximum event ages).
 */
export const BURST_LATE_MS = 2 * 60 * 60_000;

export type BurstRule = DetectionRule & { readonly burst: BurstDefinition };

export const isBurstRule = (rule: DetectionRule): rule is BurstRule => rule.burst !== undefined;

function burstRule(ruleId: string): BurstRule {
  const rule = DETECTION_RULES_BY_ID.get(ruleId);
  if (!rule || !isBurstRule(rule)) throw new Error(`${ruleId} is not a burst rule`);
  return rule;
}

export function windowParams(rule: BurstRule, config: Config): WindowParams {
  const { count, windowMinutes } = rule.burst.threshold(config);
  return { threshold: count, windowMs: windowMinutes * 60_000, distinct: rule.burst.distinct, lateMs: BURST_LATE_MS };
}

/** The event `record` contributes to `rule`'s counts, or null when it does not qualify. */
export function burstEventOf(rule: BurstRule, record: CloudTrailRecord, config: Config): BurstEvent | null {
  const q = rule.burst.qualify(record, config);
  if (!q) return null;
  return {
    ruleId: rule.id,
    account: accountOf(record) ?? 'unknown',
    key: q.key,
    ...(q.member !== undefined ? { member: q.member } : {}),
    eventId: record.eventID,
    at: Date.parse(record.eventTime),
    data: {
      eventName: record.eventName,
      eventTime: record.eventTime,
      actor: q.actor || actorOf(record),
      sourceIp: record.sourceIPAddress ?? null,
      resource: q.resource,
      subject: q.subject,
    },
  };
}

export function countedEvent(e: BurstEvent): CountedEvent<BurstEventData> {
  return { id: e.eventId, at: e.at, ...(e.member !== undefined ? { member: e.member } : {}), data: e.data };
}

export function burstDetection(ruleId: string, burst: BurstRecord<BurstEventData>, config: Config): Detection {
  const rule = burstRule(ruleId);
  const { windowMinutes } = rule.burst.threshold(config);
  return {
    ruleId,
    severity: config.severityOverrides[ruleId] ?? rule.severity,
    eventId: burst.id,
    eventName: burst.data.eventName,
    eventTime: burst.data.eventTime,
    actor: burst.data.actor,
    sourceIp: burst.data.sourceIp,
    resource: burst.data.resource,
    message: rule.burst.message(burst.data.subject, burst.count, windowMinutes),
  };
}

/** The events grouped by what is counted together: rule, account and key. */
export function groupByKey(events: readonly BurstEvent[]): Map<string, { ruleId: string; account: string; key: string; events: BurstEvent[] }> {
  const groups = new Map<string, { ruleId: string; account: string; key: string; events: BurstEvent[] }>();
  for (const e of events) {
    const id = `${e.ruleId}\u0000${e.account}\u0000${e.key}`;
    const group = groups.get(id);
    if (group) group.events.push(e);
    else groups.set(id, { ruleId: e.ruleId, account: e.account, key: e.key, events: [e] });
  }
  return groups;
}

/** The in-memory backend: state per key for as long as the counter lives. */
export class MemoryBurstCounter implements BurstCounter {
  private readonly states = new Map<string, WindowState<BurstEventData>>();

  /** count() without the promise, for callers that are synchronous (detect over files). */
  countNow(events: readonly BurstEvent[], config: Config): BurstDetection[] {
    const detections: BurstDetection[] = [];
    for (const [id, group] of groupByKey(events)) {
      const params = windowParams(burstRule(group.ruleId), config);
      const outcome = advance(this.states.get(id) ?? emptyWindowState<BurstEventData>(), group.events.map(countedEvent), params);
      this.states.set(id, outcome.state);
      for (const burst of outcome.reported) detections.push({ account: group.account, detection: burstDetection(group.ruleId, burst, config) });
    }
    return detections;
  }

  async count(events: readonly BurstEvent[], config: Config): Promise<BurstDetection[]> {
    return this.countNow(events, config);
  }
}
