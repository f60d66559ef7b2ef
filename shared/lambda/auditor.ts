/**
 * The handler shape of the two auditing functions (scheduled-audit,
 * cloudtrail-event): the shared middleware, the config parameter fetched by
 * @middy/ssm (cached, re-read after a few minutes so a config change needs
 * no redeploy), and the dependencies of this container handed to the
 * handler with each event.
 */
import ssm from '@middy/ssm';
import type { MiddlewareObj, MiddyfiedHandler } from '@middy/core';
import { HandlerDependencies, type Dependencies } from './dependencies.js';
import { configParameterOf, readEnvironment } from './environment.js';
import { observability, observedHandler, type Observability } from './observability.js';

/** Where @middy/ssm puts the config parameter's value on the Lambda context. */
const CONFIG_CONTEXT_KEY = 'iamSentinelConfig';
const CONFIG_CACHE_MS = 5 * 60_000;

export type AuditorRun<TEvent, TResult> = (event: TEvent, dependencies: Dependencies, tools: Observability) => Promise<TResult>;

export function auditorHandler<TEvent, TResult>(run: AuditorRun<TEvent, TResult>): MiddyfiedHandler<TEvent, TResult> {
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
  let dependencies: HandlerDependencies | undefined;
  return observedHandler<TEvent, TResult>(
    tools,
    async (event, context) => {
      dependencies ??= new HandlerDependencies(readEnvironment());
      const resolved = await dependencies.resolve((context as unknown as Record<string, unknown>)[CONFIG_CONTEXT_KEY]);
      return run(event, resolved, tools);
    },
    middlewares,
  );
}

/**
 * The evaluation time of an invocation: the time EventBridge stamped on the
 * event (when the schedule fired, or when the CloudTrail event was
 * delivered), so a retried invocation evaluates as of the same moment and
 * writes nothing new, and replayed events keep their place in the history;
 * the clock when invoked by hand without one.
 */
export function eventTime(event: unknown, clock: () => Date = () => new Date()): Date {
  const time = typeof event === 'object' && event !== null ? (event as { time?: unknown }).time : undefined;
  const parsed = typeof time === 'string' ? new Date(time) : undefined;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : clock();
}
