import type { DetectionRule } from '../model.js';
import type { CloudTrailRecord } from './record.js';
import { accountOf, isFailed, lastPart, partitionOf, stringParam } from './lib/event.js';

/** One of the monitor's own resources that an event disables or deletes. */
interface Target {
  /** The name the deployment gave it (compared with the service name). */
  readonly name: string;
  /** Its ARN where it can be known, else the name as given. */
  readonly resource: string;
  readonly what: string;
}

/** Lambda's CloudTrail event names carry the API version: DeleteFunction20150331, DeleteFunction20150331v2. */
const DELETE_FUNCTION = /^DeleteFunction(\d{8}(v\d+)?)?$/;

/** `name`, `arn:…:function:name[:qualifier]` or `account:function:name`: the function's name. */
function functionName(given: string): string {
  const m = /(?:^|:)function:([^:]+)/.exec(given);
  return m ? m[1] : given;
}

function arnIn(record: CloudTrailRecord, service: string, resource: string): string | null {
  const account = accountOf(record);
  return account && record.awsRegion ? `arn:${partitionOf(record)}:${service}:${record.awsRegion}:${account}:${resource}` : null;
}

function eventBridgeRule(record: CloudTrailRecord): Target | null {
  // DeleteRule and DisableRule name the rule `name`; RemoveTargets names it `rule`.
  const given = stringParam(record, record.eventName === 'RemoveTargets' ? 'rule' : 'name');
  if (!given) return null;
  const name = lastPart(given);
  const bus = stringParam(record, 'eventBusName');
  const busPath = bus && bus !== 'default' ? `${lastPart(bus)}/` : '';
  const what =
    record.eventName === 'DisableRule' ? 'was disabled' : record.eventName === 'DeleteRule' ? 'was deleted' : 'lost targets';
  return {
    name,
    resource: given.startsWith('arn:') ? given : (arnIn(record, 'events', `rule/${busPath}${name}`) ?? given),
    what: `EventBridge rule ${name} ${what}`,
  };
}

function targetOf(record: CloudTrailRecord): Target | null {
  switch (record.eventSource) {
    case 'events.amazonaws.com':
      return record.eventName === 'DisableRule' || record.eventName === 'DeleteRule' || record.eventName === 'RemoveTargets'
        ? eventBridgeRule(record)
        : null;
    case 'dynamodb.amazonaws.com': {
      const given = record.eventName === 'DeleteTable' ? stringParam(record, 'tableName') : undefined;
      if (!given) return null;
      const name = lastPart(given);
      return { name, resource: given.startsWith('arn:') ? given : (arnIn(record, 'dynamodb', `table/${name}`) ?? given), what: `DynamoDB table ${name} was deleted` };
    }
    case 'sns.amazonaws.com': {
      const given = record.eventName === 'DeleteTopic' ? stringParam(record, 'topicArn') : undefined;
      if (!given) return null;
      const name = lastPart(given);
      return { name, resource: given, what: `SNS topic ${name} was deleted` };
    }
    case 'lambda.amazonaws.com': {
      const given = DELETE_FUNCTION.test(record.eventName) ? stringParam(record, 'functionName') : undefined;
      if (!given) return null;
      const name = functionName(given);
      return { name, resource: given.startsWith('arn:') ? given : (arnIn(record, 'lambda', `function:${name}`) ?? given), what: `Lambda function ${name} was deleted` };
    }
    default:
      return null;
  }
}

export const monitorTampering: DetectionRule = {
  id: 'monitor-tampering',
  title: 'iam-sentinel itself disabled or deleted',
  severity: 'critical',
  practice:
    'Protect the monitoring: disabling the rule that feeds it, or deleting its table, topic or functions, silences every other alarm, so it is watched like CloudTrail itself.',
  references: [
    { standard: 'Other', id: 'AWS Well-Architected SEC04-BP01 (configure service and application logging)', url: 'https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_detect_investigate_events_app_service_logging.html' },
    { standard: 'CIS', id: '4.5' },
  ],
  remediation:
    'Confirm the change was a planned removal. If not, redeploy the monitor (npx osls deploy) or re-enable the rule at once: aws events enable-rule --name <rule>; then review what the caller did while alerts were off, and restrict who may change the stack (for example with a service control policy on resources named after the service).',
  match(record, config) {
    const target = targetOf(record);
    if (!target || !target.name.startsWith(config.serviceName) || isFailed(record)) return null;
    return { resource: target.resource, message: target.what };
  },
};
