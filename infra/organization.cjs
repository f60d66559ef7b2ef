// The organization hub (serverless.yml parameter organization=true): one
// deployment, in a security account of an AWS Organization, that audits and
// watches every member account through the spoke (infra/spoke/):
//
//   schedule / new spoke stack ─► state machine: ListAccounts ─► Distributed Map ─► Report
//                                                   │             (scheduled-audit,     │
//                                                   ▼              one account each)   ▼
//                                               S3: run's accounts ──► S3: results ──► table, digest, metrics
//   member accounts' forwarding rules ─► hub event bus (organization only) ─► cloudtrail-event
//
// Everything here is left out of the template when organization=false, so a
// single-account deployment is exactly what it was. Loaded by osls through
// `${file(infra/organization.cjs):<name>}`; each export receives osls's resolver.
'use strict';

const { join } = require('node:path');
const { readCfnYaml } = require('./cfn-yaml.cjs');
const { cloudTrailEventPattern } = require('./spoke/sources.cjs');
const params = require('./params.cjs');
const { serviceTrust } = require('./trust.cjs');

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** The hub's settings from the serverless parameters, checked; null when the hub is off. */
async function settings(resolveVariable) {
  const enabled = String(await resolveVariable('param:organization')).trim().toLowerCase() === 'true';
  if (!enabled) return null;
  const param = async (name) => String((await resolveVariable(`param:${name}`)) ?? '').trim();
  const organizationId = await param('organizationId');
  if (!ORGANIZATION_ID.test(organizationId)) {
    throw new Error(`organization=true needs organizationId, the organization's id such as o-a1b2c3d4e5 (got ${JSON.stringify(organizationId)}): the hub's event bus admits only its accounts`);
  }
  const whole = (name, value, min, max) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    return n;
  };
  const auditRoleName = await param('auditRoleName');
  if (!ROLE_NAME.test(auditRoleName)) throw new Error(`auditRoleName must be an IAM role name (got ${JSON.stringify(auditRoleName)})`);
  const service = `${await resolveVariable('self:service')}-${await resolveVariable('sls:stage')}`;
  return {
    service,
    organizationId,
    // Lambda runs at most this many audits at once: the Map's and the audit function's limit.
    maxConcurrency: whole('maxConcurrency', await param('maxConcurrency'), 1, 1000),
    toleratedFailurePercentage: whole('toleratedFailurePercentage', await param('toleratedFailurePercentage'), 0, 100),
    auditRoleName,
    identityCenterRegion: await param('identityCenterRegion'),
    spokeStackSetName: await param('spokeStackSetName'),
    stateMachineName: `${service}-organization-audit`,
  };
}

const getAtt = (id, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const ref = (id) => ({ Ref: id });
const sub = (text) => ({ 'Fn::Sub': text });
const lambdaTrust = () => readCfnYaml(join(__dirname, 'iam', 'lambda-trust.yml'));
/** A statement of infra/iam/shared.yml (the table, the topic, its key, the dead letters). */
const shared = (name) => readCfnYaml(join(__dirname, 'iam', 'shared.yml'))[name];

/** Lambda's own errors when Step Functions invokes it: retried with backoff. */
const LAMBDA_RETRY = {
  ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
};

/**
 * The audit run (Amazon States Language): list the accounts, audit each in
 * a Distributed Map, report. An account the audit cannot read ends its item
 * in AccountNotAudited (it counts against the tolerated failures); the run
 * is reported even when the Map stops early, then marked failed.
 */
function stateMachineDefinition(s) {
  return {
    Comment: `iam-sentinel organization audit (${s.service}): every ACTIVE account of ${s.organizationId}, each through its audit role`,
    StartAt: 'ListAccounts',
    States: {
      ListAccounts: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: '${AccountsFunctionArn}', 'Payload.$': '$' },
        ResultSelector: { 'run.$': '$.Payload' },
        Retry: [LAMBDA_RETRY],
        Next: 'AuditAccounts',
      },
      AuditAccounts: {
        Type: 'Map',
        Label: 'AccountAudits',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { 'Bucket.$': '$.run.bucket', 'Key.$': '$.run.accountsKey' },
        },
        ItemSelector: {
          'account.$': '$$.Map.Item.Value',
          'time.$': '$.run.time',
          'organizationId.$': '$.run.organizationId',
          'managementAccountId.$': '$.run.managementAccountId',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'AuditAccount',
          States: {
            AuditAccount: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: '${AuditFunctionArn}', 'Payload.$': '$' },
              OutputPath: '$.Payload',
              TimeoutSeconds: 960,
              Retry: [
                LAMBDA_RETRY,
                // Work left for a retry (a notification not delivered, a lost store race): the audit is idempotent.
                { ErrorEquals: ['IncompleteRunError', 'StoreConflictError'], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2 },
              ],
              Next: 'Audited',
            },
            Audited: {
              Type: 'Choice',
              Choices: [{ Variable: '$.status', StringEquals: 'failed', Next: 'AccountNotAudited' }],
              Default: 'AccountAudited',
            },
            AccountNotAudited: { Type: 'Fail', Error: 'AccountNotAudited', CausePath: '$.reason' },
            AccountAudited: { Type: 'Succeed' },
          },
        },
        MaxConcurrency: s.maxConcurrency,
        ToleratedFailurePercentage: s.toleratedFailurePercentage,
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: '${RunsBucket}', 'Prefix.$': '$.run.resultsPrefix' } },
        ResultPath: '$.results',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.mapError', Next: 'ReportRun' }],
        Next: 'ReportRun',
      },
      ReportRun: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: '${ReportFunctionArn}', 'Payload.$': '$' },
        OutputPath: '$.Payload',
        Retry: [LAMBDA_RETRY],
        Next: 'RunOutcome',
      },
      RunOutcome: {
        Type: 'Choice',
        Choices: [{ Variable: '$.complete', BooleanEquals: false, Next: 'RunIncomplete' }],
        Default: 'RunComplete',
      },
      RunIncomplete: { Type: 'Fail', Error: 'OrganizationAuditIncomplete', Cause: 'More accounts failed than toleratedFailurePercentage allows, or the Map wrote no results; see the report step.' },
      RunComplete: { Type: 'Succeed' },
    },
  };
}

function logsStatement(logGroup) {
  return { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(logGroup) };
}

const runsObjects = sub('${OrganizationRunsBucket.Arn}/runs/*');

async function hubResources(s, resolveVariable) {
  const stateMachineArn = sub(`arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:${s.stateMachineName}`);
  const configParameter = String((await resolveVariable('param:config')) ?? '').trim();
  const configStatement = configParameter
    ? [{ Sid: 'ConfigParameter', Effect: 'Allow', Action: 'ssm:GetParameters', Resource: await params.configParameterArn({ resolveVariable }) }]
    : [];
  const alarm = (description, properties) => ({
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { AlarmDescription: description, EvaluationPeriods: 1, TreatMissingData: 'notBreaching', AlarmActions: [ref('AlertTopic')], ...properties },
  });
  const functionErrors = (name, logicalId, what) =>
    alarm(what, {
      AlarmName: `${s.service}-${name}-errors`,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(logicalId) }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });

  return {
    Resources: {
      // ---- real time: the members' forwarded CloudTrail events
      OrganizationEventBus: { Type: 'AWS::Events::EventBus', Properties: { Name: `${s.service}-organization` } },
      OrganizationEventBusPolicy: {
        Type: 'AWS::Events::EventBusPolicy',
        Properties: {
          EventBusName: ref('OrganizationEventBus'),
          StatementId: 'OrganizationAccountsOnly',
          Statement: {
            Effect: 'Allow',
            Principal: '*',
            Action: 'events:PutEvents',
            Resource: getAtt('OrganizationEventBus'),
            Condition: { StringEquals: { 'aws:PrincipalOrgID': s.organizationId } },
          },
        },
      },
      OrganizationEventRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: `${s.service}-organization-cloudtrail-events`,
          Description: "The member accounts' CloudTrail events (the spoke forwards them with the pattern of CloudTrailEventRule)",
          EventBusName: ref('OrganizationEventBus'),
          State: 'ENABLED',
          EventPattern: cloudTrailEventPattern(),
          Targets: [
            {
              Id: 'cloudtrail-event',
              Arn: getAtt('CloudtrailDasheventLambdaFunction'),
              RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
              DeadLetterConfig: { Arn: getAtt('DeadLetterQueue') },
            },
          ],
        },
      },
      OrganizationEventPermission: {
        Type: 'AWS::Lambda::Permission',
        Properties: { FunctionName: getAtt('CloudtrailDasheventLambdaFunction'), Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: getAtt('OrganizationEventRule') },
      },

      // ---- the audit runs' working files
      OrganizationRunsBucket: {
        Type: 'AWS::S3::Bucket',
        // Run files are transient (they expire), but a bucket must be empty to be deleted: keep it, README says how to remove it.
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          LifecycleConfiguration: {
            Rules: [{ Id: 'expire-runs', Status: 'Enabled', Prefix: 'runs/', ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }],
          },
          Tags: [{ Key: 'application', Value: 'iam-sentinel' }],
        },
      },
      OrganizationRunsBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: ref('OrganizationRunsBucket'),
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'TlsOnly',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: [getAtt('OrganizationRunsBucket'), sub('${OrganizationRunsBucket.Arn}/*')],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      },

      // ---- the scheduled audit: a state machine
      OrganizationAuditLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: `/aws/vendedlogs/states/${s.stateMachineName}`, RetentionInDays: 90 },
      },
      OrganizationAuditStateMachine: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          StateMachineName: s.stateMachineName,
          StateMachineType: 'STANDARD',
          RoleArn: getAtt('OrganizationAuditStateMachineRole'),
          Definition: stateMachineDefinition(s),
          DefinitionSubstitutions: {
            AccountsFunctionArn: getAtt('OrganizationDashaccountsLambdaFunction'),
            AuditFunctionArn: getAtt('ScheduledDashauditLambdaFunction'),
            ReportFunctionArn: getAtt('OrganizationDashreportLambdaFunction'),
            RunsBucket: ref('OrganizationRunsBucket'),
          },
          // Errors only, and no execution data: the payloads name accounts, never more is needed to debug a run.
          LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt('OrganizationAuditLogGroup') } }] },
          Tags: [{ Key: 'application', Value: 'iam-sentinel' }],
        },
      },
      OrganizationAuditStateMachineRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: `iam-sentinel organization audit state machine (${s.service})`,
          AssumeRolePolicyDocument: serviceTrust('states.amazonaws.com'),
          Policies: [
            {
              PolicyName: 'organization-audit',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Sid: 'InvokeSteps',
                    Effect: 'Allow',
                    Action: 'lambda:InvokeFunction',
                    Resource: [getAtt('OrganizationDashaccountsLambdaFunction'), getAtt('ScheduledDashauditLambdaFunction'), getAtt('OrganizationDashreportLambdaFunction')],
                  },
                  // A Distributed Map runs its items as child executions of this state machine.
                  { Sid: 'MapChildExecutions', Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn },
                  {
                    Sid: 'MapChildExecutionsStatus',
                    Effect: 'Allow',
                    Action: ['states:DescribeExecution', 'states:StopExecution'],
                    Resource: sub(`arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:${s.stateMachineName}/*`),
                  },
                  // ItemReader reads the run's accounts; ResultWriter writes the results (in multipart uploads).
                  { Sid: 'RunFiles', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], Resource: runsObjects },
                  // Vended log delivery to CloudWatch Logs: these actions accept no resource but "*".
                  {
                    Sid: 'LogDelivery',
                    Effect: 'Allow',
                    Action: [
                      'logs:CreateLogDelivery',
                      'logs:GetLogDelivery',
                      'logs:UpdateLogDelivery',
                      'logs:DeleteLogDelivery',
                      'logs:ListLogDeliveries',
                      'logs:PutResourcePolicy',
                      'logs:DescribeResourcePolicies',
                      'logs:DescribeLogGroups',
                    ],
                    Resource: '*',
                  },
                ],
              },
            },
          ],
        },
      },
      OrganizationAuditStartRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: `iam-sentinel: EventBridge starts the organization audit (${s.service})`,
          AssumeRolePolicyDocument: serviceTrust('events.amazonaws.com'),
          Policies: [
            {
              PolicyName: 'start-organization-audit',
              PolicyDocument: { Version: '2012-10-17', Statement: [{ Sid: 'StartAudit', Effect: 'Allow', Action: 'states:StartExecution', Resource: ref('OrganizationAuditStateMachine') }] },
            },
          ],
        },
      },
      // A new member gets the spoke from the StackSet's automatic deployment: audit it as soon as its role exists.
      OrganizationNewAccountRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: `${s.service}-organization-new-account`,
          Description: `Audits an account as soon as the spoke StackSet ${s.spokeStackSetName} has created its stack there`,
          State: 'ENABLED',
          EventPattern: {
            source: ['aws.cloudformation'],
            'detail-type': ['CloudFormation StackSet StackInstance Status Change'],
            detail: {
              'stack-set-arn': [{ wildcard: `arn:*:cloudformation:*:*:stackset/${s.spokeStackSetName}:*` }],
              action: ['CREATE'],
              'status-details': { 'detailed-status': ['SUCCEEDED'] },
            },
          },
          Targets: [
            {
              Id: 'organization-audit',
              Arn: ref('OrganizationAuditStateMachine'),
              RoleArn: getAtt('OrganizationAuditStartRole'),
              InputTransformer: { InputPathsMap: { time: '$.time', stack: '$.detail.stack-id' }, InputTemplate: '{"time": <time>, "stackId": <stack>}' },
              RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
              DeadLetterConfig: { Arn: getAtt('DeadLetterQueue') },
            },
          ],
        },
      },

      // ---- the steps' functions' roles
      OrganizationAccountsRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: `iam-sentinel organization-accounts (${s.service})`,
          AssumeRolePolicyDocument: lambdaTrust(),
          Policies: [
            {
              PolicyName: 'organization-accounts',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  logsStatement('OrganizationDashaccountsLogGroup'),
                  // The listing needs the management or a delegated administrator account's view; these two accept no resource but "*".
                  { Sid: 'ListOrganization', Effect: 'Allow', Action: ['organizations:DescribeOrganization', 'organizations:ListAccounts'], Resource: '*' },
                  // Where each account sits, in this organization only (the management account in the ARN is not known here).
                  {
                    Sid: 'ReadPlacement',
                    Effect: 'Allow',
                    Action: ['organizations:ListParents', 'organizations:DescribeOrganizationalUnit'],
                    Resource: [
                      sub(`arn:\${AWS::Partition}:organizations::*:account/${s.organizationId}/*`),
                      sub(`arn:\${AWS::Partition}:organizations::*:ou/${s.organizationId}/*`),
                    ],
                  },
                  { Sid: 'WriteRunAccounts', Effect: 'Allow', Action: 's3:PutObject', Resource: runsObjects },
                  shared('deadLetters'),
                ],
              },
            },
          ],
        },
      },
      OrganizationReportRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Description: `iam-sentinel organization-report (${s.service})`,
          AssumeRolePolicyDocument: lambdaTrust(),
          Policies: [
            {
              PolicyName: 'organization-report',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  logsStatement('OrganizationDashreportLogGroup'),
                  { Sid: 'ReadRunResults', Effect: 'Allow', Action: 's3:GetObject', Resource: runsObjects },
                  {
                    Sid: 'FindRunResults',
                    Effect: 'Allow',
                    Action: 's3:ListBucket',
                    Resource: getAtt('OrganizationRunsBucket'),
                    Condition: { StringLike: { 's3:prefix': ['runs/*'] } },
                  },
                  shared('findingsTable'),
                  shared('publishAlerts'),
                  shared('alertKey'),
                  shared('deadLetters'),
                  ...configStatement,
                ],
              },
            },
          ],
        },
      },

      // ---- alarms
      OrganizationAuditFailedAlarm: alarm('An organization audit run failed: more accounts could not be audited than toleratedFailurePercentage allows, or a step failed (see the state machine)', {
        AlarmName: `${s.service}-organization-audit-failed`,
        Namespace: 'AWS/States',
        MetricName: 'ExecutionsFailed',
        Dimensions: [{ Name: 'StateMachineArn', Value: ref('OrganizationAuditStateMachine') }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
      // The report emits the count every run, zero included (shared/lambda/outcomes.ts).
      AccountsNotAuditedTwiceAlarm: alarm('Accounts the organization audit could not read two runs in a row (the run digest lists them)', {
        AlarmName: `${s.service}-accounts-not-audited-twice`,
        Namespace: 'IamSentinel',
        MetricName: 'AccountsNotAuditedTwice',
        Dimensions: [{ Name: 'service', Value: s.service }],
        Statistic: 'Maximum',
        Period: 300,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
      OrganizationAccountsErrorsAlarm: functionErrors('organization-accounts', 'OrganizationDashaccountsLambdaFunction', 'Listing the organization for an audit run failed (see its log group)'),
      OrganizationReportErrorsAlarm: functionErrors('organization-report', 'OrganizationDashreportLambdaFunction', "Reporting an organization audit run failed (see its log group)"),
    },
    Outputs: {
      OrganizationEventBusArn: { Description: "The hub event bus (the spoke's HubServiceName and HubRegion point its forwarding rule here)", Value: getAtt('OrganizationEventBus') },
      OrganizationAuditStateMachineArn: { Description: 'The organization audit (aws stepfunctions start-execution to run it now)', Value: ref('OrganizationAuditStateMachine') },
      SpokeHubServiceName: { Description: "The spoke template's HubServiceName parameter", Value: s.service },
    },
  };
}

// ---------------------------------------------------------------- exports

async function accountsFunction({ resolveVariable }) {
  const s = await settings(resolveVariable);
  if (!s) return null;
  return {
    handler: 'functions/organization-accounts.handler',
    description: "Organization audit: the organization's ACTIVE accounts, for the Distributed Map",
    role: 'OrganizationAccountsRole',
    timeout: 300,
    memorySize: 512,
    maximumRetryAttempts: 2,
    maximumEventAge: 3600,
    destinations: { onFailure: { type: 'sqs', arn: getAtt('DeadLetterQueue') } },
    environment: { IAM_SENTINEL_RUNS_BUCKET: ref('OrganizationRunsBucket') },
  };
}

async function reportFunction({ resolveVariable }) {
  const s = await settings(resolveVariable);
  if (!s) return null;
  return {
    handler: 'functions/organization-report.handler',
    description: 'Organization audit: accounts not audited recorded, one digest, the alarms\' metrics',
    role: 'OrganizationReportRole',
    timeout: 300,
    maximumRetryAttempts: 2,
    maximumEventAge: 3600,
    destinations: { onFailure: { type: 'sqs', arn: getAtt('DeadLetterQueue') } },
    environment: {
      IAM_SENTINEL_TABLE: ref('FindingsTable'),
      IAM_SENTINEL_TOPIC_ARN: ref('AlertTopic'),
      IAM_SENTINEL_CONFIG_PARAMETER: String((await resolveVariable('param:config')) ?? ''),
      IAM_SENTINEL_NOTIFY: 'sns',
      IAM_SENTINEL_RUNS_BUCKET: ref('OrganizationRunsBucket'),
    },
  };
}

module.exports = {
  resources: async ({ resolveVariable }) => {
    const s = await settings(resolveVariable);
    return s ? hubResources(s, resolveVariable) : {};
  },
  accountsFunction,
  reportFunction,
  /** The audit schedule's target: the audit function itself, or in a hub the state machine. */
  auditScheduleTargets: async ({ resolveVariable }) => {
    const retry = { RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: { Arn: getAtt('DeadLetterQueue') } };
    const s = await settings(resolveVariable);
    if (!s) return [{ Id: 'scheduled-audit', Arn: getAtt('ScheduledDashauditLambdaFunction'), ...retry }];
    return [{ Id: 'organization-audit', Arn: ref('OrganizationAuditStateMachine'), RoleArn: getAtt('OrganizationAuditStartRole'), ...retry }];
  },
  /** The rules whose undeliverable events the dead-letter queue takes. */
  deadLetterSources: async ({ resolveVariable }) => [
    getAtt('AuditScheduleRule'),
    getAtt('CloudTrailEventRule'),
    ...((await settings(resolveVariable)) ? [getAtt('OrganizationEventRule'), getAtt('OrganizationNewAccountRule')] : []),
  ],
  /** Roles that may publish to the alert topic: the two auditors, and in a hub the run's report. */
  alertPublishers: async ({ resolveVariable }) => [
    getAtt('ScheduledAuditRole'),
    getAtt('CloudTrailEventRole'),
    ...((await settings(resolveVariable)) ? [getAtt('OrganizationReportRole')] : []),
  ],
  /** The audit function's reserved concurrency: one audit at a time, or in a hub the Map's concurrency. */
  auditConcurrency: async ({ resolveVariable }) => (await settings(resolveVariable))?.maxConcurrency ?? 1,
  /** The functions' IAM_SENTINEL_AUDIT_ROLE: empty for one account (shared/lambda/environment.ts). */
  auditRoleEnvironment: async ({ resolveVariable }) => (await settings(resolveVariable))?.auditRoleName ?? '',
  identityCenterRegionEnvironment: async ({ resolveVariable }) => (await settings(resolveVariable))?.identityCenterRegion ?? '',
  // For the tests of this file.
  stateMachineDefinitionOf: stateMachineDefinition,
};
