/**
 * CloudTrail records for tests, in CloudTrail's real structure (as S3 log
 * files and EventBridge deliver them), so rule tests read what AWS writes.
 * Every builder returns a fresh record with a unique eventID.
 */
import type { CloudTrailRecord, CloudTrailUserIdentity } from '../../shared/detections/record.js';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import type { DetectionRule, RuleMatch } from '../../shared/model.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '777788889999';
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
export const EVENT_TIME = '2026-11-10T10:00:00Z';

export const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
export const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
export const groupArn = (name: string) => `arn:aws:iam::${ACCOUNT}:group/${name}`;
export const policyArn = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`;
export const awsPolicyArn = (name: string) => `arn:aws:iam::aws:policy/${name}`;

let counter = 0;
function nextId(): string {
  counter++;
  return `5a1e${String(counter).padStart(4, '0')}-7d4c-4c1e-9f00-${String(counter).padStart(12, '0')}`;
}

function consoleSession(mfa: boolean) {
  return { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: '2026-11-10T09:00:00Z', mfaAuthenticated: String(mfa) } };
}

// ---------------------------------------------------------------- identities

/** An IAM user calling with its long-term access key (CLI, SDK). */
export function iamUser(name = 'alice', accessKeyId = 'AKIAEXAMPLEUSERKEY01'): CloudTrailUserIdentity {
  return { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSER000001', arn: userArn(name), accountId: ACCOUNT, accessKeyId, userName: name };
}

/** An IAM user in a console session. */
export function iamUserConsole(name = 'alice', mfa = true): CloudTrailUserIdentity {
  return { ...iamUser(name, 'ASIAEXAMPLESESSION01'), sessionContext: consoleSession(mfa) };
}

/** The root user in a console session (temporary ASIA credentials). */
export function root(): CloudTrailUserIdentity {
  return { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT, accessKeyId: 'ASIAEXAMPLEROOTSESS1', sessionContext: consoleSession(true) };
}

/** The root user signing requests with a long-term root access key. */
export function rootWithKey(accessKeyId = 'AKIAEXAMPLEROOTKEY01'): CloudTrailUserIdentity {
  return { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT, accessKeyId };
}

/** A root identity on whose behalf an AWS service acted. */
export function rootInvokedBy(service: string): CloudTrailUserIdentity {
  return { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT, invokedBy: service };
}

/** A role session, e.g. an IAM Identity Center permission set or a CI role. */
export function assumedRole(role = 'AWSReservedSSO_AdministratorAccess_0123456789abcdef', session = 'alice@example.com'): CloudTrailUserIdentity {
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLE000001:${session}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLEROLESESS1',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLE000001', arn: roleArn(role), accountId: ACCOUNT, userName: role },
      webIdFederationData: {},
      attributes: { creationDate: '2026-11-10T09:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

export function federatedUser(name = 'bob'): CloudTrailUserIdentity {
  return {
    type: 'FederatedUser',
    principalId: `${ACCOUNT}:${name}`,
    arn: `arn:aws:sts::${ACCOUNT}:federated-user/${name}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLEFEDERATE1',
    sessionContext: {
      sessionIssuer: { type: 'IAMUser', principalId: 'AIDAEXAMPLEBROKER001', arn: userArn('sso-broker'), accountId: ACCOUNT, userName: 'sso-broker' },
      webIdFederationData: {},
      attributes: { creationDate: '2026-11-10T09:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

/** An IAM Identity Center user: no ARN in the record. */
export function identityCenterUser(): CloudTrailUserIdentity {
  return {
    type: 'IdentityCenterUser',
    accountId: ACCOUNT,
    onBehalfOf: { userId: '94482488-3041-7026-18f3-be45837cd0e4', identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-9067642ac7' },
    credentialId: 'EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE',
  };
}

export function awsService(service: string): CloudTrailUserIdentity {
  return { type: 'AWSService', invokedBy: service };
}

// ---------------------------------------------------------------- records

export interface CallOptions {
  readonly userIdentity?: CloudTrailUserIdentity;
  readonly requestParameters?: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
  readonly additionalEventData?: Record<string, unknown>;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly eventType?: string;
  readonly eventTime?: string;
  readonly eventID?: string;
  readonly awsRegion?: string;
  readonly sourceIPAddress?: string;
  readonly readOnly?: boolean;
}

/** An API call as CloudTrail records it (management event). */
export function apiCall(eventSource: string, eventName: string, options: CallOptions = {}): CloudTrailRecord {
  const userIdentity = options.userIdentity ?? iamUser();
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity,
    eventTime: options.eventTime ?? EVENT_TIME,
    eventSource,
    eventName,
    awsRegion: options.awsRegion ?? 'us-east-1',
    sourceIPAddress: options.sourceIPAddress ?? (userIdentity.invokedBy as string | undefined) ?? '198.51.100.7',
    userAgent: userIdentity.invokedBy ?? 'aws-cli/2.17.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.8',
    requestParameters: options.requestParameters === undefined ? null : options.requestParameters,
    responseElements: options.responseElements === undefined ? null : options.responseElements,
    requestID: `req-${nextId()}`,
    eventID: options.eventID ?? nextId(),
    readOnly: options.readOnly ?? false,
    eventType: options.eventType ?? 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${eventSource.split('.')[0]}.amazonaws.com` },
  };
  if (options.additionalEventData) record.additionalEventData = options.additionalEventData;
  if (options.errorCode) {
    record.errorCode = options.errorCode;
    record.errorMessage = options.errorMessage ?? `${options.errorCode}: the request was denied`;
  }
  return record as CloudTrailRecord;
}

export const iamCall = (eventName: string, options: CallOptions = {}) => apiCall('iam.amazonaws.com', eventName, options);

export interface LoginOptions {
  readonly mfaUsed?: 'Yes' | 'No';
  readonly success?: boolean;
  readonly eventTime?: string;
  readonly extra?: Record<string, unknown>;
}

/** A console sign-in (signin.amazonaws.com, eventType AwsConsoleSignIn). */
export function consoleLogin(userIdentity: CloudTrailUserIdentity, options: LoginOptions = {}): CloudTrailRecord {
  const success = options.success ?? true;
  const { sessionContext: _session, accessKeyId: _key, ...identity } = userIdentity;
  const record = {
    ...apiCall('signin.amazonaws.com', 'ConsoleLogin', {
      userIdentity: identity,
      eventType: 'AwsConsoleSignIn',
      eventTime: options.eventTime,
      sourceIPAddress: '203.0.113.55',
      responseElements: { ConsoleLogin: success ? 'Success' : 'Failure' },
      additionalEventData: {
        LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAUsed: options.mfaUsed ?? 'No',
        ...options.extra,
      },
    }),
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
    requestParameters: null,
  } as Record<string, unknown>;
  if (!success) record.errorMessage = 'Failed authentication';
  return record as CloudTrailRecord;
}

/** The record as EventBridge delivers it. */
export function envelope(record: CloudTrailRecord): Record<string, unknown> {
  const signIn = record.eventType === 'AwsConsoleSignIn';
  return {
    version: '0',
    id: `eb-${record.eventID}`,
    'detail-type': signIn ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
    source: `aws.${record.eventSource.split('.')[0]}`,
    account: ACCOUNT,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  };
}

/** A CloudTrail S3 log file's content. */
export const logFile = (records: readonly unknown[]) => ({ Records: records });

/** JSON policy documents as CloudTrail records them: JSON text. */
export const policyJson = (statements: readonly unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 4);

// ---------------------------------------------------------------- running a rule

export function matchOf(rule: DetectionRule, record: CloudTrailRecord, config: ConfigInput = {}): RuleMatch | null {
  return rule.match(record, makeConfig(config));
}

// ---------------------------------------------------------------- burst rules

/** What CloudTrail records for a failed console sign-in: no ARN, the name as typed, Failure in the response. */
export function failedConsoleLogin(userName: string | null, eventTime: string, sourceIp = '192.0.2.10'): CloudTrailRecord {
  const identity: CloudTrailUserIdentity =
    userName === null
      ? { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT }
      : { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSER000001', accountId: ACCOUNT, accessKeyId: '', userName };
  return { ...consoleLogin(identity, { success: false, eventTime }), sourceIPAddress: sourceIp } as CloudTrailRecord;
}

/** A call refused by IAM, as CloudTrail records it. */
export function deniedCall(eventSource: string, eventName: string, eventTime: string, userIdentity = iamUser('legacy-uploader'), errorCode = 'AccessDenied'): CloudTrailRecord {
  return apiCall(eventSource, eventName, {
    userIdentity,
    eventTime,
    errorCode,
    errorMessage: `User: ${userIdentity.arn} is not authorized to perform: ${eventSource.split('.')[0]}:${eventName}`,
    readOnly: true,
  });
}

/** `minutes` after EVENT_TIME, as CloudTrail writes times. */
export const at = (minutes: number) => new Date(Date.parse(EVENT_TIME) + minutes * 60_000).toISOString().replace('.000Z', 'Z');
