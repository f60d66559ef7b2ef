/**
 * What the scheduled audit adds to the handlers' dependencies: where a full
 * audit reads the account (every collector and its clients), in an
 * organization hub the member accounts and the organization inputs, and the
 * Security Hub export. Only functions/scheduled-audit.ts imports it.
 */
import { awsClients } from '../collect/clients.js';
import { collectOrganizationInputs, organizationInputClients, type OrganizationInputsResult } from '../collect/organization-inputs.js';
import { organizationAccess, type OrganizationAccess } from '../collect/organization.js';
import { folderSource, liveSource, type AccountSource } from '../pipeline/sources.js';
import type { DependencyExtension } from './dependencies.js';
import type { LambdaEnvironment } from './environment.js';
import { securityHubExport, type SecurityHubDependencies } from './securityhub-export.js';

export interface AuditDependencies extends SecurityHubDependencies {
  /** Where a full audit reads the account. */
  readonly accounts: AccountSource;
  /** The organization hub's access to member accounts (IAM_SENTINEL_AUDIT_ROLE set); absent for one account. */
  readonly organization?: OrganizationDependencies;
}

export interface OrganizationDependencies {
  readonly access: OrganizationAccess;
  /** Identity Center and root credentials management, read with this function's own role, once per call. */
  readonly organizationInputs: () => Promise<OrganizationInputsResult>;
  /** The hub's own account, read with the function's own role (no spoke needed there). */
  readonly own: AccountSource;
}

function organizationDependencies(env: LambdaEnvironment, own: AccountSource): OrganizationDependencies | undefined {
  if (!env.auditRoleName) return undefined;
  const access = organizationAccess({ roleName: env.auditRoleName, sessionName: env.serviceName });
  let clients: ReturnType<typeof organizationInputClients> | undefined;
  return {
    access,
    organizationInputs: () => collectOrganizationInputs((clients ??= organizationInputClients(env.identityCenterRegion))),
    own,
  };
}

export const auditDependencies: DependencyExtension<AuditDependencies> = (env) => {
  const accounts = env.snapshotDir ? folderSource(env.snapshotDir) : liveSource(awsClients());
  const organization = organizationDependencies(env, accounts);
  const securityHub = securityHubExport(env);
  return (base) => ({ accounts, ...(organization ? { organization } : {}), ...securityHub(base) });
};
