import type { Config } from '../config/schema.js';
import type { DetectionRule, EventSelector } from '../model.js';
import type { CloudTrailRecord } from './record.js';
import { accountOf, isFailed, lastPart, partitionOf, stringParam } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

/** One of the monitor's own resources that an event blinds or silences. */
interface Target {
  /** Its ARN where it can be known, else the name as given. */
  readonly resource: string;
  readonly what: string;
}

type Watcher = (record: CloudTrailRecord, config: Config) => Target | null;

/** A resource is the monitor's when its name is the service name, or starts with it and a dash. */
function isMonitorName(name: string, config: Config): boolean {
  return name === config.serviceName || name.startsWith(`${config.serviceName}-`);
}

function arnIn(record: CloudTrailRecord, service: string, resource: string): string | null {
  const account = accountOf(record);
  return account && record.awsRegion ? `arn:${partitionOf(record)}:${service}:${record.awsRegion}:${account}:${resource}` : null;
}

// ---------------------------------------------------------------- EventBridge

const RULE_CHANGES: Readonly<Record<string, string>> = {
  DisableRule: 'was disabled',
  DeleteRule: 'was deleted',
  RemoveTargets: 'lost targets',
  PutRule: 'was disabled (PutRule with state DISABLED)',
};

const eventBridge: Watcher = (record, config) => {
  const what = RULE_CHANGES[record.eventName];
  if (!what) return null;
  if (record.eventName === 'PutRule' && stringParam(record, 'state') !== 'DISABLED') return null;
  // RemoveTargets names the rule `rule`; the others `name`. Either may be an ARN.
  const given = stringParam(record, record.eventName === 'RemoveTargets' ? 'rule' : 'name');
  if (!given) return null;
  const name = lastPart(given);
  if (!isMonitorName(name, config)) return null;
  const bus = stringParam(record, 'eventBusName');
  const busPath = bus && bus !== 'default' ? `${lastPart(bus)}/` : '';
  const resource = given.startsWith('arn:') ? given : (arnIn(record, 'events', `rule/${busPath}${name}`) ?? given);
  return { resource, what: `EventBridge rule ${name} ${what}` };
};

// ---------------------------------------------------------------- Lambda

/** Lambda's event names carry the API version: DeleteFunction20150331, UpdateFunctionConfiguration20150331v2. */
const LAMBDA_CALL = /^(DeleteFunction|PutFunctionConcurrency|UpdateFunctionConfiguration|RemovePermission)(?:\d{8}(?:v\d+)?)?$/;
const LAMBDA_NAMES = ['DeleteFunction', 'PutFunctionConcurrency', 'UpdateFunctionConfiguration', 'RemovePermission'];

/** `name`, `arn:…:function:name[:qualifier]` or `account:function:name`: the function's name. */
function functionName(given: string): string {
  const m = /(?:^|:)function:([^:]+)/.exec(given);
  return m ? m[1] : given;
}

const lambda: Watcher = (record, config) => {
  const call = LAMBDA_CALL.exec(record.eventName)?.[1];
  const given = call ? stringParam(record, 'functionName') : undefined;
  if (!call || !given) return null;
  const name = functionName(given);
  if (!isMonitorName(name, config)) return null;
  const concurrency = record.requestParameters?.reservedConcurrentExecutions;
  const what =
    call === 'DeleteFunction'
      ? 'was deleted'
      : call === 'PutFunctionConcurrency'
        ? `had its reserved concurrency set to ${typeof concurrency === 'number' ? concurrency : '(unknown)'}${concurrency === 0 ? ' (it no longer runs)' : ''}`
        : call === 'UpdateFunctionConfiguration'
          ? 'had its configuration changed'
          : `lost invoke permission ${stringParam(record, 'statementId') ?? '(unnamed)'}`;
  const resource = given.startsWith('arn:') ? given : (arnIn(record, 'lambda', `function:${name}`) ?? given);
  return { resource, what: `Lambda function ${name} ${what}` };
};

// ---------------------------------------------------------------- DynamoDB

function nested(record: CloudTrailRecord, object: string, field: string): unknown {
  const value = record.requestParameters?.[object];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
}

const dynamodb: Watcher = (record, config) => {
  let what: string;
  if (record.eventName === 'DeleteTable') what = 'was deleted';
  else if (record.eventName === 'UpdateTable' && record.requestParameters?.deletionProtectionEnabled === false) what = 'lost its deletion protection';
  else if (record.eventName === 'UpdateContinuousBackups' && nested(record, 'pointInTimeRecoverySpecification', 'pointInTimeRecoveryEnabled') === false)
    what = 'lost point-in-time recovery';
  else return null;
  const given = stringParam(record, 'tableName');
  if (!given) return null;
  const name = lastPart(given);
  if (!isMonitorName(name, config)) return null;
  return { resource: given.startsWith('arn:') ? given : (arnIn(record, 'dynamodb', `table/${name}`) ?? given), what: `DynamoDB table ${name} ${what}` };
};

// ---------------------------------------------------------------- SNS

const sns: Watcher = (record, config) => {
  let topicArn: string | undefined;
  let what: string;
  if (record.eventName === 'DeleteTopic' || record.eventName === 'SetTopicAttributes') {
    topicArn = stringParam(record, 'topicArn');
    const attribute = stringParam(record, 'attributeName');
    what = record.eventName === 'DeleteTopic' ? 'was deleted' : attribute ? `had its ${attribute} attribute changed` : 'had an attribute changed';
  } else if (record.eventName === 'Unsubscribe') {
    // A subscription ARN is its topic's ARN and a subscription id: arn:aws:sns:region:account:topic:id.
    const subscription = stringParam(record, 'subscriptionArn');
    topicArn = subscription?.slice(0, subscription.lastIndexOf(':'));
    what = `lost subscription ${subscription}`;
  } else return null;
  if (!topicArn) return null;
  const name = lastPart(topicArn);
  if (!isMonitorName(name, config)) return null;
  return { resource: topicArn, what: `SNS topic ${name} ${what}` };
};

// ---------------------------------------------------------------- KMS

const KEY_CHANGES: Readonly<Record<string, string>> = {
  DisableKey: 'was disabled',
  ScheduleKeyDeletion: 'was scheduled for deletion',
  PutKeyPolicy: 'got a new key policy',
};

const keyIdOf = (idOrArn: string) => idOrArn.slice(idOrArn.lastIndexOf('/') + 1);

/** The monitor's key the event names (by key id or ARN, in the request or CloudTrail's resources list), as configured. */
function monitorKey(record: CloudTrailRecord, config: Config): string | null {
  const named = [stringParam(record, 'keyId')];
  if (Array.isArray(record.resources)) {
    for (const r of record.resources as unknown[]) {
      const arn = typeof r === 'object' && r !== null ? (r as { ARN?: unknown }).ARN : undefined;
      if (typeof arn === 'string') named.push(arn);
    }
  }
  for (const given of named) {
    if (!given || given.startsWith('alias/')) continue;
    const match = config.monitor.kmsKeyArns.find((arn) => arn === given || (!given.startsWith('arn:') && keyIdOf(arn) === given));
    if (match) return match;
  }
  return null;
}

const kms: Watcher = (record, config) => {
  const what = KEY_CHANGES[record.eventName];
  if (!what) return null;
  const key = monitorKey(record, config);
  if (!key) return null;
  const days = record.requestParameters?.pendingWindowInDays;
  return { resource: key, what: `KMS key ${keyIdOf(key)} ${what}${record.eventName === 'ScheduleKeyDeletion' && typeof days === 'number' ? ` in ${days} days` : ''}` };
};

// ---------------------------------------------------------------- SSM

/** A parameter's name without the ARN around it or its leading slash: "/a/b", "a/b" and its ARN all give "a/b". */
function bareParameterName(given: string): string {
  const fromArn = given.startsWith('arn:') ? given.slice(given.indexOf(':parameter/') + ':parameter/'.length) : given;
  return fromArn.replace(/^\/+/, '');
}

function isMonitorParameter(given: string, config: Config): boolean {
  const name = bareParameterName(given);
  return (
    isMonitorName(name, config) ||
    name.startsWith(`${config.serviceName}/`) ||
    config.monitor.parameterNames.some((listed) => bareParameterName(listed) === name)
  );
}

const ssm: Watcher = (record, config) => {
  if (record.eventName !== 'PutParameter' && record.eventName !== 'DeleteParameter') return null;
  const given = stringParam(record, 'name');
  if (!given || !isMonitorParameter(given, config)) return null;
  const name = given.startsWith('arn:') ? `/${bareParameterName(given)}` : given;
  const resource = given.startsWith('arn:') ? given : (arnIn(record, 'ssm', `parameter/${bareParameterName(given)}`) ?? given);
  return { resource, what: `SSM parameter ${name} was ${record.eventName === 'PutParameter' ? 'rewritten' : 'deleted'}` };
};

// ---------------------------------------------------------------- CloudWatch

const cloudwatch: Watcher = (record, config) => {
  if (record.eventName !== 'DisableAlarmActions' && record.eventName !== 'DeleteAlarms') return null;
  const names = record.requestParameters?.alarmNames;
  const own = Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string' && isMonitorName(n, config)) : [];
  if (own.length === 0) return null;
  const resource = arnIn(record, 'cloudwatch', `alarm:${own[0]}`) ?? own[0];
  const deleted = record.eventName === 'DeleteAlarms';
  const what =
    own.length === 1
      ? `CloudWatch alarm ${own[0]} ${deleted ? 'was deleted' : 'had its actions disabled'}`
      : `CloudWatch alarms ${own.join(', ')} ${deleted ? 'were deleted' : 'had their actions disabled'}`;
  return { resource, what };
};

/** The calls that blind or silence the monitor, by the service that logs them. */
const WATCHERS: Readonly<Record<string, readonly [Watcher, readonly (string | { prefix: string })[]]>> = {
  'events.amazonaws.com': [eventBridge, Object.keys(RULE_CHANGES)],
  'lambda.amazonaws.com': [lambda, LAMBDA_NAMES.map((prefix) => ({ prefix }))],
  'dynamodb.amazonaws.com': [dynamodb, ['DeleteTable', 'UpdateTable', 'UpdateContinuousBackups']],
  'sns.amazonaws.com': [sns, ['DeleteTopic', 'SetTopicAttributes', 'Unsubscribe']],
  'kms.amazonaws.com': [kms, Object.keys(KEY_CHANGES)],
  'ssm.amazonaws.com': [ssm, ['PutParameter', 'DeleteParameter']],
  'monitoring.amazonaws.com': [cloudwatch, ['DisableAlarmActions', 'DeleteAlarms']],
};

export const monitorTampering: DetectionRule = {
  id: 'monitor-tampering',
  title: 'iam-sentinel itself disabled or silenced',
  severity: 'critical',
  practice:
    'Protect the monitoring: disabling the rule that feeds it, throttling or reconfiguring its functions, deleting or unprotecting its table, cutting its alert topic, key, configuration or alarms silences every other alarm, so it is watched like CloudTrail itself.',
  references: [
    { standard: 'Other', id: 'AWS Well-Architected SEC04-BP01 (configure service and application logging)', url: 'https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_detect_investigate_events_app_service_logging.html' },
    ...cis('4.5'),
  ],
  remediation:
    'Confirm the change was a planned update or removal (a stack update by CloudFormation is reported too). If not, redeploy the monitor (npx osls deploy), or undo the change at once (aws events enable-rule --name <rule>; aws lambda delete-function-concurrency --function-name <function>; aws dynamodb update-table --table-name <table> --deletion-protection-enabled; aws kms enable-key --key-id <key>; aws cloudwatch enable-alarm-actions --alarm-names <alarm>); then review what the caller did while alerts were off, and restrict who may change the stack (for example with a service control policy on resources named after the service).',
  reads: Object.entries(WATCHERS).map(([eventSource, [, eventNames]]): EventSelector => ({ eventSource, eventNames })),
  match(record, config) {
    const watch = WATCHERS[record.eventSource]?.[0];
    if (!watch || isFailed(record)) return null;
    const target = watch(record, config);
    return target ? { resource: target.resource, message: target.what } : null;
  },
};
