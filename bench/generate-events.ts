/**
 * Synthetic CloudTrail records for benchmarks: a realistic mix of mostly
 * read-only calls from people, workloads and AWS services, some writes,
 * console sign-ins (with and without MFA, SSO, failures), failed calls, and a
 * small share of risky events that the detection rules exist for, bursts
 * among them (a user's password guessed, a spray across users from one
 * address, a key probing with denied calls), which span several records.
 *
 * Deterministic: the same options always give the same records, in time order.
 *
 *   npx tsx bench/generate-events.ts --count 100000 --out /tmp/events.json.gz
 *   (options: --seed N, --risky 0.03, --start ISO, --account ID; .gz output is gzipped)
 */
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { CloudTrailRecord } from '../shared/detections/record.js';
import { Random } from './random.js';

export interface GenerateEventsOptions {
  readonly count: number;
  readonly seed?: number;
  readonly accountId?: string;
  /** Time of the first record. Default 2026-11-01T00:00:00Z. */
  readonly start?: Date;
  /** Mean seconds between records. Default 2. */
  readonly spacingSeconds?: number;
  /**
   * Share of records drawn from the risky kinds, each built to fire a
   * detection rule (default 0.03; with the default rules, about 3% of records
   * fire at least one).
   */
  readonly riskyShare?: number;
  /** Deployed monitor name, for monitor-tampering events. Default iam-sentinel. */
  readonly serviceName?: string;
}

type Rec = Record<string, unknown>;

interface Actor {
  readonly identity: Rec;
  readonly ip: string;
  readonly agent: string;
  readonly console: boolean;
}

const VERSION = '2012-10-17';
/** What CloudTrail writes for a user name that does not exist. */
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const CLI = 'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-48-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard';
const JS_SDK = 'aws-sdk-js/3.687.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 m/E,N';
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const TEAMS = ['payments', 'search', 'platform', 'data', 'mobile', 'web', 'growth', 'infra'];

/** How often each benign kind occurs; risky kinds come on top, at `riskyShare`. */
const BENIGN: Record<string, number> = {
  read: 0.78,
  serviceCall: 0.07,
  write: 0.1,
  signIn: 0.03,
  failed: 0.02,
};
const RISKY = [
  'consoleLoginNoMfa',
  'accessKeyCreated',
  'rootConsole',
  'rootKey',
  'rootKeyCreated',
  'mfaRemoved',
  'adminGranted',
  'loginProfileChanged',
  'trailTampering',
  'trustOpened',
  'passwordPolicyDeleted',
  'monitorTampering',
  'policyRolledBack',
  'backdoorKey',
  'federationChanged',
  'keyQuarantined',
  'boundaryRemoved',
  'federationToken',
  'loginBurst',
  'passwordSpray',
  'deniedProbe',
] as const;

/** Records per burst: past the default thresholds (5 sign-ins, 10 user names, 20 denied calls), a few more. */
const BURST_SIZES = { loginBurst: 6, passwordSpray: 12, deniedProbe: 24 } as const;
const DENIED_CALLS: readonly (readonly [string, string, string])[] = [
  ['iam', 'ListUsers', 'AccessDenied'],
  ['s3', 'ListBuckets', 'AccessDenied'],
  ['ec2', 'DescribeInstances', 'Client.UnauthorizedOperation'],
  ['kms', 'ListKeys', 'AccessDeniedException'],
  ['secretsmanager', 'ListSecrets', 'AccessDeniedException'],
];

const READS: readonly (readonly [string, string, (rng: Random, team: string) => Rec | null])[] = [
  ['ec2', 'DescribeInstances', () => ({ filterSet: {}, instancesSet: {} })],
  ['ec2', 'DescribeSecurityGroups', () => ({ securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} })],
  ['s3', 'ListBuckets', () => ({ Host: 's3.amazonaws.com' })],
  ['s3', 'GetBucketLocation', (_r, t) => ({ bucketName: `acme-${t}-data`, Host: `acme-${t}-data.s3.amazonaws.com`, location: '' })],
  ['iam', 'GetUser', () => null],
  ['iam', 'ListRoles', () => ({ maxItems: 1000 })],
  ['iam', 'GetRole', (_r, t) => ({ roleName: `${t}-api` })],
  ['sts', 'GetCallerIdentity', () => null],
  ['cloudwatch', 'GetMetricData', () => ({ startTime: 'Nov 1, 2026, 12:00:00 AM', endTime: 'Nov 1, 2026, 1:00:00 AM', metricDataQueries: [] })],
  ['logs', 'DescribeLogGroups', (_r, t) => ({ logGroupNamePrefix: `/aws/lambda/${t}` })],
  ['ssm', 'GetParameter', (_r, t) => ({ name: `/${t}/config/endpoint`, withDecryption: false })],
  ['dynamodb', 'DescribeTable', (_r, t) => ({ tableName: `${t}-orders` })],
  ['lambda', 'GetFunction20150331v2', (_r, t) => ({ functionName: `${t}-handler` })],
  ['cloudformation', 'DescribeStacks', (_r, t) => ({ stackName: `${t}-prod` })],
  ['cloudtrail', 'LookupEvents', () => ({ maxResults: 50 })],
];
const WRITES: readonly (readonly [string, string, (rng: Random, team: string, account: string) => Rec])[] = [
  ['ec2', 'CreateTags', (r) => ({ resourcesSet: { items: [{ resourceId: `i-0${r.chars('0123456789abcdef', 16)}` }] }, tagSet: { items: [{ key: 'owner', value: 'ops' }] } })],
  ['logs', 'CreateLogStream', (r, t) => ({ logGroupName: `/aws/lambda/${t}-handler`, logStreamName: `2026/11/01/[$LATEST]${r.chars('0123456789abcdef', 32)}` })],
  ['ssm', 'PutParameter', (_r, t) => ({ name: `/${t}/config/flag`, type: 'String', overwrite: true })],
  ['lambda', 'UpdateFunctionCode20150331v2', (_r, t) => ({ functionName: `${t}-handler`, publish: true })],
  ['iam', 'TagRole', (_r, t) => ({ roleName: `${t}-api`, tags: [{ key: 'cost-center', value: t }] })],
  ['iam', 'AttachRolePolicy', (_r, t) => ({ roleName: `${t}-reader`, policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })],
  ['cloudformation', 'UpdateStack', (_r, t) => ({ stackName: `${t}-prod`, capabilities: ['CAPABILITY_IAM'] })],
  ['sqs', 'SetQueueAttributes', (_r, t, a) => ({ queueUrl: `https://sqs.us-east-1.amazonaws.com/${a}/${t}-queue`, attributes: { VisibilityTimeout: '60' } })],
];

/** Generates `count` records in time order. */
export function generateEvents(options: GenerateEventsOptions): CloudTrailRecord[] {
  const rng = new Random(options.seed ?? 1);
  const account = options.accountId ?? '123456789012';
  const serviceName = options.serviceName ?? 'iam-sentinel';
  const riskyShare = options.riskyShare ?? 0.03;
  const spacing = (options.spacingSeconds ?? 2) * 1000;
  let clock = (options.start ?? new Date('2026-11-01T00:00:00Z')).getTime();

  const people = Array.from({ length: 60 }, (_, i) => `${rng.pick(['alex', 'sam', 'maria', 'li', 'omar', 'nina', 'jon', 'priya'])}.${rng.pick(['smith', 'chen', 'khan', 'rossi', 'sato', 'ito'])}.${i}`);
  const personIds = new Map(people.map((p) => [p, rng.iamId('AIDA')]));
  const roleIds = new Map<string, string>();
  const arnOf = (kind: string, name: string) => `arn:aws:iam::${account}:${kind}/${name}`;
  const ip = () => `${rng.pick(['203.0.113', '198.51.100', '192.0.2'])}.${rng.int(1, 254)}`;

  const user = (name: string, viaConsole: boolean, mfa = true): Actor => ({
    identity: {
      type: 'IAMUser',
      principalId: personIds.get(name) ?? rng.iamId('AIDA'),
      arn: arnOf('user', name),
      accountId: account,
      accessKeyId: rng.iamId(viaConsole ? 'ASIA' : 'AKIA', 16),
      userName: name,
      ...(viaConsole ? { sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: new Date(clock - 600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: String(mfa) } } } : {}),
    },
    ip: ip(),
    agent: viaConsole ? 'AWS Internal' : CLI,
    console: viaConsole,
  });
  const role = (roleName: string, session: string): Actor => {
    if (!roleIds.has(roleName)) roleIds.set(roleName, rng.iamId('AROA'));
    const id = roleIds.get(roleName)!;
    return {
      identity: {
        type: 'AssumedRole',
        principalId: `${id}:${session}`,
        arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`,
        accountId: account,
        accessKeyId: rng.iamId('ASIA', 16),
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: id, arn: arnOf('role', roleName), accountId: account, userName: roleName },
          webIdFederationData: {},
          attributes: { creationDate: new Date(clock - 300_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' },
        },
      },
      ip: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      agent: JS_SDK,
      console: false,
    };
  };
  const rootActor = (withKey: boolean): Actor => ({
    identity: { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account, ...(withKey ? { accessKeyId: rng.iamId('AKIA', 16) } : {}) },
    ip: ip(),
    agent: withKey ? CLI : 'AWS Internal',
    console: !withKey,
  });
  const anyActor = (): Actor => {
    const team = rng.pick(TEAMS);
    return rng.chance(0.65) ? role(`${team}-${rng.pick(['api', 'worker', 'job'])}`, `${team}-${rng.int(1, 40)}`) : user(rng.pick(people), rng.chance(0.5));
  };

  const time = () => new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const apiCall = (actor: Actor, service: string, eventName: string, readOnly: boolean, requestParameters: Rec | null, extra: Rec = {}): Rec => ({
    eventVersion: '1.09',
    userIdentity: actor.identity,
    eventTime: time(),
    eventSource: `${service}.amazonaws.com`,
    eventName,
    awsRegion: service === 'iam' || service === 'sts' ? 'us-east-1' : rng.pick(['us-east-1', 'us-east-1', 'eu-west-1']),
    sourceIPAddress: actor.ip,
    userAgent: actor.agent,
    requestParameters,
    responseElements: null,
    requestID: rng.uuid(),
    eventID: rng.uuid(),
    readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...(actor.console ? { sessionCredentialFromConsole: 'true' } : { tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: `${service}.amazonaws.com` } }),
    ...extra,
  });
  const signIn = (identity: Rec, mfa: 'Yes' | 'No', success: boolean, from: string = ip()): Rec => ({
    eventVersion: '1.09',
    userIdentity: identity,
    eventTime: time(),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: from,
    userAgent: BROWSER,
    ...(success ? {} : { errorMessage: 'Failed authentication' }),
    requestParameters: null,
    responseElements: { ConsoleLogin: success ? 'Success' : 'Failure' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: mfa },
    eventID: rng.uuid(),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  });
  const iamUserIdentity = (name: string) => ({ type: 'IAMUser', principalId: personIds.get(name), arn: arnOf('user', name), accountId: account, userName: name });
  const trustDocument = (principal: unknown) => JSON.stringify({ Version: VERSION, Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

  const benign = (kind: string): Rec => {
    const team = rng.pick(TEAMS);
    switch (kind) {
      case 'read': {
        const [service, name, params] = rng.pick(READS);
        return apiCall(anyActor(), service, name, true, params(rng, team));
      }
      case 'serviceCall': {
        // AWS services acting on the account's behalf: KMS decrypts for S3, role assumption by Lambda.
        const svc = rng.pick(['s3.amazonaws.com', 'lambda.amazonaws.com', 'ec2.amazonaws.com']);
        const assume = svc === 'lambda.amazonaws.com';
        return apiCall(
          { identity: { type: 'AWSService', invokedBy: svc }, ip: svc, agent: svc, console: false },
          assume ? 'sts' : 'kms',
          assume ? 'AssumeRole' : 'Decrypt',
          true,
          assume ? { roleArn: arnOf('role', `${team}-worker`), roleSessionName: `${team}-worker` } : { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
          { sharedEventID: rng.uuid() },
        );
      }
      case 'write': {
        const [service, name, params] = rng.pick(WRITES);
        return apiCall(anyActor(), service, name, false, params(rng, team, account));
      }
      case 'signIn': {
        const roll = rng.next();
        if (roll < 0.65) return signIn(iamUserIdentity(rng.pick(people)), 'Yes', true);
        if (roll < 0.9) {
          // IAM Identity Center sign-in: MFA happens at the identity provider, CloudTrail says No.
          const person = rng.pick(people);
          return signIn(role('AWSReservedSSO_PowerUserAccess_5a1b2c3d4e5f6071', `${person}@acme.example`).identity, 'No', true);
        }
        return signIn(iamUserIdentity(rng.pick(people)), 'No', false);
      }
      default: {
        const [service, name, params] = rng.pick(WRITES);
        return apiCall(anyActor(), service, name, false, params(rng, team, account), {
          errorCode: rng.pick(['AccessDenied', 'ThrottlingException', 'ValidationException']),
          errorMessage: 'The request could not be completed',
        });
      }
    }
  };

  /** What CloudTrail writes for a failed sign-in: the name as typed, no ARN. */
  const failedSignIn = (name: string, from: string): Rec =>
    signIn(name === HIDDEN ? { type: 'IAMUser', accountId: account, accessKeyId: '', userName: HIDDEN } : { type: 'IAMUser', principalId: personIds.get(name), accountId: account, accessKeyId: '', userName: name }, 'No', false, from);

  /** A burst's records, each made when its turn comes (so each takes its own time). */
  const burst = (kind: keyof typeof BURST_SIZES): (() => Rec)[] => {
    const size = BURST_SIZES[kind];
    const from = ip();
    switch (kind) {
      case 'loginBurst': {
        const person = rng.pick(people);
        return Array.from({ length: size }, () => () => failedSignIn(person, from));
      }
      case 'passwordSpray': {
        const names = Array.from({ length: size }, (_, i) => (i % 4 === 3 ? HIDDEN : rng.pick(people)));
        return names.map((name) => () => failedSignIn(name, from));
      }
      case 'deniedProbe': {
        const actor = user(rng.pick(people), false);
        return Array.from({ length: size }, (_, i) => () => {
          const [service, name, code] = DENIED_CALLS[i % DENIED_CALLS.length];
          return apiCall(actor, service, name, true, null, { errorCode: code, errorMessage: `User: ${String(actor.identity.arn)} is not authorized to perform: ${service}:${name}` });
        });
      }
    }
  };

  const risky = (kind: (typeof RISKY)[number]): Rec | (() => Rec)[] => {
    const person = rng.pick(people);
    const team = rng.pick(TEAMS);
    switch (kind) {
      case 'consoleLoginNoMfa':
        return signIn(iamUserIdentity(person), 'No', true);
      case 'accessKeyCreated':
        return apiCall(user(person, true), 'iam', 'CreateAccessKey', false, { userName: `svc-${team}` });
      case 'rootConsole':
        return signIn({ type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account }, rng.chance(0.5) ? 'Yes' : 'No', true);
      case 'rootKey':
        return apiCall(rootActor(true), 'iam', 'ListUsers', true, null);
      case 'rootKeyCreated':
        return apiCall(rootActor(false), 'iam', 'CreateAccessKey', false, null);
      case 'mfaRemoved':
        return apiCall(user(rng.pick(people), true), 'iam', 'DeactivateMFADevice', false, { userName: person, serialNumber: `arn:aws:iam::${account}:mfa/${person}` });
      case 'adminGranted':
        return apiCall(user(rng.pick(people), true), 'iam', 'AttachUserPolicy', false, { userName: person, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
      case 'loginProfileChanged':
        return apiCall(user(rng.pick(people), true), 'iam', 'UpdateLoginProfile', false, { userName: person, passwordResetRequired: true });
      case 'trailTampering':
        return apiCall(user(person, true), 'cloudtrail', 'StopLogging', false, { name: `arn:aws:cloudtrail:us-east-1:${account}:trail/org-trail` });
      case 'trustOpened':
        return apiCall(user(person, true), 'iam', 'UpdateAssumeRolePolicy', false, { roleName: `${team}-api`, policyDocument: trustDocument({ AWS: '*' }) });
      case 'passwordPolicyDeleted':
        return apiCall(user(person, true), 'iam', 'DeleteAccountPasswordPolicy', false, null);
      case 'monitorTampering':
        return rng.chance(0.5)
          ? apiCall(user(person, true), 'events', 'DisableRule', false, { name: `${serviceName}-prod-cloudtrail-events` })
          : apiCall(user(person, true), 'lambda', 'PutFunctionConcurrency20171031', false, { functionName: `${serviceName}-prod-cloudtrail-event`, reservedConcurrentExecutions: 0 });
      case 'policyRolledBack':
        return apiCall(user(person, true), 'iam', 'SetDefaultPolicyVersion', false, { policyArn: arnOf('policy', `${team}-access`), versionId: `v${rng.int(1, 4)}` });
      case 'backdoorKey':
        return apiCall(user(person, true), 'iam', 'CreateLoginProfile', false, { userName: rng.pick(people), passwordResetRequired: false });
      case 'federationChanged':
        return apiCall(user(person, true), 'iam', 'AddClientIDToOpenIDConnectProvider', false, {
          openIDConnectProviderArn: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`,
          clientID: `${team}-deploy`,
        });
      case 'keyQuarantined':
        return apiCall({ identity: { type: 'AWSService', invokedBy: 'support.amazonaws.com' }, ip: 'support.amazonaws.com', agent: 'support.amazonaws.com', console: false }, 'iam', 'AttachUserPolicy', false, {
          userName: person,
          policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2',
        });
      case 'boundaryRemoved':
        return apiCall(user(person, true), 'iam', 'DeleteRolePermissionsBoundary', false, { roleName: `${team}-api` });
      case 'federationToken':
        return apiCall(user(person, false), 'sts', 'GetFederationToken', true, { name: `${team}-session`, durationSeconds: 43_200 });
      case 'loginBurst':
      case 'passwordSpray':
      case 'deniedProbe':
        return burst(kind);
    }
  };

  const records: CloudTrailRecord[] = [];
  // The rest of a burst under way: one record per step, interleaved with nothing else, as an attack script runs.
  const pending: (() => Rec)[] = [];
  for (let i = 0; i < options.count; i++) {
    // Exponential gaps: bursts and lulls, like real traffic.
    clock += Math.max(1, Math.round(-Math.log(1 - rng.next()) * spacing));
    let record = pending.shift()?.();
    if (!record) {
      const drawn = rng.chance(riskyShare) ? risky(rng.pick(RISKY)) : benign(rng.weighted(BENIGN));
      if (Array.isArray(drawn)) {
        pending.push(...drawn.slice(1));
        record = drawn[0]();
      } else record = drawn;
    }
    records.push(record as unknown as CloudTrailRecord);
  }
  return records;
}

/** The body of a CloudTrail log file as CloudTrail writes it to S3. */
export function cloudTrailLogFile(records: readonly CloudTrailRecord[]): { Records: readonly CloudTrailRecord[] } {
  return { Records: records };
}

/** Writes records as one CloudTrail log file; gzipped when the path ends with `.gz`, as in S3. */
export async function writeCloudTrailLogFile(path: string, records: readonly CloudTrailRecord[]): Promise<void> {
  const text = JSON.stringify(cloudTrailLogFile(records));
  await writeFile(path, path.endsWith('.gz') ? gzipSync(text) : text);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { count: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, risky: { type: 'string' }, start: { type: 'string' }, account: { type: 'string' } },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 0 || !values.out) throw new Error('usage: generate-events --count N --out FILE[.json|.json.gz] [--seed N] [--risky SHARE] [--start ISO] [--account ID]');
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed must be a whole number (got "${values.seed}")`);
  const riskyShare = values.risky === undefined ? undefined : Number(values.risky);
  if (riskyShare !== undefined && !(riskyShare >= 0 && riskyShare <= 1)) throw new Error(`--risky must be a share between 0 and 1 (got "${values.risky}")`);
  const start = values.start === undefined ? undefined : new Date(values.start);
  if (start && Number.isNaN(start.getTime())) throw new Error(`--start must be an ISO 8601 time (got "${values.start}")`);
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) throw new Error(`--account must be a 12-digit account id (got "${values.account}")`);
  const records = generateEvents({ count, seed, riskyShare, start, accountId: values.account });
  await writeCloudTrailLogFile(values.out, records);
  process.stdout.write(`wrote ${records.length} records to ${values.out}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`generate-events: ${(e as Error).message}\n`);
    process.exit(2);
  });
}
