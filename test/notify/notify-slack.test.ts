import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context, SNSEvent, SNSMessageAttributes } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { messageAttributes, snsMessage } from '../../shared/notify/sns.js';
import type { Notification } from '../../shared/notify/types.js';
import { freshStore } from '../store/harness.js';
import { sampleNotification, startWebhookServer, WEBHOOK_PATH, type WebhookServer } from './fixtures.js';

const PARAMETER = '/iam-sentinel/prod/slack-webhook';
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:iam-sentinel-prod-alerts';

const ssm = mockClient(SSMClient);
let server: WebhookServer;
let handler: (event: SNSEvent, context: Context) => Promise<void>;
/** Everything the handler's logger and metrics print. */
const printed: string[] = [];

const context: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'iam-sentinel-prod-notify-slack',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:iam-sentinel-prod-notify-slack',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/iam-sentinel-prod-notify-slack',
  logStreamName: '2026/11/10/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

/** What Lambda hands a subscriber of the topic: the `lambda` key of the published message, plus the attributes. */
function snsEvent(message: string, attributes: SNSMessageAttributes, subject: string | undefined, messageId = '95df01b4-ee98-5cb9-9903-4c221d41eb5e'): SNSEvent {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${TOPIC}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: TOPIC,
          Subject: subject,
          Message: message,
          Timestamp: '2026-11-10T09:00:05.000Z',
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
          UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:2bcfbf39`,
          MessageAttributes: attributes,
        },
      },
    ],
  };
}

function eventFor(n: Notification): SNSEvent {
  const lambdaMessage = (JSON.parse(snsMessage(n)) as { lambda: string }).lambda;
  const attributes = Object.fromEntries(Object.entries(messageAttributes(n)).map(([k, v]) => [k, { Type: v.DataType!, Value: v.StringValue! }]));
  return snsEvent(lambdaMessage, attributes, n.subject);
}

beforeAll(async () => {
  server = await startWebhookServer();
  ssm.on(GetParametersCommand).resolves({ Parameters: [{ Name: PARAMETER, Type: 'SecureString', Value: server.url }], InvalidParameters: [] });
  vi.stubEnv('SLACK_WEBHOOK_PARAMETER', PARAMETER);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'iam-sentinel');
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  // The SSM middleware starts fetching when the module loads, so the mock must be in place first.
  ({ handler } = (await import('../../functions/notify-slack.js')) as unknown as { handler: typeof handler });
});

afterEach(() => {
  server.requests.length = 0;
  server.respond = (_req, res) => {
    res.writeHead(200);
    res.end('ok');
  };
});

afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  ssm.restore();
  await server.close();
});

describe('notify-slack handler', () => {
  it('posts the notification from the SNS message as Block Kit, with the webhook from SSM (decrypted)', async () => {
    const n = sampleNotification();
    await handler(eventFor(n), context);

    expect(server.requests).toHaveLength(1);
    const posted = JSON.parse(server.requests[0].body) as { text: string; blocks: { type: string }[] };
    expect(server.requests[0].path).toBe(WEBHOOK_PATH);
    expect(posted.text).toBe(n.subject);
    expect(posted.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'actions', 'context']);

    const calls = ssm.commandCalls(GetParametersCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toEqual({ Names: [PARAMETER], WithDecryption: true });
  });

  it('caches the webhook URL across invocations', async () => {
    await handler(eventFor(sampleNotification({ id: 'detection|b|mfa-removed' })), context);
    await handler(eventFor(sampleNotification({ id: 'detection|c|mfa-removed' })), context);
    expect(server.requests).toHaveLength(2);
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
  });

  it('falls back to the text message and its attributes when the message is not a notification', async () => {
    const event = snsEvent(
      'Root access key used in 111122223333.\nSee CloudTrail.',
      { severity: { Type: 'String', Value: 'critical' }, kind: { Type: 'String', Value: 'detection' }, ruleId: { Type: 'String', Value: 'root-access-key-used' } },
      '[CRITICAL] Root access key used in 111122223333',
    );
    await handler(event, context);
    const posted = JSON.parse(server.requests[0].body) as { text: string; blocks: { type: string; text: { text: string } }[] };
    expect(posted.text).toBe('[CRITICAL] Root access key used in 111122223333');
    expect(posted.blocks[1].text.text).toContain('*CRITICAL*');
    expect(posted.blocks[2].text.text).toContain('Root access key used in 111122223333.\nSee CloudTrail.');
  });

  it('a failed post throws (Lambda retries, the DLQ keeps it) and nothing printed names the webhook URL', async () => {
    server.respond = (_req, res) => {
      res.writeHead(500);
      res.end('internal_error');
    };
    await expect(handler(eventFor(sampleNotification()), context)).rejects.toThrow('Slack webhook answered HTTP 500: internal_error');
    const output = printed.join('');
    expect(output).toContain('Slack post failed');
    expect(output).toContain('Posted notification to Slack');
    expect(output).not.toContain(WEBHOOK_PATH);
    expect(output).not.toContain(server.url);
  });

  it('with the findings table (deployed), a message SNS delivers twice is posted once; a failed post is posted on the retry', async () => {
    const table = await freshStore('slack-claims');
    vi.stubEnv('IAM_SENTINEL_TABLE', table.tableName);
    vi.stubEnv('IAM_SENTINEL_DYNAMODB_ENDPOINT', inject('dynamoEndpoint'));
    vi.resetModules();
    const deployed = (await import('../../functions/notify-slack.js')) as unknown as { handler: typeof handler };
    try {
      const twice = eventFor(sampleNotification({ id: 'detection|twice|mfa-removed' }));
      await deployed.handler(twice, context);
      await deployed.handler(twice, context);
      expect(server.requests).toHaveLength(1);

      server.respond = (_req, res) => {
        res.writeHead(500);
        res.end('internal_error');
      };
      const flaky = eventFor(sampleNotification({ id: 'detection|flaky|mfa-removed' }));
      await expect(deployed.handler(flaky, context)).rejects.toThrow('HTTP 500');
      server.respond = (_req, res) => {
        res.writeHead(200);
        res.end('ok');
      };
      await deployed.handler(flaky, context);
      await deployed.handler(flaky, context);
      expect(server.requests).toHaveLength(3);

      // Held by another invocation (it may have timed out): this one fails, so Lambda retries once the claim is over.
      const held = sampleNotification({ id: 'detection|held|mfa-removed' });
      const other = (await table.store.deliveryLedger('slack').claimNotification(held.id))!;
      await expect(deployed.handler(eventFor(held), context)).rejects.toThrow('is being posted by another invocation');
      await table.store.deliveryLedger('slack').releaseClaim(other, { done: false, error: 'timed out' });
      await deployed.handler(eventFor(held), context);
      expect(server.requests).toHaveLength(4);
    } finally {
      vi.unstubAllEnvs();
      vi.stubEnv('SLACK_WEBHOOK_PARAMETER', PARAMETER);
      vi.stubEnv('AWS_REGION', 'us-east-1');
      vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'iam-sentinel');
      await table.store.close();
    }
  });
});
