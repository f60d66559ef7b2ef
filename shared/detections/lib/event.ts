/**
 * Facts about one CloudTrail record that several rules need: whether the
 * call succeeded, who made it, in which account, and the ARNs of what it
 * names. Pure reads of the record.
 */
import type { CloudTrailRecord } from '../record.js';

export const IAM_SOURCE = 'iam.amazonaws.com';
export const SIGNIN_SOURCE = 'signin.amazonaws.com';

/**
 * Sign-in events report failure in responseElements (`{"ConsoleLogin":
 * "Failure"}`, `{"SwitchRole": "Failure"}`, …) rather than in errorCode.
 */
function signInFailed(record: CloudTrailRecord): boolean {
  if (record.eventSource !== SIGNIN_SOURCE || !record.responseElements) return false;
  for (const key in record.responseElements) {
    if (record.responseElements[key] === 'Failure') return true;
  }
  return false;
}

/** A call that did not happen: it failed with an error, or a sign-in was refused. */
export function isFailed(record: CloudTrailRecord): boolean {
  return Boolean(record.errorCode) || signInFailed(record);
}

export function isFailedConsoleLogin(record: CloudTrailRecord): boolean {
  return record.eventName === 'ConsoleLogin' && record.eventSource === SIGNIN_SOURCE && isFailed(record);
}

/** A successful call to `eventSource` named one of `names`. */
export function isSuccessfulCall(record: CloudTrailRecord, eventSource: string, names: ReadonlySet<string>): boolean {
  return record.eventSource === eventSource && names.has(record.eventName) && !isFailed(record);
}

/** A string request parameter; absent, null or non-string values are undefined. */
export function stringParam(record: CloudTrailRecord, name: string): string | undefined {
  const value = record.requestParameters?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A nested object of the response (e.g. `responseElements.role`), if present. */
export function responseObject(record: CloudTrailRecord, name: string): Readonly<Record<string, unknown>> | undefined {
  const value = record.responseElements?.[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function responseString(record: CloudTrailRecord, objectName: string, field: string): string | undefined {
  const value = responseObject(record, objectName)?.[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The account the event happened in: the recipient account, else the caller's. */
export function accountOf(record: CloudTrailRecord): string | null {
  return record.recipientAccountId || record.userIdentity.accountId || null;
}

/** The ARN partition (aws, aws-cn, aws-us-gov): from the caller's ARN, else from the region. */
export function partitionOf(record: CloudTrailRecord): string {
  const arn = record.userIdentity.arn;
  if (arn?.startsWith('arn:')) {
    const end = arn.indexOf(':', 4);
    if (end > 4) return arn.slice(4, end);
  }
  const region = record.awsRegion ?? '';
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `arn:aws:iam::<account>:root`: the root user, and the resource of account-wide settings. */
export function rootArnOf(record: CloudTrailRecord): string | null {
  const account = accountOf(record);
  return account ? `arn:${partitionOf(record)}:iam::${account}:root` : null;
}

export type IamKind = 'user' | 'group' | 'role' | 'policy';

/** ARN of an IAM user, group, role or policy named in the event, in the event's account. */
export function iamArn(record: CloudTrailRecord, kind: IamKind, name: string, path = '/'): string | null {
  if (name.startsWith('arn:')) return name;
  const account = accountOf(record);
  if (!account) return null;
  const normalizedPath = path.startsWith('/') && path.endsWith('/') ? path : '/';
  return `arn:${partitionOf(record)}:iam::${account}:${kind}${normalizedPath}${name}`;
}

export const isRoot = (record: CloudTrailRecord): boolean => record.userIdentity.type === 'Root';
export const isIamUserCaller = (record: CloudTrailRecord): boolean => record.userIdentity.type === 'IAMUser';

/**
 * The user an IAM credential call acts on: the `userName` parameter, else
 * (the API's default) the caller itself when it is an IAM user or root.
 */
export function targetUserArn(record: CloudTrailRecord): string | null {
  const userName = stringParam(record, 'userName');
  if (userName) return iamArn(record, 'user', userName);
  if (isRoot(record)) return rootArnOf(record);
  if (isIamUserCaller(record)) return record.userIdentity.arn ?? null;
  return null;
}

/** Who made the call: the caller's ARN, else its identity type ("Root", "AWSService", …). */
export function actorOf(record: CloudTrailRecord): string {
  return record.userIdentity.arn || record.userIdentity.type || 'unknown';
}

/**
 * The name a resource is known by when given as an ARN: its last part
 * (`…:table/x` → x, `…:sns:…:topic` → topic). Names pass through.
 */
export function lastPart(nameOrArn: string): string {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const slash = nameOrArn.lastIndexOf('/');
  return nameOrArn.slice((slash >= 0 ? slash : nameOrArn.lastIndexOf(':')) + 1);
}

/** The call as an IAM action name: `iam:CreateUser`, `s3:PutBucketPolicy`. */
export function actionOf(record: CloudTrailRecord): string {
  const dot = record.eventSource.indexOf('.');
  return `${dot > 0 ? record.eventSource.slice(0, dot) : record.eventSource}:${record.eventName}`;
}
