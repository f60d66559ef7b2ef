/**
 * One evaluation into the store, the same for a full audit and a targeted
 * re-evaluation: the store reads what the evaluation may touch under the
 * account's lease, shared/findings decides the change set (with the
 * notifications it owes, laid out by shared/notify's renderer), and the
 * store persists it as one unit.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { Evaluation } from '../engine/evaluate.js';
import { prepareChangeSet, prepareDetections } from '../findings/change-set.js';
import type { Detection } from '../model.js';
import { notificationRenderer } from '../notify/render.js';
import type { ApplyResult, FindingStore, RecordedDetections } from '../store/types.js';

export function applyEvaluation(store: FindingStore, evaluation: Evaluation, config: Config): Promise<ApplyResult> {
  const runId = randomUUID();
  return store.apply({ account: evaluation.account, accountAlias: evaluation.accountAlias, ...(evaluation.scope ? { scope: evaluation.scope } : {}) }, (view) =>
    prepareChangeSet({ view, evaluation, config, runId, render: notificationRenderer }),
  );
}

export function recordDetections(store: FindingStore, detections: readonly Detection[], account: string, accountAlias: string | null, config: Config): Promise<RecordedDetections> {
  return store.recordDetections(prepareDetections({ detections, account, accountAlias, config, render: notificationRenderer }));
}
