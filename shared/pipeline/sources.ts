/**
 * Where an account's IAM state comes from: the live account (AWS SDK) or a
 * snapshot folder. One interface, two backends, so the CLI, the Lambda
 * handlers and the local demo run the very same pipeline; only the source
 * differs.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { CHECKS } from '../checks/index.js';
import { collectAccount, type CollectProgress } from '../collect/account.js';
import type { AwsClients } from '../collect/clients.js';
import { checksFor, reevaluateEntity, type EntityReevaluation } from '../collect/reevaluate.js';
import type { Config } from '../config/schema.js';
import { evaluate, type Evaluation } from '../engine/evaluate.js';
import type { SnapshotFileError } from '../errors.js';
import type { EntityRef } from '../model.js';
import { readSnapshotFolder } from '../snapshot/folder.js';
import { normalizeSnapshot } from '../snapshot/normalize.js';
import { SNAPSHOT_INPUTS, type CheckInput, type RawSnapshot, type Snapshot, type SnapshotInput } from '../snapshot/types.js';

const isSnapshotInput = (input: CheckInput): input is SnapshotInput => (SNAPSHOT_INPUTS as readonly string[]).includes(input);

export interface CollectedAccount {
  readonly raw: RawSnapshot;
  readonly snapshot: Snapshot;
  /** Inputs present but malformed (snapshot folders); each is also a gap. */
  readonly errors: readonly SnapshotFileError[];
}

export interface AccountSource {
  /** For messages: the folder, or "live account". */
  readonly description: string;
  collect(onProgress?: (p: CollectProgress) => void): Promise<CollectedAccount>;
}

/** Re-evaluates one entity after a CloudTrail event named it, and the principals its change reaches. */
export interface EntitySource {
  reevaluate(ref: EntityRef, config: Config, now: Date): Promise<EntityReevaluation>;
}

export function folderSource(dir: string): AccountSource & EntitySource {
  let cached: Promise<CollectedAccount> | undefined;
  const read = () => (cached ??= readSnapshotFolder(dir));
  return {
    description: dir,
    async collect(onProgress) {
      cached = undefined; // a scan always reads the folder afresh
      const result = await read();
      if (onProgress) for (const g of result.snapshot.gaps) if (isSnapshotInput(g.input)) onProgress({ input: g.input, outcome: 'gap', reason: g.reason });
      return result;
    },
    async reevaluate(ref, config, now) {
      const { snapshot } = await read();
      // The whole account is at hand: every principal the change reaches is decided, without a bound.
      return { evaluation: evaluate(snapshot, checksFor(ref.kind, CHECKS), config, now, { scope: { resources: folderScope(snapshot, ref) } }) };
    },
  };
}

/**
 * The resources a folder-backed re-evaluation decides: the entity (by its
 * ARN in the folder, which may carry a path the event's ARN lacks) and the
 * principals whose rights follow it: a group's members; a managed policy's
 * users, groups (with their members) and roles.
 */
function folderScope(snapshot: Snapshot, ref: EntityRef): string[] {
  const details = snapshot.authorizationDetails;
  const scope = new Set([ref.arn]);
  if (!details) return [...scope];
  const lists = { user: details.users, group: details.groups, role: details.roles, policy: details.policies } as const;
  for (const e of lists[ref.kind] as readonly { name: string; arn: string }[]) if (e.name === ref.name) scope.add(e.arn);
  const groups = new Set(ref.kind === 'group' ? [ref.name] : []);
  if (ref.kind === 'policy') {
    const holds = (p: { attachedPolicies: readonly { arn: string }[] }) => p.attachedPolicies.some((a) => a.arn === ref.arn);
    for (const g of details.groups) {
      if (!holds(g)) continue;
      groups.add(g.name);
      scope.add(g.arn);
    }
    for (const r of details.roles) if (holds(r)) scope.add(r.arn);
    for (const u of details.users) if (holds(u)) scope.add(u.arn);
  }
  for (const u of details.users) if (u.groups.some((g) => groups.has(g))) scope.add(u.arn);
  return [...scope];
}

/**
 * Nothing at all could be read from the live account (no credentials, no
 * network, no permission whatsoever): an audit of nothing would only store
 * gaps under an unknown account, so the run fails instead, with the reason.
 */
export class NothingCollectedError extends Error {
  override name = 'NothingCollectedError';
}

export function liveSource(clients: AwsClients): AccountSource {
  return {
    description: 'live account',
    async collect(onProgress) {
      const raw = await collectAccount(clients, { onProgress });
      if (raw.gaps.length === SNAPSHOT_INPUTS.length) {
        throw new NothingCollectedError(`nothing could be read from the live account (${raw.gaps[0].reason})`);
      }
      const { snapshot, errors } = normalizeSnapshot(raw);
      return { raw, snapshot, errors };
    },
  };
}

export function liveEntitySource(iam: IAMClient): EntitySource {
  return { reevaluate: (ref, config, now) => reevaluateEntity(iam, ref, config, now) };
}
