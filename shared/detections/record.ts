/**
 * One CloudTrail record, with the fields the detection rules rely on.
 * Validated by a schema on the way in (see read-events.ts); other fields
 * are kept as they came.
 */
export interface CloudTrailUserIdentity {
  readonly type?: string;
  readonly principalId?: string;
  readonly arn?: string;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  readonly invokedBy?: string;
  readonly sessionContext?: {
    readonly sessionIssuer?: { readonly type?: string; readonly arn?: string; readonly userName?: string };
    readonly attributes?: { readonly creationDate?: string; readonly mfaAuthenticated?: string };
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

export interface CloudTrailRecord {
  readonly eventVersion?: string;
  readonly userIdentity: CloudTrailUserIdentity;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly eventType?: string;
  readonly awsRegion?: string;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly requestParameters?: Readonly<Record<string, unknown>> | null;
  readonly responseElements?: Readonly<Record<string, unknown>> | null;
  readonly additionalEventData?: Readonly<Record<string, unknown>> | null;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly eventID: string;
  readonly readOnly?: boolean;
  readonly recipientAccountId?: string;
  readonly [key: string]: unknown;
}
