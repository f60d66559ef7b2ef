/**
 * One CloudTrail record, with the fields the detection rules and the
 * targeted re-evaluation rely on. The schema is the single definition: the
 * types are derived from it, and read-events.ts validates every record with
 * it on the way in.
 *
 * Only what is read is constrained, so a record of a newer eventVersion with
 * extra fields still passes, and nulls are accepted where CloudTrail writes
 * them. Callers keep the record they validated, not zod's copy, so every
 * other field stays as it came.
 */
import * as z from '../schema.js';

const optionalString = z.optional(z.string());

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Request parameters, response elements and additional event data differ
 * per API and are read field by field by the rules that know them: only
 * check that they are objects.
 */
const jsonObject = z.custom<Readonly<Record<string, unknown>>>(isJsonObject, 'expected an object or null');

const sessionContextSchema = z.looseObject({
  sessionIssuer: z.optional(
    z.looseObject({ type: optionalString, principalId: optionalString, arn: optionalString, accountId: optionalString, userName: optionalString }),
  ),
  attributes: z.optional(z.looseObject({ creationDate: optionalString, mfaAuthenticated: optionalString })),
});

export const userIdentitySchema = z.looseObject({
  /** Root, IAMUser, AssumedRole, FederatedUser, AWSService, AWSAccount, IdentityCenterUser, … */
  type: optionalString,
  principalId: optionalString,
  arn: optionalString,
  accountId: optionalString,
  /** AKIA… for long-term keys, ASIA… for temporary credentials. */
  accessKeyId: optionalString,
  userName: optionalString,
  /** Set when an AWS service made the call on the principal's behalf. */
  invokedBy: optionalString,
  sessionContext: z.optional(sessionContextSchema),
});

/** CloudTrail's own timestamp format: ISO 8601 in UTC, with or without fractions of a second. */
const EVENT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const eventTime = z.string().check(z.regex(EVENT_TIME, 'expected an ISO 8601 UTC time'));
const nonEmptyString = z.string().check(z.minLength(1));
/** An object, null or absent. */
const optionalJsonObject = z.optional(z.nullable(jsonObject));

export const cloudTrailRecordSchema = z.looseObject({
  eventVersion: optionalString,
  userIdentity: userIdentitySchema,
  eventTime,
  eventSource: nonEmptyString,
  eventName: nonEmptyString,
  /** AwsApiCall, AwsServiceEvent, AwsConsoleSignIn, AwsConsoleAction. */
  eventType: optionalString,
  awsRegion: optionalString,
  sourceIPAddress: optionalString,
  userAgent: optionalString,
  requestParameters: optionalJsonObject,
  responseElements: optionalJsonObject,
  additionalEventData: optionalJsonObject,
  errorCode: optionalString,
  errorMessage: optionalString,
  eventID: nonEmptyString,
  readOnly: z.optional(z.boolean()),
  recipientAccountId: optionalString,
});

export interface CloudTrailUserIdentity extends Readonly<z.infer<typeof userIdentitySchema>> {
  readonly [key: string]: unknown;
}

/** A validated record: the schema's fields, typed, and every other field as it came. */
export interface CloudTrailRecord extends Readonly<z.infer<typeof cloudTrailRecordSchema>> {
  readonly userIdentity: CloudTrailUserIdentity;
  readonly [key: string]: unknown;
}

// ---------------------------------------------------------------- fast path
//
// Reading 100k records must keep up with JSON.parse, and a zod parse builds
// a copy of every record it checks. This guard checks the same constraints
// without allocating; records it accepts skip zod, anything else goes to the
// schema, which has the last word and names the bad field. It must never
// accept what the schema rejects (test/detections/record.test.ts holds it to
// that); being stricter only costs time.

const isOptionalString = (v: unknown) => v === undefined || typeof v === 'string';
const isObjectOrNullish = (v: unknown) => v === undefined || v === null || isJsonObject(v);
const isNonEmptyString = (v: unknown) => typeof v === 'string' && v !== '';

function isWellFormedSessionContext(v: unknown): boolean {
  if (v === undefined) return true;
  if (!isJsonObject(v)) return false;
  const issuer = v.sessionIssuer;
  if (issuer !== undefined) {
    if (!isJsonObject(issuer)) return false;
    if (!isOptionalString(issuer.type) || !isOptionalString(issuer.principalId) || !isOptionalString(issuer.arn)) return false;
    if (!isOptionalString(issuer.accountId) || !isOptionalString(issuer.userName)) return false;
  }
  const attributes = v.attributes;
  if (attributes !== undefined) {
    if (!isJsonObject(attributes)) return false;
    if (!isOptionalString(attributes.creationDate) || !isOptionalString(attributes.mfaAuthenticated)) return false;
  }
  return true;
}

function isWellFormedUserIdentity(v: unknown): boolean {
  if (!isJsonObject(v)) return false;
  return (
    isOptionalString(v.type) &&
    isOptionalString(v.principalId) &&
    isOptionalString(v.arn) &&
    isOptionalString(v.accountId) &&
    isOptionalString(v.accessKeyId) &&
    isOptionalString(v.userName) &&
    isOptionalString(v.invokedBy) &&
    isWellFormedSessionContext(v.sessionContext)
  );
}

/** True only for values cloudTrailRecordSchema accepts; false means "ask the schema". */
export function isWellFormedRecord(v: unknown): v is CloudTrailRecord {
  if (!isJsonObject(v)) return false;
  return (
    isWellFormedUserIdentity(v.userIdentity) &&
    typeof v.eventTime === 'string' &&
    EVENT_TIME.test(v.eventTime) &&
    isNonEmptyString(v.eventSource) &&
    isNonEmptyString(v.eventName) &&
    isNonEmptyString(v.eventID) &&
    isOptionalString(v.eventVersion) &&
    isOptionalString(v.eventType) &&
    isOptionalString(v.awsRegion) &&
    isOptionalString(v.sourceIPAddress) &&
    isOptionalString(v.userAgent) &&
    isOptionalString(v.errorCode) &&
    isOptionalString(v.errorMessage) &&
    isOptionalString(v.recipientAccountId) &&
    (v.readOnly === undefined || typeof v.readOnly === 'boolean') &&
    isObjectOrNullish(v.requestParameters) &&
    isObjectOrNullish(v.responseElements) &&
    isObjectOrNullish(v.additionalEventData)
  );
}
