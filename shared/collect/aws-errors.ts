/**
 * Recognizing AWS errors by what they mean. The same failure reaches us
 * under different names: a modeled SDK exception class
 * (`NoSuchEntityException`), the wire code of IAM's query protocol
 * (`NoSuchEntity`, `ReportInProgress`), or an unmodeled code (`AccessDenied`,
 * `Throttling`), so each test looks at the name, the code and the SDK's own
 * retry hints.
 */

interface AwsErrorShape {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
}

function shape(e: unknown): AwsErrorShape {
  return typeof e === 'object' && e !== null ? (e as AwsErrorShape) : {};
}

/** Every name the error goes by (exception name and protocol code). */
export function errorCodes(e: unknown): string[] {
  const s = shape(e);
  return [s.name, s.Code, s.code].filter((v): v is string => typeof v === 'string');
}

function hasCode(e: unknown, codes: ReadonlySet<string>): boolean {
  return errorCodes(e).some((c) => codes.has(c));
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
  // IAM's "too many GenerateCredentialReport calls": wait and ask again.
  'ReportGenerationLimitExceeded',
  'ReportGenerationLimitExceededException',
]);

export function isThrottling(e: unknown): boolean {
  const s = shape(e);
  return hasCode(e, THROTTLING) || s.$retryable?.throttling === true || s.$metadata?.httpStatusCode === 429;
}

const NO_SUCH_ENTITY = new Set(['NoSuchEntity', 'NoSuchEntityException']);

/** IAM's "that user, group, role, policy or login profile does not exist". */
export function isNoSuchEntity(e: unknown): boolean {
  return hasCode(e, NO_SUCH_ENTITY);
}

const REPORT_IN_PROGRESS = new Set(['ReportInProgress', 'CredentialReportNotReadyException']);

/** GetCredentialReport while the report is still being generated. */
export function isReportInProgress(e: unknown): boolean {
  return hasCode(e, REPORT_IN_PROGRESS);
}

const TRAIL_NOT_FOUND = new Set(['TrailNotFoundException', 'TrailNotFound']);

export function isTrailNotFound(e: unknown): boolean {
  return hasCode(e, TRAIL_NOT_FOUND);
}

/** One line for a collection gap: "AccessDenied: User … is not authorized to perform …". */
export function describeError(e: unknown): string {
  const s = shape(e);
  const name = errorCodes(e)[0] ?? 'Error';
  const message = typeof s.message === 'string' && s.message ? s.message : String(e);
  return name === 'Error' ? message : `${name}: ${message}`;
}
