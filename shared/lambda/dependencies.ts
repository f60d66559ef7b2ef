/**
 * What the handlers run with, built from the environment once per Lambda
 * container and reused by every invocation it serves (clients keep their
 * connections warm): here what every handler has (the config, the finding
 * store, the notification sinks); what only some read (where the account's
 * IAM state comes from, the burst counter, the Security Hub export) each
 * function adds with an extension of its own (audit-dependencies.ts,
 * event-dependencies.ts), so that a function's bundle carries only the
 * clients it calls: each zip must stay under 1 MB.
 */
import { loadConfig, parseConfig } from '../config/load.js';
import { defaultConfig, type Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { createSink } from '../notify/sinks.js';
import type { NotificationSink } from '../notify/types.js';
// The DynamoDB backend itself, not store/index.js: that module also starts DynamoDB Local, which has no place in a Lambda bundle.
import { DynamoFindingStore, localEndpointOptions } from '../store/dynamodb.js';
import type { LambdaEnvironment } from './environment.js';

/** What every handler has. */
export interface Dependencies {
  readonly config: Config;
  readonly store: DynamoFindingStore;
  readonly sinks: readonly NotificationSink[];
  /** IAM_SENTINEL_REPLAY: the local demo replays history, so event times are taken as they are. */
  readonly replay: boolean;
}

/**
 * What one function adds to the dependencies every handler has: set up once
 * per container from the environment, then completed with each
 * invocation's (the store may change with the config's history retention).
 */
export type DependencyExtension<X> = (env: LambdaEnvironment) => (base: Dependencies) => X;

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

export class HandlerDependencies<X extends object = Record<never, never>> {
  readonly sinks: readonly NotificationSink[];
  private readonly extend: ((base: Dependencies) => X) | undefined;
  private store?: { readonly retentionDays: number | undefined; readonly store: DynamoFindingStore };
  private config?: { readonly parameterValue: unknown; readonly config: Config };

  constructor(
    private readonly env: LambdaEnvironment,
    extension?: DependencyExtension<X>,
  ) {
    this.sinks = env.sinks.map((kind) => createSink(kind, env, ENVIRONMENT_SETTINGS));
    this.extend = extension?.(env);
  }

  /** `parameterValue`: the config parameter's value as @middy/ssm put it on the context (cached there). */
  async resolve(parameterValue: unknown): Promise<Dependencies & X> {
    const config = await this.configFor(parameterValue);
    const base: Dependencies = { config, store: await this.storeFor(config), sinks: this.sinks, replay: this.env.replay };
    return Object.assign(base, this.extend?.(base));
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
  private async storeFor(config: Config): Promise<DynamoFindingStore> {
    const retentionDays = config.historyRetentionDays;
    if (this.store && this.store.retentionDays === retentionDays) return this.store.store;
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
    this.store = { retentionDays, store };
    return store;
  }
}
