/**
 * The handlers' settings, read from the environment in one place and checked
 * before anything runs. serverless.yml sets the deployed ones; the overrides
 * let the local demo and the tests drive the very same handlers without AWS:
 *
 * | variable                          | meaning                                                               |
 * | --------------------------------- | --------------------------------------------------------------------- |
 * | `IAM_SENTINEL_TABLE`              | the findings table (required)                                         |
 * | `IAM_SENTINEL_TOPIC_ARN`          | the alert topic (required by the `sns` sink)                          |
 * | `IAM_SENTINEL_CONFIG_PARAMETER`   | SSM parameter holding the JSON config; empty: defaults                |
 * | `IAM_SENTINEL_CONFIG`             | a config file instead (local runs, like the CLI)                      |
 * | `POWERTOOLS_SERVICE_NAME`         | the deployed service, e.g. iam-sentinel-prod                          |
 * | `IAM_SENTINEL_SNAPSHOT_DIR`       | read this snapshot folder instead of the live account                 |
 * | `IAM_SENTINEL_DYNAMODB_ENDPOINT`  | DynamoDB Local instead of DynamoDB (the table must exist)             |
 * | `IAM_SENTINEL_NOTIFY`             | sinks, comma-separated: sns, console, outbox, slack (default sns)     |
 * | `IAM_SENTINEL_DATA_DIR`           | folder of the outbox (`outbox` sink)                                  |
 * | `SLACK_WEBHOOK_URL`               | a webhook for a direct `slack` sink (local only: deployed, Slack is   |
 * |                                   | notify-slack's, with the URL in SSM)                                  |
 * | `IAM_SENTINEL_CONSOLE`            | `brief`: the `console` sink prints one subject line per notification  |
 * | `IAM_SENTINEL_SECURITY_HUB`       | `true`: export the findings to Security Hub after each run (default   |
 * |                                   | `false`); the region is the function's own (AWS_REGION)               |
 * | `IAM_SENTINEL_REPLAY`             | `true`: take event times as they are, even days ahead of the clock    |
 * |                                   | (the local demo replays history; deployed, an implausible time is     |
 * |                                   | replaced by the clock and logged)                                     |
 * | `IAM_SENTINEL_MONITOR_KMS_KEY_ARNS` | the stack's own KMS keys, comma-separated: config `monitor.kmsKeyArns` |
 * | `IAM_SENTINEL_MONITOR_PARAMETERS` | the stack's own SSM parameters, comma-separated: `monitor.parameterNames` |
 * | `IAM_SENTINEL_AUDIT_FUNCTION`     | the scheduled-audit function, which an event reaching too many        |
 * |                                   | principals to re-evaluate one by one invokes (shared/lambda/full-audit.ts) |
 * | `IAM_SENTINEL_BURST_SETTLE_MS`    | wait before a burst fires (default 3000; local runs: 0)               |
 * | `IAM_SENTINEL_AUDIT_ROLE`         | organization hub: the member accounts' audit role (empty: one account)|
 * | `IAM_SENTINEL_IDENTITY_CENTER_REGION` | organization hub: Identity Center's home Region (empty: this one) |
 * | `IAM_SENTINEL_RUNS_BUCKET`        | organization hub: the bucket of the audit runs' account lists/results |
 */
import { SINK_NAMES, type SinkName } from '../notify/sinks.js';
import { serviceNameOf } from './observability.js';

/** Sinks the handlers can deliver to (IAM_SENTINEL_NOTIFY): the same names as the CLI's --notify. */
export const SINK_KINDS = SINK_NAMES;
export type SinkKind = SinkName;

export interface LambdaEnvironment {
  readonly serviceName: string;
  readonly tableName: string;
  readonly dynamoEndpoint?: string;
  readonly configParameter?: string;
  readonly configFile?: string;
  readonly snapshotDir?: string;
  readonly sinks: readonly SinkKind[];
  readonly topicArn?: string;
  readonly dataDir?: string;
  readonly slackWebhookUrl?: string;
  /** IAM_SENTINEL_CONSOLE=brief: the console sink prints subject lines only (the local demo). */
  readonly consoleStyle?: 'full' | 'brief';
  /** IAM_SENTINEL_SECURITY_HUB=true: each run exports what it changed to Security Hub. */
  readonly securityHub?: boolean;
  /** IAM_SENTINEL_REPLAY=true: event times are taken as they are (the local demo replays history). */
  readonly replay: boolean;
  /** The deployment's own resources that monitor-tampering cannot tell by name. */
  readonly monitor?: { readonly kmsKeyArns: readonly string[]; readonly parameterNames: readonly string[] };
  readonly auditFunction?: string;
  readonly burstSettleMs?: number;
  /** Organization hub (serverless.yml organization=true): the audit role assumed in each member account. */
  readonly auditRoleName?: string;
  readonly identityCenterRegion?: string;
}

/** A variable missing or wrong: names the variable and what it needs. Never quotes a value (it may be a secret). */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
  constructor(
    readonly variable: string,
    expected: string,
  ) {
    super(`${variable}: ${expected}`);
  }
}

/** The variable's value, trimmed; undefined when unset or blank (serverless.yml passes empty parameters as ""). */
function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

export function configParameterOf(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return value(env, 'IAM_SENTINEL_CONFIG_PARAMETER');
}

function sinkKinds(env: NodeJS.ProcessEnv): SinkKind[] {
  const raw = value(env, 'IAM_SENTINEL_NOTIFY') ?? 'sns';
  const kinds = raw.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) {
    if (!(SINK_KINDS as readonly string[]).includes(k)) {
      throw new EnvironmentError('IAM_SENTINEL_NOTIFY', `unknown sink "${k}" (expected a comma-separated list of ${SINK_KINDS.join(', ')})`);
    }
  }
  return [...new Set(kinds as SinkKind[])];
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const v = value(env, name);
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  throw new EnvironmentError(name, 'must be true or false');
}

function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const v = value(env, name);
  if (!v) throw new EnvironmentError(name, `must be set (${why})`);
  return v;
}

/** A comma-separated list; serverless.yml joins parameters that may be empty, so blanks are dropped. */
function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (value(env, name) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
}

function monitorResources(env: NodeJS.ProcessEnv): Pick<LambdaEnvironment, 'monitor'> {
  const kmsKeyArns = list(env, 'IAM_SENTINEL_MONITOR_KMS_KEY_ARNS');
  const parameterNames = list(env, 'IAM_SENTINEL_MONITOR_PARAMETERS');
  return kmsKeyArns.length + parameterNames.length > 0 ? { monitor: { kmsKeyArns, parameterNames } } : {};
}

function milliseconds(env: NodeJS.ProcessEnv, name: string): { burstSettleMs: number } | Record<string, never> {
  const v = value(env, name);
  if (v === undefined) return {};
  if (!/^\d+$/.test(v)) throw new EnvironmentError(name, 'expected a whole number of milliseconds');
  return { burstSettleMs: Number(v) };
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): LambdaEnvironment {
  const sinks = sinkKinds(env);
  const optional = (key: keyof LambdaEnvironment, name: string) => {
    const v = value(env, name);
    return v ? { [key]: v } : {};
  };
  return {
    serviceName: serviceNameOf(env),
    tableName: required(env, 'IAM_SENTINEL_TABLE', 'the findings table'),
    sinks,
    ...(flag(env, 'IAM_SENTINEL_SECURITY_HUB') ? { securityHub: true } : {}),
    ...optional('dynamoEndpoint', 'IAM_SENTINEL_DYNAMODB_ENDPOINT'),
    ...optional('configParameter', 'IAM_SENTINEL_CONFIG_PARAMETER'),
    ...optional('configFile', 'IAM_SENTINEL_CONFIG'),
    ...optional('snapshotDir', 'IAM_SENTINEL_SNAPSHOT_DIR'),
    ...(sinks.includes('sns') ? { topicArn: required(env, 'IAM_SENTINEL_TOPIC_ARN', 'the sns sink publishes to it') } : {}),
    ...(sinks.includes('outbox') ? { dataDir: required(env, 'IAM_SENTINEL_DATA_DIR', 'the outbox sink writes outbox.jsonl there') } : {}),
    ...(sinks.includes('slack') ? { slackWebhookUrl: required(env, 'SLACK_WEBHOOK_URL', 'the slack sink posts to it') } : {}),
    ...(value(env, 'IAM_SENTINEL_CONSOLE') === 'brief' ? { consoleStyle: 'brief' as const } : {}),
    replay: value(env, 'IAM_SENTINEL_REPLAY') === 'true',
    ...monitorResources(env),
    ...optional('auditFunction', 'IAM_SENTINEL_AUDIT_FUNCTION'),
    ...milliseconds(env, 'IAM_SENTINEL_BURST_SETTLE_MS'),
    ...optional('auditRoleName', 'IAM_SENTINEL_AUDIT_ROLE'),
    ...optional('identityCenterRegion', 'IAM_SENTINEL_IDENTITY_CENTER_REGION'),
  };
}

/** The bucket of the organization audit's runs (the hub's accounts and report functions). */
export function runsBucketOf(env: NodeJS.ProcessEnv = process.env): string {
  return required(env, 'IAM_SENTINEL_RUNS_BUCKET', 'the organization audit keeps its runs there');
}
