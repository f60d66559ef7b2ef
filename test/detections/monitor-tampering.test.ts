import { describe, expect, it } from 'vitest';
import { monitorTampering } from '../../shared/detections/monitor-tampering.js';
import { apiCall, matchOf } from './records.js';

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
});
