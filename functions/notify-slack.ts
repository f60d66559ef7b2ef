/**
 * Subscribed to the alert topic: posts each notification to Slack as Block
 * Kit. The webhook URL lives in an SSM SecureString parameter, named (never
 * given) by SLACK_WEBHOOK_PARAMETER, fetched with decryption and cached
 * across invocations. A failed post throws, so Lambda retries the event and
 * the dead-letter queue keeps it if Slack stays down.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import ssm from '@middy/ssm';
import type { MiddlewareObj } from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import { observability, observedHandler } from '../shared/lambda/observability.js';
import { slackMessage, postToSlack } from '../shared/notify/slack.js';
import { notificationFromSns } from '../shared/notify/sns-message.js';

const tools = observability();
const { logger, metrics } = tools;

const webhookParameter = process.env.SLACK_WEBHOOK_PARAMETER;
if (!webhookParameter) throw new Error('SLACK_WEBHOOK_PARAMETER must name the SSM parameter that holds the Slack webhook URL');

/** Re-read after this long, so a rotated webhook takes effect without a redeploy. */
const WEBHOOK_CACHE_MS = 5 * 60_000;

function webhookUrlFrom(context: Context): string {
  const url = (context as Context & { slackWebhookUrl?: unknown }).slackWebhookUrl;
  if (typeof url !== 'string' || url.trim() === '') {
    throw new Error(`SSM parameter ${webhookParameter} holds no Slack webhook URL`);
  }
  return url.trim();
}

async function postNotifications(event: SNSEvent, context: Context): Promise<void> {
  const webhookUrl = webhookUrlFrom(context);
  for (const record of event.Records) {
    const notification = notificationFromSns(record.Sns);
    const about = { notificationId: notification.id, kind: notification.kind, severity: notification.severity, snsMessageId: record.Sns.MessageId };
    try {
      await postToSlack(webhookUrl, slackMessage(notification));
    } catch (error) {
      metrics.addMetric('SlackPostFailures', MetricUnit.Count, 1);
      logger.error('Slack post failed', { ...about, error: error as Error });
      throw error;
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
