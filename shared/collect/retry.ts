/**
 * Retry with exponential backoff and full jitter. Real SDK clients already
 * retry throttling adaptively, but a mocked `send` bypasses the SDK's retry
 * middleware, and IAM's `ReportInProgress` is not an SDK-retryable error at
 * all, so collection wraps every call in this small loop of its own.
 */
import { isThrottling } from './aws-errors.js';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  /** Tries in all, the first included. Default 6. */
  readonly maxAttempts?: number;
  /** Ceiling of the first backoff. Default 250 ms. */
  readonly baseDelayMs?: number;
  /** No backoff waits longer than this. Default 20 s. */
  readonly maxDelayMs?: number;
  /** Injectable so tests run instantly. */
  readonly sleep?: Sleep;
  /** In [0, 1); injectable for deterministic tests. */
  readonly random?: () => number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  sleep: realSleep,
  random: Math.random,
};

function settings(options: RetryOptions): Required<RetryOptions> {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_RETRY, ...defined };
}

/** Full jitter: a uniform wait up to base·2^attempt, capped (attempt counts from 0). */
export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const { baseDelayMs, maxDelayMs, random } = settings(options);
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Runs `call` until it succeeds, fails with an error `retryable` rejects, or
 * has been tried `maxAttempts` times; the last error is rethrown.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  options: RetryOptions = {},
  retryable: (e: unknown) => boolean = isThrottling,
): Promise<T> {
  const { maxAttempts, sleep } = settings(options);
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (attempt + 1 >= maxAttempts || !retryable(e)) throw e;
      await sleep(backoffDelay(attempt, options));
    }
  }
}

/** A call wrapped with fixed retry options: what collectors pass around. */
export type Retrier = <T>(call: () => Promise<T>, retryable?: (e: unknown) => boolean) => Promise<T>;

export function retrier(options: RetryOptions = {}): Retrier {
  return (call, retryable) => withRetry(call, options, retryable);
}
