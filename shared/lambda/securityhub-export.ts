/**
 * The Security Hub export, for the two auditing functions
 * (IAM_SENTINEL_SECURITY_HUB=true): after each run, the findings in scope
 * are imported into the function's own account and region.
 */
import { exportToSecurityHub, sameAccountTarget, securityHubClient, type ExportScope, type SecurityHubExportResult } from '../export/securityhub.js';
import { DynamoExportStateStore } from '../store/export-state.js';
import type { DependencyExtension } from './dependencies.js';

export interface SecurityHubDependencies {
  /** With IAM_SENTINEL_SECURITY_HUB=true: exports the findings in scope to this region's Security Hub. */
  readonly securityHub?: (scope: ExportScope) => Promise<SecurityHubExportResult>;
}

export const securityHubExport: DependencyExtension<SecurityHubDependencies> = (env) => {
  // The function's own account and region (AWS_REGION): the default product accepts that account's findings.
  const targetFor = env.securityHub ? sameAccountTarget(securityHubClient()) : undefined;
  return ({ store }) =>
    targetFor
      ? { securityHub: (scope) => exportToSecurityHub({ store, exported: new DynamoExportStateStore(store.client, env.tableName), targetFor, ...scope }) }
      : {};
};
