/**
 * Targeted re-evaluation after a CloudTrail event: read the entity the event
 * named and every principal whose rights the change alters (bounded, see
 * shared/collect/entity.ts), run the checks that can name them, and keep
 * only findings on them. The result's findings are their current failures;
 * its evaluatedChecks and scope say what now passes, so the lifecycle can
 * resolve the rest.
 */
import { CHECKS } from '../checks/index.js';
import type { Config } from '../config/schema.js';
import { evaluate, type Evaluation } from '../engine/evaluate.js';
import type { Check, EntityRef, ResourceKind } from '../model.js';
import { normalizeSnapshot } from '../snapshot/normalize.js';
import type { IAMClient } from '@aws-sdk/client-iam';
import { collectEntity, type EntityCollectOptions } from './entity.js';

/**
 * Kinds of finding a re-evaluation of `kind` may decide. A group's scope also
 * holds its members, whose user checks (privileged-user-no-mfa above all)
 * change with the group's policies; a managed policy's holds its users,
 * groups (with their members) and roles.
 */
const KINDS_DECIDED: Readonly<Record<EntityRef['kind'], readonly ResourceKind[]>> = {
  user: ['user'],
  group: ['group', 'user'],
  role: ['role'],
  policy: ['policy', 'user', 'group', 'role'],
};

export interface EntityReevaluation {
  /** The findings of everything read, and the scope they decide. */
  readonly evaluation: Evaluation;
  /** Why a full audit is owed for what the change reached beyond that scope (see shared/collect/entity.ts). */
  readonly fullAudit?: string;
}

/** Checks that can name an entity of this kind; never an account-wide one, whose inputs an entity fetch lacks. */
export function checksFor(kind: EntityRef['kind'], checks: readonly Check[] = CHECKS): Check[] {
  const kinds = KINDS_DECIDED[kind];
  return checks.filter((c) => !c.resourceKinds.includes('account') && c.resourceKinds.some((k) => kinds.includes(k)));
}

const ARN_ACCOUNT = /^arn:(aws[a-z-]*):iam::(\d{12}):/;

export async function reevaluateEntity(
  iam: IAMClient,
  ref: EntityRef,
  config: Config,
  now: Date,
  checks: readonly Check[] = CHECKS,
  options: EntityCollectOptions = {},
): Promise<EntityReevaluation> {
  const { raw, scope, fullAudit } = await collectEntity(iam, ref, options);
  let { snapshot } = normalizeSnapshot(raw);
  // A deleted entity leaves no ARN in the snapshot to name the account by; the event's ARN does.
  const named = ARN_ACCOUNT.exec(ref.arn);
  if (snapshot.accountId === 'unknown' && named) {
    snapshot = { ...snapshot, accountId: named[2], rootArn: `arn:${named[1]}:iam::${named[2]}:root` };
  }
  const evaluation = evaluate(snapshot, checksFor(ref.kind, checks), config, now, { scope: { resources: scope } });
  return { evaluation, ...(fullAudit ? { fullAudit } : {}) };
}
