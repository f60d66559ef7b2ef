/**
 * What the auditing handlers run with, built from the environment once per
 * Lambda container and reused by every invocation it serves (clients keep
 * their connections warm): the config, the finding store, the notification
 * sinks and where the account's IAM state comes from.
 */
import { awsClients } from '../collect/clients.js';
import { loadConfig, parseConfig } from '../config/load.js';
import { defaultConfig, type Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { exportToSecurityHub, sameAccountTarget, securityHubClient, type ExportScope, type SecurityHubExportResult, type TargetFor } from '../export/securityhub.js';
import { createSink } from '../notify/sinks.js';
import type { NotificationSink } from '../notify/types.js';
import { folderSource, liveEntitySource, liveSource, type AccountSource, type EntitySource } from '../pipeline/sources.js';
import { collectOrganizationInputs, organizationInputClients, type OrganizationInputsResult } from '../collect/organization-inputs.js';
import { organizationAccess, type OrganizationAccess } from '../collect/organization.js';
import { organizationEntitySource } from '../pipeline/org-sources.js';
// The DynamoDB backend itself, not store/index.js: that module also starts DynamoDB Local, which has no place in a Lambda bundle.
import { DynamoFindingStore, localEndpointOptions } from '../store/dynamodb.js';
import { DynamoExportStateStore } from '../store/export-state.js';
import { DynamoBurstCounter } from '../store/burst-state.js';
import type { BurstCounter } from '../detections/burst/counter.js';
import type { LambdaEnvironment } from './environment.js';


export interface Dependencies {
  readonly config: Config;
  readonly store: DynamoFindingStore;
  readonly sinks: readonly NotificationSink[];
  /** Where a full audit reads the account. */
  readonly accounts: AccountSource;
  /** Where a re-evaluation after an event reads one entity. */
  readonly entities: EntitySource;
  /** With IAM_SENTINEL_SECURITY_HUB=true: exports the findings in scope to this region's Security Hub. */
  readonly securityHub?: (scope: ExportScope) => Promise<SecurityHubExportResult>;
  /** IAM_SENTINEL_REPLAY: the local demo replays history, so event times are taken as they are. */
  readonly replay: boolean;
  /** Where the burst rules count: the same table, so bursts spread over invocations are found. */
  readonly bursts: BurstCounter;
  /**
   * The audit function a change reaching too many principals asks for a full
   * audit (absent: none configured, e.g. local runs). cloudtrail-event makes
   * the requester, so only its bundle carries the Lambda client.
   */
  readonly auditFunction?: string;
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

const LEASE_WAIT_MS = 240_000;
const CLAIM_MS = 55_000;

const ENVIRONMENT_SETTINGS = { topicArn: 'IAM_SENTINEL_TOPIC_ARN', dataDir: 'IAM_SENTINEL_DATA_DIR', slackWebhookUrl: 'SLACK_WEBHOOK_URL' };

/**
 * The deployed config: the SSM parameter's JSON (already fetched, and parsed
 * when it was JSON, by @middy/ssm) or the defaults. Unless it names a
 * service itself, monitor-tampering watches the resources of this deployment.
 */
function deployedConfig(env: LambdaEnvironment, parameterValue: unknown): Config {
  if (!env.configParameter) return { ...defaultConfig, serviceName: env.serviceName };
  const source = `SSM parameter ${env.configParameter}`;
  if (parameterValue === undefined || parameterValue === null || parameterValue === '') {
    throw new ConfigError(source, '', 'expected the JSON configuration, found no value');
  }
  const text = typeof parameterValue === 'string' ? parameterValue : JSON.stringify(parameterValue);
  const config = parseConfig(text, source);
  // Valid config text is a JSON object: whether it names a service is a question of its keys, not of the parsed (defaulted) value.
  return Object.hasOwn(JSON.parse(text) as object, 'serviceName') ? config : { ...config, serviceName: env.serviceName };
}

/** The stack's own KMS keys and SSM parameters join whatever the config lists: monitor-tampering watches both. */
function withStackResources(config: Config, env: LambdaEnvironment): Config {
  if (!env.monitor) return config;
  const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
  return {
    ...config,
    monitor: {
      kmsKeyArns: union(config.monitor.kmsKeyArns, env.monitor.kmsKeyArns),
      parameterNames: union(config.monitor.parameterNames, env.monitor.parameterNames),
    },
  };
}

export class HandlerDependencies {
  readonly sinks: readonly NotificationSink[];
  readonly accounts: AccountSource;
  readonly entities: EntitySource;
  /** The function's own account and region (AWS_REGION): the default product accepts that account's findings. */
  private readonly securityHubTarget: TargetFor | undefined;
  readonly organization: OrganizationDependencies | undefined;
  private store?: { readonly retentionDays: number | undefined; readonly store: DynamoFindingStore; readonly bursts: BurstCounter };
  private config?: { readonly parameterValue: unknown; readonly config: Config };

  constructor(private readonly env: LambdaEnvironment) {
    this.sinks = env.sinks.map((kind) => createSink(kind, env, ENVIRONMENT_SETTINGS));
    if (env.snapshotDir) {
      const folder = folderSource(env.snapshotDir);
      this.accounts = folder;
      this.entities = folder;
    } else {
      this.accounts = liveSource(awsClients());
      this.entities = liveEntitySource(awsClients().iam);
    }
    this.securityHubTarget = env.securityHub ? sameAccountTarget(securityHubClient()) : undefined;
    this.organization = organizationDependencies(env, this.accounts);
    // In an organization, an event's entity is read in the event's account, through its audit role (the hub's own with its own).
    if (this.organization && !env.snapshotDir) this.entities = organizationEntitySource(this.organization.access, this.entities);
  }

  /** `parameterValue`: the config parameter's value as @middy/ssm put it on the context (cached there). */
  async resolve(parameterValue: unknown): Promise<Dependencies> {
    const config = await this.configFor(parameterValue);
    const { store, bursts } = await this.storeFor(config);
    const targetFor = this.securityHubTarget;
    const securityHub = targetFor
      ? (scope: ExportScope) => exportToSecurityHub({ store, exported: new DynamoExportStateStore(store.client, this.env.tableName), targetFor, ...scope })
      : undefined;
    const { auditFunction } = this.env;
    return {
      config,
      store,
      bursts,
      sinks: this.sinks,
      accounts: this.accounts,
      entities: this.entities,
      replay: this.env.replay,
      ...(auditFunction ? { auditFunction } : {}),
      ...(securityHub ? { securityHub } : {}),
      ...(this.organization ? { organization: this.organization } : {}),
    };
  }

  private async configFor(parameterValue: unknown): Promise<Config> {
    // A config file is re-read on every invocation (local runs edit it); the parameter only when its value changed.
    if (!this.env.configParameter) {
      return withStackResources(this.env.configFile ? await loadConfig(this.env.configFile) : deployedConfig(this.env, undefined), this.env);
    }
    if (!this.config || this.config.parameterValue !== parameterValue) {
      this.config = { parameterValue, config: withStackResources(deployedConfig(this.env, parameterValue), this.env) };
    }
    return this.config.config;
  }

  /** One store per container; a new one only when the config's history retention changes. */
  private async storeFor(config: Config): Promise<{ store: DynamoFindingStore; bursts: BurstCounter }> {
    const retentionDays = config.historyRetentionDays;
    if (this.store && this.store.retentionDays === retentionDays) return this.store;
    await this.store?.store.close();
    const { env } = this;
    const store = new DynamoFindingStore({
      tableName: env.tableName,
      // A run waits for another's apply lease at most this long: well within the event function's 300 s timeout (a retry follows).
      leaseWaitMs: LEASE_WAIT_MS,
      // A claim left by an invocation that timed out expires before Lambda's first retry (about a minute later), which then sends it.
      claimMs: CLAIM_MS,
      ...(retentionDays === undefined ? {} : { historyRetentionDays: retentionDays }),
      // DynamoDB Local (the demo, tests): leases and claims name this process, so a rerun after `kill -9` takes over at once.
      ...(env.dynamoEndpoint ? { ...localEndpointOptions(env.dynamoEndpoint), recordHolder: true } : {}),
    });
    const bursts = new DynamoBurstCounter({
      client: store.client,
      tableName: env.tableName,
      ...(env.burstSettleMs === undefined ? {} : { settleMs: env.burstSettleMs }),
    });
    this.store = { retentionDays, store, bursts };
    return this.store;
  }
}
