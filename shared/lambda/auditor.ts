/**
 * The handler shape of the two auditing functions (scheduled-audit,
 * cloudtrail-event): the shared middleware, the config parameter fetched by
 * @middy/ssm (cached, re-read after a few minutes so a config change needs
 * no redeploy), and the dependencies of this container handed to the
 * handler with each event.
 */
import ssm from '@middy/ssm';
import type { MiddlewareObj, MiddyfiedHandler } from '@middy/core';
import { isPastClock } from '../findings/clock.js';
import { HandlerDependencies, type Dependencies, type DependencyExtension } from './dependencies.js';
import { configParameterOf, readEnvironment } from './environment.js';
import { observability, observedHandler, type Observability } from './observability.js';

/** Where @middy/ssm puts the config parameter's value on the Lambda context. */
const CONFIG_CONTEXT_KEY = 'iamSentinelConfig';
const CONFIG_CACHE_MS = 5 * 60_000;

export type AuditorRun<TEvent, TResult, X> = (event: TEvent, dependencies: Dependencies & X, tools: Observability) => Promise<TResult>;

/** `extension`: what this function adds to the dependencies every handler has (its module alone imports it, and what it calls). */
export function auditorHandler<TEvent, TResult, X extends object = Record<never, never>>(
  run: AuditorRun<TEvent, TResult, X>,
  extension?: DependencyExtension<X>,
): MiddyfiedHandler<TEvent, TResult> {
  const tools = observability();
  const configParameter = configParameterOf();
  const middlewares: MiddlewareObj[] = configParameter
    ? [
        ssm({
          fetchData: { [CONFIG_CONTEXT_KEY]: configParameter },
          setToContext: true,
          cacheKey: 'iam-sentinel-config',
          // Fetched inside the invocation, not at import: a failure (missing parameter, access denied) is then an
          // invocation error, reported and retried, instead of an unhandled rejection that would end the runtime.
          disablePrefetch: true,
          cacheExpiry: CONFIG_CACHE_MS,
          awsClientOptions: { retryMode: 'adaptive', maxAttempts: 5 },
        }) as MiddlewareObj,
      ]
    : [];
  // Built on the first invocation, not at import: a bad variable is then reported (logged, counted) like any failure.
  let dependencies: HandlerDependencies<X> | undefined;
  return observedHandler<TEvent, TResult>(
    tools,
    async (event, context) => {
      dependencies ??= new HandlerDependencies(readEnvironment(), extension);
      const resolved = await dependencies.resolve((context as unknown as Record<string, unknown>)[CONFIG_CONTEXT_KEY]);
      return run(event, resolved, tools);
    },
    middlewares,
  );
}

export interface EventTimeOptions {
  readonly clock?: () => Date;
  /** IAM_SENTINEL_REPLAY (the local demo replaying history): any event time is taken as it is. */
  readonly replay?: boolean;
  /** Told when the event's time is not used. */
  readonly onImplausible?: (info: { readonly eventTime: unknown; readonly clock: string; readonly reason: string }) => void;
}

/**
 * The evaluation time of an invocation: the time EventBridge stamped on the
 * event (when the schedule fired, or when the CloudTrail event was
 * delivered), so a retried invocation evaluates as of the same moment and
 * writes nothing new, and replayed events keep their place in the history;
 * the clock when invoked by hand without one, and when the event's time is
 * implausible: more than a day past the clock (a `time` of 9999-12-31 in a
 * hand-made test event) would date every finding after every real run to
 * come, and nothing would resolve again (shared/findings/clock.ts).
 */
export function eventTime(event: unknown, options: EventTimeOptions | (() => Date) = {}): Date {
  const { clock = () => new Date(), replay = false, onImplausible } = typeof options === 'function' ? { clock: options } : options;
  const time = typeof event === 'object' && event !== null ? (event as { time?: unknown }).time : undefined;
  const parsed = typeof time === 'string' ? new Date(time) : undefined;
  const now = clock();
  if (!parsed || Number.isNaN(parsed.getTime())) {
    if (time !== undefined) onImplausible?.({ eventTime: time, clock: now.toISOString(), reason: 'not an ISO 8601 time' });
    return now;
  }
  if (!replay && isPastClock(parsed, now)) {
    onImplausible?.({ eventTime: time, clock: now.toISOString(), reason: 'more than a day past the clock' });
    return now;
  }
  return parsed;
}

/** eventTime with the handler's logger told of an implausible time. */
export function evaluationTime(event: unknown, dependencies: Pick<Dependencies, 'replay'>, tools: Observability): Date {
  return eventTime(event, {
    replay: dependencies.replay,
    onImplausible: (info) => tools.logger.warn('Event time is implausible; evaluating at the clock instead', info),
  });
}
