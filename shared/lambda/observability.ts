/**
 * What every handler shares at the edge: structured JSON logs (Powertools
 * Logger, with the Lambda context and no event payloads), CloudWatch metrics
 * in the embedded metric format (Powertools Metrics: written to the log
 * stream, so no role needs cloudwatch:PutMetricData), and failure reporting
 * that logs, counts and rethrows, so Lambda's async retries and the
 * dead-letter queue get every failed event. No log line carries a Slack
 * webhook path or token (notify/secrets.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { scrubSecrets } from '../notify/secrets.js';

/** CloudWatch namespace of every metric the handlers emit; infra/alarms.yml reads the heartbeat from it. */
export const METRICS_NAMESPACE = 'IamSentinel';

/** Metric names; the deployed alarms and dashboards depend on them, so they are stable. */
export const METRIC = {
  /** Invocations that ended in an error (after logging it). */
  errors: 'Errors',
  /** A scheduled audit finished with nothing left undone: the heartbeat alarm watches it. */
  auditsCompleted: 'AuditsCompleted',
  findingsOpened: 'FindingsOpened',
  findingsReopened: 'FindingsReopened',
  findingsResolved: 'FindingsResolved',
  /** Detections stored for the first time (a redelivered event adds none). */
  detections: 'Detections',
  notificationsDelivered: 'NotificationsDelivered',
  /** One per notification and sink that failed; the notification stays pending and is retried. */
  notificationFailures: 'NotificationFailures',
  collectionGaps: 'CollectionGaps',
  reevaluationFailures: 'ReevaluationFailures',
  malformedEvents: 'MalformedEvents',
  /** Findings imported into Security Hub (securityHub parameter); unchanged ones are not sent, so not counted. */
  findingsExported: 'FindingsExported',
  /** Organization hub: accounts a run audited, and accounts it could not read (and of those, the ones the run before could not read either). */
  accountsAudited: 'AccountsAudited',
  accountsNotAudited: 'AccountsNotAudited',
  accountsNotAuditedTwice: 'AccountsNotAuditedTwice',
} as const;

export const DEFAULT_SERVICE_NAME = 'iam-sentinel';

export interface Observability {
  /** The deployed service (POWERTOOLS_SERVICE_NAME, e.g. "iam-sentinel-prod"): the metrics' `service` dimension. */
  readonly serviceName: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function serviceNameOf(env: NodeJS.ProcessEnv = process.env): string {
  return env.POWERTOOLS_SERVICE_NAME?.trim() || DEFAULT_SERVICE_NAME;
}

export function observability(env: NodeJS.ProcessEnv = process.env): Observability {
  const serviceName = serviceNameOf(env);
  // Every string of every log line (messages, errors, their stacks) goes out with Slack webhook paths and tokens redacted.
  const logger = new Logger({ serviceName, jsonReplacerFn: (_key, value) => (typeof value === 'string' ? scrubSecrets(value) : value) });
  return {
    serviceName,
    logger,
    // Its own warnings (e.g. an invocation with nothing to count) go through the structured logger and its level.
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName, logger }),
  };
}

export function count(tools: Observability, metric: string, value: number): void {
  if (value > 0) tools.metrics.addMetric(metric, MetricUnit.Count, value);
}

/**
 * Logs the failure with the invocation's context and counts it, then leaves
 * it in place: middy rethrows it after the remaining onError hooks (metrics
 * flush, log context reset), so nothing ends as a silent success.
 */
function reportFailures(tools: Observability): MiddlewareObj {
  return {
    onError: (request) => {
      tools.logger.error('Invocation failed', { error: request.error as Error });
      tools.metrics.addMetric(METRIC.errors, MetricUnit.Count, 1);
    },
  };
}

/**
 * A handler run through the shared middleware: log context, metrics (flushed
 * after every invocation, failed ones too) and failure reporting, then any
 * handler-specific middleware (e.g. @middy/ssm), then the handler.
 */
export function observedHandler<TEvent, TResult>(
  tools: Observability,
  handler: (event: TEvent, context: Context) => Promise<TResult>,
  middlewares: readonly MiddlewareObj[] = [],
): MiddyfiedHandler<TEvent, TResult> {
  let wrapped = middy<TEvent, TResult>()
    .use(injectLambdaContext(tools.logger))
    .use(logMetrics(tools.metrics, { captureColdStartMetric: true }))
    .use(reportFailures(tools));
  for (const m of middlewares) wrapped = wrapped.use(m as MiddlewareObj<TEvent, TResult>);
  return wrapped.handler(handler);
}
