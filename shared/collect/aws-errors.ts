/**
 * Recognizing AWS errors by what they mean. The same failure reaches us
 * under different names: a modeled SDK exception class
 * (`NoSuchEntityException`), the wire code of IAM's query protocol
 * (`NoSuchEntity`, `ReportInProgress`), or an unmodeled code (`AccessDenied`,
 * `Throttling`), so each test looks at the name, the code and the SDK's own
 * retry hints.
 */
import { oneLine } from '../errors.js';

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

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException']);

/** The caller may not do this: by its code, or by HTTP 403 when the answer could not be read at all. */
export function isAccessDenied(e: unknown): boolean {
  return hasCode(e, ACCESS_DENIED) || shape(e).$metadata?.httpStatusCode === 403;
}

const firstLine = (text: string) => text.split(/\r?\n/)[0].trim();

/**
 * One line for a collection gap: "AccessDenied: User … is not authorized to
 * perform …". An answer the SDK could not read (an XML or HTML error page
 * where a JSON protocol was due: a proxy, an emulator, a WAF) says its HTTP
 * status instead of the SDK's two-line "Deserialization error" advice.
 */
export function describeError(e: unknown): string {
  if (e === undefined || e === null) return 'failed without an error to say why';
  const s = shape(e);
  const status = s.$metadata?.httpStatusCode;
  const message = typeof s.message === 'string' ? s.message.trim() : '';
  if (/Deserialization error/i.test(message) || (s.name === 'SyntaxError' && typeof status === 'number')) {
    const meaning = status === 403 ? ', access denied' : status === 429 ? ', throttled' : '';
    const detail = firstLine(message.replace(/\s*Deserialization error:.*$/is, ''));
    return `HTTP ${status ?? 'error'}${meaning}; the response is not in the service's format${detail ? ` (${detail})` : ''}`;
  }
  const name = errorCodes(e)[0] ?? 'Error';
  const text = oneLine(message) || (typeof status === 'number' ? `HTTP ${status}` : typeof e === 'object' ? '' : String(e));
  if (name === 'Error') return text || 'Error';
  return text && text !== name ? `${name}: ${text}` : name;
}
