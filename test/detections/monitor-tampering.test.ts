import { describe, expect, it } from 'vitest';
import { monitorTampering } from '../../shared/detections/monitor-tampering.js';
import { apiCall, assumedRole, matchOf } from './records.js';

const events = (eventName: string, requestParameters: Record<string, unknown>, errorCode?: string) =>
  apiCall('events.amazonaws.com', eventName, { requestParameters, errorCode });

describe('monitor-tampering', () => {
  it('fires when one of its EventBridge rules is disabled, deleted or loses its targets', () => {
    expect(matchOf(monitorTampering, events('DisableRule', { name: 'iam-sentinel-prod-cloudtrail-events' }))).toEqual({
      resource: 'arn:aws:events:us-east-1:111122223333:rule/iam-sentinel-prod-cloudtrail-events',
      message: 'EventBridge rule iam-sentinel-prod-cloudtrail-events was disabled',
    });
    expect(matchOf(monitorTampering, events('DeleteRule', { name: 'iam-sentinel-prod-schedule', force: false }))?.message).toBe(
      'EventBridge rule iam-sentinel-prod-schedule was deleted',
    );
    expect(matchOf(monitorTampering, events('RemoveTargets', { rule: 'iam-sentinel-prod-schedule', ids: ['audit'], force: false }))).not.toBeNull();
  });

  it('fires when its table, topic or a function is deleted, names given as ARNs counting by their last part', () => {
    const table = apiCall('dynamodb.amazonaws.com', 'DeleteTable', { requestParameters: { tableName: 'iam-sentinel-prod-findings' } });
    expect(matchOf(monitorTampering, table)?.resource).toBe('arn:aws:dynamodb:us-east-1:111122223333:table/iam-sentinel-prod-findings');
    const topicArn = 'arn:aws:sns:us-east-1:111122223333:iam-sentinel-prod-alerts';
    expect(matchOf(monitorTampering, apiCall('sns.amazonaws.com', 'DeleteTopic', { requestParameters: { topicArn } }))).toEqual({
      resource: topicArn,
      message: 'SNS topic iam-sentinel-prod-alerts was deleted',
    });
    const functionArn = 'arn:aws:lambda:us-east-1:111122223333:function:iam-sentinel-prod-scheduledAudit';
    const deleted = apiCall('lambda.amazonaws.com', 'DeleteFunction20150331', { requestParameters: { functionName: functionArn } });
    expect(matchOf(monitorTampering, deleted)?.message).toBe('Lambda function iam-sentinel-prod-scheduledAudit was deleted');
  });

  it('watches the configured service name', () => {
    const record = events('DisableRule', { name: 'sentinel-eu-cloudtrail-events' });
    expect(matchOf(monitorTampering, record)).toBeNull();
    expect(matchOf(monitorTampering, record, { serviceName: 'sentinel-eu' })).not.toBeNull();
  });

  it('near miss: other resources, other Lambda APIs, harmless calls', () => {
    expect(matchOf(monitorTampering, events('DisableRule', { name: 'nightly-backup' }))).toBeNull();
    expect(matchOf(monitorTampering, events('EnableRule', { name: 'iam-sentinel-prod-schedule' }))).toBeNull();
    expect(matchOf(monitorTampering, apiCall('dynamodb.amazonaws.com', 'DeleteTable', { requestParameters: { tableName: 'orders' } }))).toBeNull();
    const urlConfig = apiCall('lambda.amazonaws.com', 'DeleteFunctionUrlConfig20211031', { requestParameters: { functionName: 'iam-sentinel-prod-scheduledAudit' } });
    expect(matchOf(monitorTampering, urlConfig)).toBeNull();
  });

  it('near miss: a denied deletion', () => {
    expect(matchOf(monitorTampering, events('DeleteRule', { name: 'iam-sentinel-prod-schedule' }, 'AccessDeniedException'))).toBeNull();
  });

  it('fires on the calls that silence it without deleting anything: PutRule disabling, concurrency, configuration, permissions', () => {
    const disabled = events('PutRule', { name: 'iam-sentinel-prod-cloudtrail-events', state: 'DISABLED', eventPattern: '{}' });
    expect(matchOf(monitorTampering, disabled)?.message).toBe('EventBridge rule iam-sentinel-prod-cloudtrail-events was disabled (PutRule with state DISABLED)');
    const lambda = (eventName: string, requestParameters: Record<string, unknown>) => apiCall('lambda.amazonaws.com', eventName, { requestParameters });
    expect(matchOf(monitorTampering, lambda('PutFunctionConcurrency20171031', { functionName: 'iam-sentinel-prod-cloudtrail-event', reservedConcurrentExecutions: 0 }))).toEqual({
      resource: 'arn:aws:lambda:us-east-1:111122223333:function:iam-sentinel-prod-cloudtrail-event',
      message: 'Lambda function iam-sentinel-prod-cloudtrail-event had its reserved concurrency set to 0 (it no longer runs)',
    });
    expect(matchOf(monitorTampering, lambda('PutFunctionConcurrency20171031', { functionName: 'iam-sentinel-prod-cloudtrail-event', reservedConcurrentExecutions: 1 }))?.message).toContain('set to 1');
    const arn = 'arn:aws:lambda:us-east-1:111122223333:function:iam-sentinel-prod-scheduled-audit:$LATEST';
    expect(matchOf(monitorTampering, lambda('UpdateFunctionConfiguration20150331v2', { functionName: arn, environment: {} }))).toEqual({
      resource: arn,
      message: 'Lambda function iam-sentinel-prod-scheduled-audit had its configuration changed',
    });
    expect(matchOf(monitorTampering, lambda('RemovePermission20150331v2', { functionName: 'iam-sentinel-prod-cloudtrail-event', statementId: 'events' }))?.message).toBe(
      'Lambda function iam-sentinel-prod-cloudtrail-event lost invoke permission events',
    );
  });

  it('fires when its table loses deletion protection or recovery, its topic an attribute or a subscription, its alarms their actions', () => {
    const table = (eventName: string, requestParameters: Record<string, unknown>) => apiCall('dynamodb.amazonaws.com', eventName, { requestParameters });
    expect(matchOf(monitorTampering, table('UpdateTable', { tableName: 'iam-sentinel-prod-findings', deletionProtectionEnabled: false }))?.message).toBe(
      'DynamoDB table iam-sentinel-prod-findings lost its deletion protection',
    );
    const pitrOff = table('UpdateContinuousBackups', { tableName: 'iam-sentinel-prod-findings', pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } });
    expect(matchOf(monitorTampering, pitrOff)?.message).toBe('DynamoDB table iam-sentinel-prod-findings lost point-in-time recovery');
    const topicArn = 'arn:aws:sns:us-east-1:111122223333:iam-sentinel-prod-alerts';
    const attribute = apiCall('sns.amazonaws.com', 'SetTopicAttributes', { requestParameters: { topicArn, attributeName: 'Policy', attributeValue: '{}' } });
    expect(matchOf(monitorTampering, attribute)?.message).toBe('SNS topic iam-sentinel-prod-alerts had its Policy attribute changed');
    const subscriptionArn = `${topicArn}:0f7e3c1a-5b2d-4e8f-9a6b-1c2d3e4f5a6b`;
    expect(matchOf(monitorTampering, apiCall('sns.amazonaws.com', 'Unsubscribe', { requestParameters: { subscriptionArn } }))).toEqual({
      resource: topicArn,
      message: `SNS topic iam-sentinel-prod-alerts lost subscription ${subscriptionArn}`,
    });
    const alarms = apiCall('monitoring.amazonaws.com', 'DisableAlarmActions', { requestParameters: { alarmNames: ['billing-spike', 'iam-sentinel-prod-audit-heartbeat', 'iam-sentinel-prod-dead-letters'] } });
    expect(matchOf(monitorTampering, alarms)).toEqual({
      resource: 'arn:aws:cloudwatch:us-east-1:111122223333:alarm:iam-sentinel-prod-audit-heartbeat',
      message: 'CloudWatch alarms iam-sentinel-prod-audit-heartbeat, iam-sentinel-prod-dead-letters had their actions disabled',
    });
    expect(matchOf(monitorTampering, apiCall('monitoring.amazonaws.com', 'DeleteAlarms', { requestParameters: { alarmNames: ['iam-sentinel-prod-audit-heartbeat'] } }))?.message).toBe(
      'CloudWatch alarm iam-sentinel-prod-audit-heartbeat was deleted',
    );
  });

  it('fires on its KMS keys (monitor.kmsKeyArns, named by id or ARN) and its SSM parameters (by name, /<service>/ path or monitor.parameterNames)', () => {
    const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    const config = { monitor: { kmsKeyArns: [keyArn], parameterNames: ['/acme/security/monitor-config'] } };
    const kms = (eventName: string, keyId: string, more: Record<string, unknown> = {}) => apiCall('kms.amazonaws.com', eventName, { requestParameters: { keyId, ...more } });
    expect(matchOf(monitorTampering, kms('DisableKey', '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'), config)).toEqual({
      resource: keyArn,
      message: 'KMS key 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d was disabled',
    });
    expect(matchOf(monitorTampering, kms('ScheduleKeyDeletion', keyArn, { pendingWindowInDays: 7 }), config)?.message).toContain('scheduled for deletion in 7 days');
    expect(matchOf(monitorTampering, kms('PutKeyPolicy', keyArn, { policyName: 'default', policy: '{}' }), config)).not.toBeNull();
    expect(matchOf(monitorTampering, kms('DisableKey', keyArn))).toBeNull();

    const ssm = (eventName: string, name: string) => apiCall('ssm.amazonaws.com', eventName, { requestParameters: { name, type: 'String', overwrite: true } });
    expect(matchOf(monitorTampering, ssm('PutParameter', '/acme/security/monitor-config'), config)).toEqual({
      resource: 'arn:aws:ssm:us-east-1:111122223333:parameter/acme/security/monitor-config',
      message: 'SSM parameter /acme/security/monitor-config was rewritten',
    });
    expect(matchOf(monitorTampering, ssm('PutParameter', 'acme/security/monitor-config'), config)).not.toBeNull();
    expect(matchOf(monitorTampering, ssm('DeleteParameter', '/iam-sentinel-prod/slack-webhook'))?.message).toBe('SSM parameter /iam-sentinel-prod/slack-webhook was deleted');
    expect(matchOf(monitorTampering, ssm('PutParameter', 'iam-sentinel-prod-config'))).not.toBeNull();
    const byArn = ssm('DeleteParameter', 'arn:aws:ssm:us-east-1:111122223333:parameter/acme/security/monitor-config');
    expect(matchOf(monitorTampering, byArn, config)?.message).toBe('SSM parameter /acme/security/monitor-config was deleted');
  });

  it('still reports a change made by CloudFormation (a stack update or teardown)', () => {
    const cfn = apiCall('lambda.amazonaws.com', 'DeleteFunction20150331', {
      userIdentity: { ...assumedRole('deployer', 'AWSCloudFormation'), invokedBy: 'cloudformation.amazonaws.com' },
      requestParameters: { functionName: 'iam-sentinel-prod-scheduled-audit' },
    });
    expect(matchOf(monitorTampering, cfn)).not.toBeNull();
  });

  it('near miss: PutRule enabling, UpdateTable turning protection on, recovery turned on, a topic subscribed', () => {
    expect(matchOf(monitorTampering, events('PutRule', { name: 'iam-sentinel-prod-cloudtrail-events', state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }))).toBeNull();
    expect(matchOf(monitorTampering, events('PutRule', { name: 'iam-sentinel-prod-cloudtrail-events' }))).toBeNull();
    const table = (eventName: string, requestParameters: Record<string, unknown>) => apiCall('dynamodb.amazonaws.com', eventName, { requestParameters });
    expect(matchOf(monitorTampering, table('UpdateTable', { tableName: 'iam-sentinel-prod-findings', deletionProtectionEnabled: true }))).toBeNull();
    expect(matchOf(monitorTampering, table('UpdateTable', { tableName: 'iam-sentinel-prod-findings', billingMode: 'PAY_PER_REQUEST' }))).toBeNull();
    expect(
      matchOf(monitorTampering, table('UpdateContinuousBackups', { tableName: 'iam-sentinel-prod-findings', pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true } })),
    ).toBeNull();
    const topicArn = 'arn:aws:sns:us-east-1:111122223333:iam-sentinel-prod-alerts';
    expect(matchOf(monitorTampering, apiCall('sns.amazonaws.com', 'Subscribe', { requestParameters: { topicArn, protocol: 'email', endpoint: 'x@example.com' } }))).toBeNull();
  });

  it('near miss: another application\'s resources, a name that only starts with the service name, a failed call', () => {
    const other = apiCall('lambda.amazonaws.com', 'PutFunctionConcurrency20171031', { requestParameters: { functionName: 'reporting-dev-worker', reservedConcurrentExecutions: 0 } });
    expect(matchOf(monitorTampering, other)).toBeNull();
    expect(matchOf(monitorTampering, apiCall('dynamodb.amazonaws.com', 'DeleteTable', { requestParameters: { tableName: 'iam-sentinelx-findings' } }))).toBeNull();
    expect(matchOf(monitorTampering, apiCall('ssm.amazonaws.com', 'PutParameter', { requestParameters: { name: '/other-app/iam-sentinel' } }))).toBeNull();
    expect(matchOf(monitorTampering, apiCall('monitoring.amazonaws.com', 'DeleteAlarms', { requestParameters: { alarmNames: ['billing-spike'] } }))).toBeNull();
    const otherKey = apiCall('kms.amazonaws.com', 'DisableKey', { requestParameters: { keyId: '9f8e7d6c-5b4a-4392-8172-6a5b4c3d2e1f' } });
    expect(matchOf(monitorTampering, otherKey, { monitor: { kmsKeyArns: ['arn:aws:kms:us-east-1:111122223333:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'] } })).toBeNull();
    const failed = apiCall('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', {
      requestParameters: { functionName: 'iam-sentinel-prod-scheduled-audit' },
      errorCode: 'AccessDeniedException',
    });
    expect(matchOf(monitorTampering, failed)).toBeNull();
  });
});
