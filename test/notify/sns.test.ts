import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { snsSink } from '../../shared/notify/sns.js';
import { sampleNotification } from './fixtures.js';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:iam-sentinel-prod-alerts';
const sns = mockClient(SNSClient);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});
afterAll(() => {
  sns.restore();
});

function published() {
  return sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

describe('sns sink', () => {
  it('publishes subject, per-protocol message and filterable attributes', async () => {
    const n = sampleNotification();
    await snsSink({ topicArn: TOPIC }).send(n);
    const [input] = published();
    expect(input.TopicArn).toBe(TOPIC);
    expect(input.Subject).toBe(n.subject);
    expect(input.MessageStructure).toBe('json');
    const message = JSON.parse(input.Message!) as Record<string, string>;
    expect(Object.keys(message).sort()).toEqual(['default', 'email', 'lambda']);
    expect(message.default).toBe(n.body);
    expect(message.email).toBe(n.body);
    expect(JSON.parse(message.lambda)).toEqual(n);
    expect(input.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'critical' },
      kind: { DataType: 'String', StringValue: 'detection' },
      ruleId: { DataType: 'String', StringValue: 'root-access-key-used' },
      notificationId: { DataType: 'String', StringValue: n.id },
    });
    // A standard topic takes no deduplication id.
    expect(input.MessageDeduplicationId).toBeUndefined();
    expect(input.MessageGroupId).toBeUndefined();
  });

  it('a FIFO topic gets a deduplication id per notification (SNS drops a second publish of it) and a group per account', async () => {
    const fifo = 'arn:aws:sns:us-east-1:111122223333:iam-sentinel-prod-alerts.fifo';
    const n = sampleNotification();
    await snsSink({ topicArn: fifo }).send(n);
    await snsSink({ topicArn: fifo }).send(n);
    await snsSink({ topicArn: fifo }).send(sampleNotification({ id: 'detection|other|mfa-removed' }));
    const [first, again, other] = published();
    expect(first.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
    expect(again.MessageDeduplicationId).toBe(first.MessageDeduplicationId);
    expect(other.MessageDeduplicationId).not.toBe(first.MessageDeduplicationId);
    expect(first.MessageGroupId).toBe(n.account);
  });

  it('a finding carries checkId, a digest neither id', async () => {
    const sink = snsSink({ topicArn: TOPIC });
    await sink.send(sampleNotification({ id: 'finding|x', kind: 'finding', severity: 'high', ruleId: undefined, checkId: 'admin-policy' }));
    await sink.send(sampleNotification({ id: 'digest|r', kind: 'digest', severity: 'info', ruleId: undefined }));
    const [finding, digest] = published();
    expect(finding.MessageAttributes).toEqual({
      severity: { DataType: 'String', StringValue: 'high' },
      kind: { DataType: 'String', StringValue: 'finding' },
      checkId: { DataType: 'String', StringValue: 'admin-policy' },
      notificationId: { DataType: 'String', StringValue: 'finding|x' },
    });
    expect(Object.keys(digest.MessageAttributes!).sort()).toEqual(['kind', 'notificationId', 'severity']);
  });

  it('a failed publish rejects, so the notification stays pending', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttling: Rate exceeded'));
    await expect(snsSink({ topicArn: TOPIC }).send(sampleNotification())).rejects.toThrow('Rate exceeded');
  });
});
