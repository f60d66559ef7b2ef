/**
 * Subscribed to the alert topic: posts each notification to Slack as Block
 * Kit. The webhook URL lives in an SSM SecureString parameter, named (never
 * given) by SLACK_WEBHOOK_PARAMETER, fetched with decryption and cached
 * across invocations. SNS delivers at least once, so each post is made
 * under a claim on the notification in the findings table
 * (IAM_SENTINEL_TABLE): a message delivered twice, or retried after its
 * post went out, is posted once. A failed post throws, so Lambda retries
 * the event and the dead-letter queue keeps it if Slack stays down.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import ssm from '@middy/ssm';
import type { MiddlewareObj } from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import { observability, observedHandler } from '../shared/lambda/observability.js';
import { sendClaimed } from '../shared/notify/deliver.js';
import { describeError } from '../shared/notify/secrets.js';
import { slackSink } from '../shared/notify/slack.js';
import { notificationFromSns } from '../shared/notify/sns-message.js';
// The DynamoDB backend itself, not store/index.js: that module also starts DynamoDB Local, which has no place in a Lambda bundle.
import { DynamoFindingStore, localEndpointOptions } from '../shared/store/dynamodb.js';
import type { DeliveryLedgerClaims } from '../shared/store/types.js';

const tools = observability();
const { logger, metrics } = tools;

const webhookParameter = process.env.SLACK_WEBHOOK_PARAMETER;
if (!webhookParameter) throw new Error('SLACK_WEBHOOK_PARAMETER must name the SSM parameter that holds the Slack webhook URL');

/** Re-read after this long, so a rotated webhook takes effect without a redeploy. */
const WEBHOOK_CACHE_MS = 5 * 60_000;

/**
 * A claim outlasts one invocation (30 s timeout) and expires before Lambda's
 * first retry (about a minute later): a post claimed by an invocation that
 * timed out is made by the retry.
 */
const CLAIM_MS = 45_000;

/** The claims on Slack posts, in the findings table; without a table (a local run), every message is posted. */
const tableName = process.env.IAM_SENTINEL_TABLE?.trim();
const endpoint = process.env.IAM_SENTINEL_DYNAMODB_ENDPOINT?.trim();
const ledger: DeliveryLedgerClaims | null = tableName
  ? new DynamoFindingStore({ tableName, claimMs: CLAIM_MS, ...(endpoint ? localEndpointOptions(endpoint) : {}) }).deliveryLedger('slack')
  : null;

function webhookUrlFrom(context: Context): string {
  const url = (context as Context & { slackWebhookUrl?: unknown }).slackWebhookUrl;
  if (typeof url !== 'string' || url.trim() === '') {
    throw new Error(`SSM parameter ${webhookParameter} holds no Slack webhook URL`);
  }
  return url.trim();
}

async function postNotifications(event: SNSEvent, context: Context): Promise<void> {
  const slack = slackSink({ webhookUrl: webhookUrlFrom(context) });
  for (const record of event.Records) {
    const notification = notificationFromSns(record.Sns);
    const about = { notificationId: notification.id, kind: notification.kind, severity: notification.severity, snsMessageId: record.Sns.MessageId };
    let failure: string | undefined;
    if (ledger) {
      const claim = await ledger.claimNotification(notification.id);
      if (!claim) {
        if (await ledger.wasSent(notification.id)) {
          logger.info('Already posted to Slack', about);
          continue;
        }
        // Another invocation holds it: it posts it, or (timed out) its claim expires and the retry of this event does.
        throw new Error(`notification ${notification.id} is being posted by another invocation; retried later`);
      }
      failure = (await sendClaimed(ledger, claim, notification, [slack])).failures[0]?.error;
    } else {
      failure = await slack.send(notification).then(
        () => undefined,
        (error: unknown) => describeError(error),
      );
    }
    if (failure) {
      metrics.addMetric('SlackPostFailures', MetricUnit.Count, 1);
      logger.error('Slack post failed', { ...about, error: failure });
      throw new Error(`Slack post of ${notification.id} failed: ${failure}`);
    }
    metrics.addMetric('SlackNotificationsPosted', MetricUnit.Count, 1);
    logger.info('Posted notification to Slack', about);
  }
}

export const handler = observedHandler<SNSEvent, void>(tools, postNotifications, [
  ssm({
    fetchData: { slackWebhookUrl: webhookParameter },
    setToContext: true,
    cacheExpiry: WEBHOOK_CACHE_MS,
    awsClientOptions: { retryMode: 'adaptive', maxAttempts: 5 },
  }) as MiddlewareObj,
]);
