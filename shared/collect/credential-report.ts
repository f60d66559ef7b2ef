/**
 * The credential report: ask IAM to generate it, poll while it is being
 * generated, then fetch and decode it. Two calls for a fresh-enough report
 * (IAM reuses one younger than four hours), a few more while a new one is
 * built: never one per user.
 */
import { GenerateCredentialReportCommand, GetCredentialReportCommand, type GetCredentialReportCommandOutput, type IAMClient } from '@aws-sdk/client-iam';
import { describeError, isAccessDenied, isReportInProgress } from './aws-errors.js';
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

export interface FetchedCredentialReport {
  /** The decoded CSV. */
  readonly csv: string;
  /** Set when the report is not a fresh one: generating was denied and the existing report was used. */
  readonly note?: string;
}

/** "3 hours", "12 days": how old a report is. */
function age(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return `${Math.max(0, Math.floor(ms / 60_000))} minutes`;
  if (hours < 48) return `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * The decoded credential report. Throws when it cannot be had (access
 * denied to both calls, still not ready after the polls). When generating a
 * report is denied but reading one is allowed, the account's existing report
 * (IAM keeps the last one for four hours) is used, and the note says so and
 * how old it is.
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  call: Retrier,
  polling: ReportPolling = {},
  clock: () => Date = () => new Date(),
): Promise<FetchedCredentialReport> {
  const maxPolls = polling.maxPolls ?? DEFAULT_POLLING.maxPolls;
  const backoff: RetryOptions = { ...DEFAULT_POLLING.backoff, ...polling.backoff };
  const sleep = backoff.sleep ?? DEFAULT_RETRY.sleep;

  let generateDenied: unknown;
  try {
    let state: string | undefined;
    for (let poll = 0; ; poll++) {
      ({ State: state } = await call(() => iam.send(new GenerateCredentialReportCommand({}))));
      if (state === 'COMPLETE') break;
      if (poll + 1 >= maxPolls) throw new Error(`the credential report was still ${state ?? 'not ready'} after ${maxPolls} polls`);
      await sleep(backoffDelay(poll, backoff));
    }
  } catch (e) {
    if (!isAccessDenied(e)) throw e;
    generateDenied = e;
  }
  // COMPLETE can still meet ReportInProgress on a replica that has not caught up: keep polling then too.
  let report: GetCredentialReportCommandOutput;
  try {
    report = await withRetry(() => call(() => iam.send(new GetCredentialReportCommand({}))), { ...backoff, maxAttempts: maxPolls }, isReportInProgress);
  } catch (e) {
    if (generateDenied === undefined) throw e;
    throw new Error(`GenerateCredentialReport: ${describeError(generateDenied)}; and no existing report could be used instead (GetCredentialReport: ${describeError(e)})`);
  }
  const csv = decodeContent(report.Content);
  if (generateDenied === undefined) return { csv };
  const generated = report.GeneratedTime instanceof Date && !Number.isNaN(report.GeneratedTime.getTime()) ? report.GeneratedTime : null;
  const when = generated
    ? `generated ${generated.toISOString()}, ${age(clock().getTime() - generated.getTime())} before this collection`
    : 'of unknown age (GetCredentialReport gave no GeneratedTime)';
  return { csv, note: `GenerateCredentialReport was denied (${describeError(generateDenied)}): used the account's existing credential report, ${when}` };
}
