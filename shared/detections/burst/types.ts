/**
 * What a burst rule (console-login-failures, password-spraying,
 * access-denied-burst) declares beside its metadata, and what its events
 * carry to whichever backend counts them.
 */
import type { Config } from '../../config/schema.js';
import type { CloudTrailRecord } from '../record.js';

/** What one qualifying record counts toward. */
export interface BurstQualification {
  /** The key counted under, within the event's account: a user name, a source IP, an identity ARN. */
  readonly key: string;
  /** For distinct counting: what is counted once per window (a user name). */
  readonly member?: string;
  /** How the key reads in the detection's message: "IAM user quinn", "203.0.113.200". */
  readonly subject: string;
  /** The detection's actor and resource, were this the event that crosses the threshold. */
  readonly actor: string;
  readonly resource: string | null;
}

export interface BurstThreshold {
  readonly count: number;
  readonly windowMinutes: number;
}

export interface BurstDefinition {
  /** Pure: the key a record counts toward, or null when it does not qualify. */
  qualify(record: CloudTrailRecord, config: Config): BurstQualification | null;
  threshold(config: Config): BurstThreshold;
  /** Count distinct members per window instead of events. */
  readonly distinct: boolean;
  /** The detection's one-line message, with the count and the window. */
  message(subject: string, count: number, windowMinutes: number): string;
}

/** The fields of an event a burst detection is made of, kept until the burst fires. */
export interface BurstEventData {
  readonly eventName: string;
  readonly eventTime: string;
  readonly actor: string;
  readonly sourceIp: string | null;
  readonly resource: string | null;
  readonly subject: string;
}

/** One qualifying record, ready to be counted. */
export interface BurstEvent {
  readonly ruleId: string;
  readonly account: string;
  readonly key: string;
  readonly member?: string;
  readonly eventId: string;
  /** eventTime, epoch milliseconds. */
  readonly at: number;
  readonly data: BurstEventData;
}
