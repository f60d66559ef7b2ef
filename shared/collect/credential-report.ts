/**
 * The credential report: ask IAM to generate it, poll while it is being
 * generated, then fetch and decode it. Two calls for a fresh-enough report
 * (IAM reuses one younger than four hours), a few more while a new one is
 * built: never one per user.
 */
import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import { isReportInProgress } from './aws-errors.js';
import { DEFAULT_RETRY, backoffDelay, withRetry, type Retrier, type RetryOptions } from './retry.js';

export interface ReportPolling {
  /** GenerateCredentialReport calls before giving up on a report that stays STARTED. Default 20. */
  readonly maxPolls?: number;
  /** Backoff of the polls (base, cap, sleep, jitter). Default base 1 s, cap 15 s. */
  readonly backoff?: RetryOptions;
}

const DEFAULT_POLLING = { maxPolls: 20, backoff: { baseDelayMs: 1_000, maxDelayMs: 15_000 } } as const;

/** Content is a Uint8Array from the SDK; a string (already text) from some test doubles. */
function decodeContent(content: Uint8Array | string | undefined): string {
  if (content === undefined) throw new Error('GetCredentialReport returned no Content');
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
}

/** The decoded credential report CSV. Throws when it cannot be had (access denied, still not ready after the polls). */
export async function fetchCredentialReport(iam: IAMClient, call: Retrier, polling: ReportPolling = {}): Promise<string> {
  const maxPolls = polling.maxPolls ?? DEFAULT_POLLING.maxPolls;
  const backoff: RetryOptions = { ...DEFAULT_POLLING.backoff, ...polling.backoff };
  const sleep = backoff.sleep ?? DEFAULT_RETRY.sleep;

  let state: string | undefined;
  for (let poll = 0; ; poll++) {
    ({ State: state } = await call(() => iam.send(new GenerateCredentialReportCommand({}))));
    if (state === 'COMPLETE') break;
    if (poll + 1 >= maxPolls) throw new Error(`the credential report was still ${state ?? 'not ready'} after ${maxPolls} polls`);
    await sleep(backoffDelay(poll, backoff));
  }
  // COMPLETE can still meet ReportInProgress on a replica that has not caught up: keep polling then too.
  const report = await withRetry(
    () => call(() => iam.send(new GetCredentialReportCommand({}))),
    { ...backoff, maxAttempts: maxPolls },
    isReportInProgress,
  );
  return decodeContent(report.Content);
}
