/**
 * Runs every detection rule over CloudTrail records, once per event: the
 * same eventID delivered twice (S3 log file and EventBridge, or EventBridge
 * retrying) is evaluated once and gives at most one detection per rule.
 */
import type { Config } from '../config/schema.js';
import type { EventInputError } from '../errors.js';
import type { Detection, DetectionRule } from '../model.js';
import { burstEventOf, isBurstRule, MemoryBurstCounter, type BurstCounter, type BurstDetection } from './burst/counter.js';
import type { BurstEvent } from './burst/types.js';
import { DETECTION_RULES, sourcesReadBy } from './index.js';
import { actorOf, isFailedConsoleLogin } from './lib/event.js';
import { readEventFiles } from './read-events.js';
import type { CloudTrailRecord } from './record.js';

export interface DetectionSummary {
  /** Distinct records evaluated. */
  readonly events: number;
  /** Duplicate deliveries of an already evaluated eventID, dropped. */
  readonly skipped: number;
  /** Malformed records (not evaluated). */
  readonly errors: number;
  /** Failed console sign-ins seen (they fire no rule but matter in a summary). */
  readonly failedConsoleLogins: number;
}

export interface DetectResult {
  /** Sorted by eventTime, then ruleId. */
  readonly detections: Detection[];
  readonly summary: DetectionSummary;
}

export interface PathsDetectResult extends DetectResult {
  /** The malformed records and unreadable files, each naming the file and place. */
  readonly inputErrors: readonly EventInputError[];
  readonly files: readonly string[];
}

/**
 * Detection over a stream of records, fed in any number of batches. One run
 * dedupes across everything it is given. Single-event rules decide as each
 * record comes; the burst rules' events are counted when the result is
 * asked for, all at once, so their windows do not depend on the order the
 * records came in.
 */
export class DetectionRun {
  private readonly seen = new Set<string>();
  private readonly detections: Detection[] = [];
  private readonly burstEvents: BurstEvent[] = [];
  private readonly burstAccounts = new Map<string, string>();
  private events = 0;
  private skipped = 0;
  private errors = 0;
  private failedConsoleLogins = 0;

  /** The rules each event source's records go to, and those that read any source (root, denied calls). */
  private readonly bySource = new Map<string, DetectionRule[]>();
  private readonly anySource: DetectionRule[] = [];

  constructor(
    private readonly config: Config,
    rules: readonly DetectionRule[] = DETECTION_RULES,
  ) {
    const sourced = rules.map((rule) => [rule, sourcesReadBy(rule)] as const);
    for (const [rule, sources] of sourced) if (!sources) this.anySource.push(rule);
    for (const source of new Set(sourced.flatMap(([, sources]) => [...(sources ?? [])]))) {
      this.bySource.set(source, sourced.filter(([, sources]) => !sources || sources.has(source)).map(([rule]) => rule));
    }
  }

  private rulesFor(record: CloudTrailRecord): readonly DetectionRule[] {
    return this.bySource.get(record.eventSource) ?? this.anySource;
  }

  add(record: CloudTrailRecord): void {
    if (this.seen.has(record.eventID)) {
      this.skipped++;
      return;
    }
    this.seen.add(record.eventID);
    this.events++;
    if (isFailedConsoleLogin(record)) this.failedConsoleLogins++;
    for (const rule of this.rulesFor(record)) {
      if (isBurstRule(rule)) {
        const event = burstEventOf(rule, record, this.config);
        if (event) this.burstEvents.push(event);
        continue;
      }
      const match = rule.match(record, this.config);
      if (match) this.detections.push(this.detection(rule, record, match.resource, match.message));
    }
  }

  /** Counts malformed records that were reported elsewhere. */
  addErrors(count: number): void {
    this.errors += count;
  }

  /** The detections so far, bursts counted in memory over every record this run was given. */
  result(): DetectResult {
    return this.resultOf(new MemoryBurstCounter().countNow(this.burstEvents, this.config));
  }

  /** The same, with the bursts counted by `counter` (the deployed function's table, which outlives the run). */
  async resultWith(counter: BurstCounter): Promise<DetectResult> {
    return this.resultOf(this.burstEvents.length > 0 ? await counter.count(this.burstEvents, this.config) : []);
  }

  /** The account a burst detection was counted in: its event may be one this run never saw. */
  burstAccount(detection: Detection): string | undefined {
    return this.burstAccounts.get(`${detection.ruleId}\u0000${detection.eventId}`);
  }

  private resultOf(bursts: readonly BurstDetection[]): DetectResult {
    for (const b of bursts) this.burstAccounts.set(`${b.detection.ruleId}\u0000${b.detection.eventId}`, b.account);
    return {
      detections: sortDetections([...this.detections, ...bursts.map((b) => b.detection)]),
      summary: { events: this.events, skipped: this.skipped, errors: this.errors, failedConsoleLogins: this.failedConsoleLogins },
    };
  }

  private detection(rule: DetectionRule, record: CloudTrailRecord, resource: string | null, message: string): Detection {
    return {
      ruleId: rule.id,
      severity: this.config.severityOverrides[rule.id] ?? rule.severity,
      eventId: record.eventID,
      eventName: record.eventName,
      eventTime: record.eventTime,
      actor: actorOf(record),
      sourceIp: record.sourceIPAddress ?? null,
      resource,
      message,
    };
  }
}

/**
 * Chronological order of two CloudTrail times. The schema admits one format
 * with optional fractions of a second, so times of equal length compare as
 * text; only mixed precision needs parsing.
 */
function compareTimes(a: string, b: string): number {
  if (a.length === b.length) return compare(a, b);
  return Date.parse(a) - Date.parse(b) || compare(a, b);
}

function compareDetections(a: Detection, b: Detection): number {
  return compareTimes(a.eventTime, b.eventTime) || compare(a.ruleId, b.ruleId) || compare(a.eventId, b.eventId);
}

function sortDetections(detections: Detection[]): Detection[] {
  return detections.sort(compareDetections);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Runs every rule over the records once per eventID. `malformed` is the
 * number of records the reader rejected, carried into the summary.
 */
export function detect(records: Iterable<CloudTrailRecord>, config: Config, malformed = 0): DetectResult {
  const run = new DetectionRun(config);
  for (const record of records) run.add(record);
  run.addErrors(malformed);
  return run.result();
}

/**
 * Reads the files and folders (see read-events.ts) and detects over all of
 * them as one run, a file at a time. Malformed records are counted and
 * returned, never thrown; a path that does not exist throws EventInputError.
 */
export async function detectFromPaths(paths: readonly string[], config: Config): Promise<PathsDetectResult> {
  const run = new DetectionRun(config);
  const inputErrors: EventInputError[] = [];
  const files: string[] = [];
  for await (const batch of readEventFiles(paths)) {
    files.push(batch.file);
    for (const record of batch.records) run.add(record);
    for (const error of batch.errors) inputErrors.push(error);
    run.addErrors(batch.errors.length);
  }
  return { ...run.result(), inputErrors, files };
}
