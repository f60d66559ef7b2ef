/**
 * What cloudtrail-event adds to the handlers' dependencies: where a
 * re-evaluation reads one entity (IAM alone: in an organization hub, in the
 * event's account through its audit role), the burst counter, the audit
 * function to ask for a full audit, and the Security Hub export. Only
 * functions/cloudtrail-event.ts imports it: a full audit's collectors and
 * their clients (CloudTrail, Access Analyzer, Account, Identity Center) stay
 * out of its bundle.
 */
import { awsIamClient } from '../collect/clients.js';
import { IAM_ONLY, accessThroughAuditRole } from '../collect/organization-access.js';
import type { BurstCounter } from '../detections/burst/counter.js';
import { organizationEntitySource } from '../pipeline/org-sources.js';
import { folderSource, liveEntitySource, type EntitySource } from '../pipeline/sources.js';
import { DynamoBurstCounter } from '../store/burst-state.js';
import type { DynamoFindingStore } from '../store/dynamodb.js';
import type { DependencyExtension } from './dependencies.js';
import { securityHubExport, type SecurityHubDependencies } from './securityhub-export.js';

export interface EventDependencies extends SecurityHubDependencies {
  /** Where a re-evaluation after an event reads one entity. */
  readonly entities: EntitySource;
  /** Where the burst rules count: the same table, so bursts spread over invocations are found. */
  readonly bursts: BurstCounter;
  /**
   * The audit function a change reaching too many principals asks for a full
   * audit (absent: none configured, e.g. local runs).
   */
  readonly auditFunction?: string;
}

export const eventDependencies: DependencyExtension<EventDependencies> = (env) => {
  let entities: EntitySource = env.snapshotDir ? folderSource(env.snapshotDir) : liveEntitySource(awsIamClient());
  // In an organization, an event's entity is read in the event's account, through its audit role (the hub's own with its own).
  if (env.auditRoleName && !env.snapshotDir) {
    entities = organizationEntitySource(accessThroughAuditRole(IAM_ONLY, { roleName: env.auditRoleName, sessionName: env.serviceName }), entities);
  }
  const securityHub = securityHubExport(env);
  // One counter per store (the store is new when the config's history retention changes).
  let counted: { readonly store: DynamoFindingStore; readonly bursts: BurstCounter } | undefined;
  return (base) => {
    if (counted?.store !== base.store) {
      const bursts = new DynamoBurstCounter({
        client: base.store.client,
        tableName: env.tableName,
        ...(env.burstSettleMs === undefined ? {} : { settleMs: env.burstSettleMs }),
      });
      counted = { store: base.store, bursts };
    }
    return { entities, bursts: counted.bursts, ...(env.auditFunction ? { auditFunction: env.auditFunction } : {}), ...securityHub(base) };
  };
};
