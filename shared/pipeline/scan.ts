/**
 * A full audit, the same everywhere (CLI, scheduled Lambda, local demo):
 * collect → evaluate → apply to the store (lifecycle, history, pending
 * notifications) → deliver pending notifications.
 */
import { CHECKS } from '../checks/index.js';
import type { CollectProgress } from '../collect/account.js';
import type { Config } from '../config/schema.js';
import { evaluate, type Evaluation } from '../engine/evaluate.js';
import type { SnapshotFileError } from '../errors.js';
import type { Check } from '../model.js';
import { assertNotPastClock } from '../findings/clock.js';
import { deliverPending, type DeliveryResult } from '../notify/deliver.js';
import type { NotificationSink } from '../notify/types.js';
import type { RawSnapshot } from '../snapshot/types.js';
import type { ApplyResult, FindingStore } from '../store/types.js';
import { applyEvaluation } from './apply.js';
import type { AccountSource } from './sources.js';

export interface ScanOptions {
  readonly source: AccountSource;
  readonly config: Config;
  readonly now: Date;
  /** Absent: nothing is remembered (a one-off scan). */
  readonly store?: FindingStore;
  /** Sinks for pending notifications; needs a store (notifications are once per new problem). */
  readonly sinks?: readonly NotificationSink[];
  readonly checks?: readonly Check[];
  readonly onProgress?: (p: CollectProgress) => void;
  /**
   * Replaying history on purpose: with a store, `now` may then lie more than
   * a day past the clock (design.md "Exactly once, whatever happens").
   */
  readonly replay?: boolean;
  /** The wall clock `now` is held to; the system clock by default. */
  readonly clock?: () => Date;
}

export interface ScanResult {
  readonly raw: RawSnapshot;
  readonly evaluation: Evaluation;
  /** Malformed snapshot files: reported, left out as gaps, the rest scanned. */
  readonly inputErrors: readonly SnapshotFileError[];
  readonly applied?: ApplyResult;
  readonly delivery?: DeliveryResult;
}

export async function runScan(o: ScanOptions): Promise<ScanResult> {
  // Before collecting (minutes, live): a store-writing run dated far past the clock is refused.
  if (o.store) assertNotPastClock('evaluation time', o.now, { ...(o.replay ? { replay: true } : {}), ...(o.clock ? { clock: o.clock() } : {}) });
  const { raw, snapshot, errors } = await o.source.collect(o.onProgress);
  const evaluation = evaluate(snapshot, o.checks ?? CHECKS, o.config, o.now);
  if (!o.store) return { raw, evaluation, inputErrors: errors };
  const applied = await applyEvaluation(o.store, evaluation, o.config);
  const delivery = o.sinks?.length ? await deliverPending(o.store, o.sinks, { account: evaluation.account }) : undefined;
  return { raw, evaluation, inputErrors: errors, applied, ...(delivery ? { delivery } : {}) };
}
