/**
 * CloudTrail events, the same everywhere (CLI `detect`, the cloudtrail-event
 * Lambda, the local demo): run the detection rules once per event (the burst
 * rules counting in memory, or in the table when `bursts` is given), store
 * detections once per eventId, re-evaluate each IAM entity a successful
 * state-changing event touched, with the principals its change reaches, so
 * their findings open or resolve now rather than at the next audit (or ask
 * for a full audit when they are too many), then deliver pending
 * notifications.
 */
import type { Config } from '../config/schema.js';
import type { BurstCounter } from '../detections/burst/counter.js';
import { DetectionRun, type DetectionSummary } from '../detections/detect.js';
import { entityOfEvent } from '../detections/entity.js';
import type { CloudTrailRecord } from '../detections/record.js';
import type { Evaluation } from '../engine/evaluate.js';
import type { Detection, EntityRef } from '../model.js';
import { assertNotPastClock } from '../findings/clock.js';
import { deliverPending, type DeliveryResult } from '../notify/deliver.js';
import type { NotificationSink } from '../notify/types.js';
import type { ApplyResult, FindingStore } from '../store/types.js';
import { applyEvaluation, recordDetections } from './apply.js';
import type { EntitySource } from './sources.js';

export interface EventsOptions {
  readonly records: Iterable<CloudTrailRecord>;
  /** Malformed records already dropped by the reader, for the summary. */
  readonly malformed?: number;
  readonly config: Config;
  /** Evaluation time of targeted re-evaluations. */
  readonly now: Date;
  readonly store?: FindingStore;
  readonly sinks?: readonly NotificationSink[];
  /** Absent: no targeted re-evaluation (e.g. reading old log files offline). */
  readonly entities?: EntitySource;
  /**
   * Records dated after this are refused, not evaluated (the CLI with a
   * store: a day past the clock, unless --replay): one mistyped date in an
   * event file cannot date the store's history into the future.
   */
  readonly latestEventTime?: Date;
  /** Replaying history on purpose: with a store, `now` may lie more than a day past the clock. */
  readonly replay?: boolean;
  /**
   * Where the burst rules count (the deployed function: the table, so bursts
   * spread over invocations are found); absent: in memory, over these records.
   */
  readonly bursts?: BurstCounter;
  /** Where a change that reaches too many principals to re-evaluate one by one asks for a full audit (the deployed function). */
  readonly fullAudit?: FullAuditRequester;
}

export interface FullAuditRequester {
  /** Asks for a full audit of the account as of `now`, because of `reasons`. */
  request(reasons: readonly string[], now: Date): Promise<void>;
}

export interface Reevaluation {
  readonly entity: EntityRef;
  readonly evaluation?: Evaluation;
  readonly applied?: ApplyResult;
  /** Why the entity could not be re-evaluated; the next full audit will decide its findings. */
  readonly error?: string;
  /** Why the principals the change reaches were not all re-evaluated here: a full audit is owed. */
  readonly fullAudit?: string;
}

export interface EventsResult {
  readonly detections: readonly Detection[];
  readonly summary: DetectionSummary;
  /** Detections stored for the first time (with a store; fewer than `detections` on redelivery). */
  readonly newDetections?: readonly Detection[];
  readonly reevaluations: readonly Reevaluation[];
  /** Present when a re-evaluation owed a full audit: whether it was asked for, or why asking failed. */
  readonly fullAudit?: { readonly reasons: readonly string[]; readonly requested: boolean; readonly error?: string };
  readonly delivery?: DeliveryResult;
  /** The account each event was recorded in, by eventId (what exporters name a detection's account by). */
  readonly accountByEvent: ReadonlyMap<string, string>;
  /** Records dated after `latestEventTime`: neither evaluated nor stored. */
  readonly refused: readonly CloudTrailRecord[];
}

const accountOf = (r: CloudTrailRecord) => r.recipientAccountId ?? r.userIdentity.accountId ?? 'unknown';

export async function runEvents(o: EventsOptions): Promise<EventsResult> {
  if (o.store && o.entities) assertNotPastClock('evaluation time', o.now, o.replay ? { replay: true } : {});
  const run = new DetectionRun(o.config);
  const accountByEvent = new Map<string, string>();
  const entities = new Map<string, EntityRef>();
  const refused: CloudTrailRecord[] = [];
  const latest = o.latestEventTime?.getTime();
  for (const record of o.records) {
    if (latest !== undefined && Date.parse(record.eventTime) > latest) {
      refused.push(record);
      continue;
    }
    run.add(record);
    accountByEvent.set(record.eventID, accountOf(record));
    const entity = o.entities ? entityOfEvent(record) : null;
    if (entity) entities.set(entity.arn, entity);
  }
  if (o.malformed) run.addErrors(o.malformed);
  const { detections, summary } = o.bursts ? await run.resultWith(o.bursts) : run.result();

  let newDetections: Detection[] | undefined;
  if (o.store) {
    newDetections = [];
    const byAccount = new Map<string, Detection[]>();
    for (const d of detections) {
      const account = run.burstAccount(d) ?? accountByEvent.get(d.eventId) ?? 'unknown';
      const list = byAccount.get(account);
      if (list) list.push(d);
      else byAccount.set(account, [d]);
    }
    for (const [account, list] of byAccount) {
      const { stored } = await recordDetections(o.store, list, account, null, o.config);
      newDetections.push(...stored);
    }
  }

  const reevaluations: Reevaluation[] = [];
  for (const entity of entities.values()) {
    try {
      const { evaluation, fullAudit } = await o.entities!.reevaluate(entity, o.config, o.now);
      const applied = o.store ? await applyEvaluation(o.store, evaluation, o.config) : undefined;
      reevaluations.push({ entity, evaluation, ...(applied ? { applied } : {}), ...(fullAudit ? { fullAudit } : {}) });
    } catch (e) {
      reevaluations.push({ entity, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
  }
  const fullAudit = await requestFullAudit(reevaluations, o);

  const delivery = o.store && o.sinks?.length ? await deliverPending(o.store, o.sinks) : undefined;
  return {
    detections,
    summary,
    ...(newDetections ? { newDetections } : {}),
    reevaluations,
    ...(fullAudit ? { fullAudit } : {}),
    ...(delivery ? { delivery } : {}),
    accountByEvent,
    refused,
  };
}

/** One request for all the run's reasons; without a requester (a snapshot folder, a CLI run) the reasons are only reported. */
async function requestFullAudit(reevaluations: readonly Reevaluation[], o: EventsOptions): Promise<EventsResult['fullAudit']> {
  const reasons = reevaluations.flatMap((r) => (r.fullAudit ? [r.fullAudit] : []));
  if (reasons.length === 0) return undefined;
  if (!o.fullAudit) return { reasons, requested: false };
  try {
    await o.fullAudit.request(reasons, o.now);
    return { reasons, requested: true };
  } catch (e) {
    return { reasons, requested: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}
