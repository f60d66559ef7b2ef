/**
 * A synthetic AWS account for benchmarks, in the exact formats AWS returns
 * (credential report CSV, get-account-authorization-details with URL-encoded
 * policy documents, …), shaped like a large, lived-in account: most users in
 * one to three groups, a few direct attachments and inline policies, some
 * console users without MFA, old and unused keys, unused roles, and a few
 * admin, wildcard and NotAction policies among thousands of narrow ones.
 *
 * Deterministic: the same options always give the same snapshot.
 *
 *   npx tsx bench/generate-account.ts --users 10000 --out /tmp/acct-10k
 *   (options: --roles N (default: users), --policies N, --seed N, --now ISO, --account ID)
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { awsManagedPolicies } from '../shared/policy/aws-managed-policies.js';
import { formatCredentialReport } from '../shared/snapshot/credential-report.js';
import { writeSnapshotFolder } from '../shared/snapshot/folder.js';
import type {
  RawAttachedPolicy,
  RawGroupDetail,
  RawInlinePolicy,
  RawManagedPolicyDetail,
  RawRoleDetail,
  RawSnapshot,
  RawUserDetail,
  RawVirtualMfaDevice,
} from '../shared/snapshot/types.js';
import { Random } from './random.js';

export interface GenerateAccountOptions {
  readonly users: number;
  /** Default: as many as users. */
  readonly roles?: number;
  /** Customer managed policies. Default: half the users, at least 20, at most 5000 (IAM's raised quota). */
  readonly policies?: number;
  readonly seed?: number;
  readonly accountId?: string;
  /** The moment the snapshot is taken; every age is relative to it. Default 2026-11-20T12:00:00Z. */
  readonly now?: Date;
}

export const DEFAULT_NOW = new Date('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
const VERSION = '2012-10-17';

type Doc = { Version: string; Statement: Record<string, unknown>[] };

/** Shares of the population; tuned to look like accounts we have seen, not to hit any check count. */
const SHARE = {
  humanUser: 0.6,
  humanWithoutMfa: 0.08,
  humanWithKey: 0.3,
  userWithoutGroup: 0.04,
  userDirectAttachment: 0.08,
  userInlinePolicy: 0.05,
  workloadSecondKey: 0.1,
  keyNeverUsed: 0.08,
  staleUse: 0.12,
  groupInlinePolicy: 0.05,
  roleInlinePolicy: 0.1,
  roleServiceLinked: 0.03,
  roleUnused: 0.15,
  roleNeverUsed: 0.07,
  adminUser: 0.01,
} as const;

const FIRST = ['alex', 'sam', 'maria', 'li', 'omar', 'nina', 'jon', 'priya', 'tom', 'ana', 'ken', 'eva', 'raj', 'zoe', 'ivan', 'mei', 'luca', 'sara', 'ben', 'aya'];
const LAST = ['smith', 'garcia', 'chen', 'khan', 'nguyen', 'muller', 'rossi', 'sato', 'silva', 'kowalski', 'okafor', 'haddad', 'jensen', 'novak', 'ito', 'diaz'];
const WORKLOADS = ['ci', 'deploy', 'backup', 'etl', 'metrics', 'export', 'sync', 'billing', 'reports', 'crawler', 'mailer', 'scanner'];
const TEAMS = ['payments', 'search', 'platform', 'data', 'mobile', 'web', 'growth', 'infra', 'security', 'support', 'ml', 'finance'];
const SERVICES = ['lambda', 'ecs', 'glue', 'ec2', 'states', 'events', 'sagemaker', 'codebuild', 'apigateway', 'firehose'];
const LINKED = ['ECS', 'RDS', 'ElasticLoadBalancing', 'AutoScaling', 'Support', 'TrustedAdvisor', 'Organizations', 'CloudFormationStackSetsOrgMember', 'GuardDuty', 'Config'];
const AWS_MANAGED_FOR_GROUPS = ['ReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AmazonEC2ReadOnlyAccess', 'CloudWatchReadOnlyAccess', 'AWSSupportAccess'];
const AWS_MANAGED_FOR_ROLES = ['service-role/AWSLambdaBasicExecutionRole', 'AmazonSSMManagedInstanceCore', 'service-role/AWSGlueServiceRole', 'AmazonEC2ContainerRegistryReadOnly', 'CloudWatchAgentServerPolicy'];

/** Narrow, specific grants: what most of an account's policies look like. */
const SPECIFIC_ACTIONS: readonly (readonly [string, (acct: string, team: string, n: number) => string])[] = [
  ['s3:GetObject', (_a, t, n) => `arn:aws:s3:::acme-${t}-data-${n}/*`],
  ['s3:PutObject', (_a, t, n) => `arn:aws:s3:::acme-${t}-data-${n}/*`],
  ['s3:ListBucket', (_a, t, n) => `arn:aws:s3:::acme-${t}-data-${n}`],
  ['dynamodb:GetItem', (a, t, n) => `arn:aws:dynamodb:us-east-1:${a}:table/${t}-${n}`],
  ['dynamodb:Query', (a, t, n) => `arn:aws:dynamodb:us-east-1:${a}:table/${t}-${n}`],
  ['dynamodb:PutItem', (a, t, n) => `arn:aws:dynamodb:us-east-1:${a}:table/${t}-${n}`],
  ['sqs:SendMessage', (a, t, n) => `arn:aws:sqs:us-east-1:${a}:${t}-queue-${n}`],
  ['sqs:ReceiveMessage', (a, t, n) => `arn:aws:sqs:us-east-1:${a}:${t}-queue-${n}`],
  ['sns:Publish', (a, t, n) => `arn:aws:sns:us-east-1:${a}:${t}-events-${n}`],
  ['lambda:InvokeFunction', (a, t, n) => `arn:aws:lambda:us-east-1:${a}:function:${t}-fn-${n}`],
  ['kms:Decrypt', (a, _t, n) => `arn:aws:kms:us-east-1:${a}:key/${String(n).padStart(8, '0')}-1111-4222-8333-444455556666`],
  ['secretsmanager:GetSecretValue', (a, t, n) => `arn:aws:secretsmanager:us-east-1:${a}:secret:${t}/app-${n}-AbCdEf`],
  ['ssm:GetParameter', (a, t, n) => `arn:aws:ssm:us-east-1:${a}:parameter/${t}/${n}/*`],
  ['logs:PutLogEvents', (a, t, n) => `arn:aws:logs:us-east-1:${a}:log-group:/aws/${t}/${n}:*`],
];
/** Read wildcards on `*`: broad, but no permissions-management action among them. */
const READ_WILDCARDS = ['ec2:Describe*', 's3:List*', 'cloudwatch:Get*', 'cloudwatch:List*', 'logs:Describe*', 'dynamodb:Describe*', 'rds:Describe*'];
const WHOLE_SERVICES = ['s3:*', 'dynamodb:*', 'lambda:*', 'sqs:*', 'ec2:*', 'cloudformation:*', 'iam:*'];
const PERMISSIONS_MANAGEMENT = [['iam:PutRolePolicy', 'iam:AttachRolePolicy'], ['iam:Put*Policy'], ['s3:PutBucketPolicy', 's3:PutBucketAcl'], ['kms:CreateGrant']];

type PolicyKind = 'specific' | 'readWildcards' | 'denyGuard' | 'serviceWildcard' | 'permissionsManagement' | 'notActionAllow' | 'admin';
const POLICY_KINDS: Record<PolicyKind, number> = {
  specific: 0.75,
  readWildcards: 0.14,
  denyGuard: 0.03,
  serviceWildcard: 0.04,
  permissionsManagement: 0.015,
  notActionAllow: 0.005,
  admin: 0.003,
};

function policyDocument(rng: Random, kind: PolicyKind, accountId: string, team: string): Doc {
  switch (kind) {
    case 'specific': {
      const statements = rng.int(1, 3);
      const out: Record<string, unknown>[] = [];
      for (let i = 0; i < statements; i++) {
        const grants = rng.sample(SPECIFIC_ACTIONS, rng.int(1, 3));
        const n = rng.int(1, 400);
        out.push({ Effect: 'Allow', Action: grants.map(([a]) => a), Resource: [...new Set(grants.map(([, r]) => r(accountId, team, n)))] });
      }
      return { Version: VERSION, Statement: out };
    }
    case 'readWildcards':
      return { Version: VERSION, Statement: [{ Effect: 'Allow', Action: rng.sample(READ_WILDCARDS, rng.int(1, 3)), Resource: '*' }] };
    case 'denyGuard':
      return {
        Version: VERSION,
        Statement: [
          { Effect: 'Deny', NotAction: ['iam:*', 'sts:*', 'support:*', 'organizations:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } },
        ],
      };
    case 'serviceWildcard':
      return { Version: VERSION, Statement: [{ Effect: 'Allow', Action: rng.pick(WHOLE_SERVICES), Resource: rng.chance(0.5) ? '*' : `arn:aws:s3:::acme-${team}-*` }] };
    case 'permissionsManagement':
      return { Version: VERSION, Statement: [{ Effect: 'Allow', Action: rng.pick(PERMISSIONS_MANAGEMENT), Resource: '*' }] };
    case 'notActionAllow':
      return { Version: VERSION, Statement: [{ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' }] };
    case 'admin':
      return { Version: VERSION, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  }
}

const encode = (doc: Doc) => encodeURIComponent(JSON.stringify(doc));

/** Generates one account's raw snapshot. */
export function generateAccount(options: GenerateAccountOptions): RawSnapshot {
  const users = options.users;
  const roleCount = options.roles ?? users;
  const policyCount = options.policies ?? Math.min(5000, Math.max(20, Math.ceil(users / 2)));
  const accountId = options.accountId ?? '123456789012';
  const now = (options.now ?? DEFAULT_NOW).getTime();
  const rng = new Random(options.seed ?? 1);

  const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  /** A time `days` (fractional) before now. */
  const ago = (days: number) => iso(now - Math.round(days * DAY));
  const agoBetween = (minDays: number, maxDays: number) => ago(minDays + rng.next() * (maxDays - minDays));
  const arn = (kind: string, name: string, path = '/') => `arn:aws:iam::${accountId}:${kind}${path}${name}`;
  const awsPolicy = (name: string) => ({ PolicyName: name.split('/').pop()!, PolicyArn: `arn:aws:iam::aws:policy/${name}` });

  // ---- customer managed policies
  const attachments = new Map<string, number>();
  const attach = (ref: RawAttachedPolicy): RawAttachedPolicy => {
    attachments.set(ref.PolicyArn, (attachments.get(ref.PolicyArn) ?? 0) + 1);
    return ref;
  };
  const policyRefs: RawAttachedPolicy[] = [];
  const policyDrafts: Omit<RawManagedPolicyDetail, 'AttachmentCount'>[] = [];
  for (let i = 0; i < policyCount; i++) {
    const team = rng.pick(TEAMS);
    const kind = rng.weighted(POLICY_KINDS);
    const name = `${team}-${kind === 'specific' ? 'access' : kind}-${String(i + 1).padStart(4, '0')}`;
    const versions = rng.int(1, 3);
    const created = now - rng.int(30, 2000) * DAY;
    const list = [];
    for (let v = versions; v >= 1; v--) {
      // Older versions are broader more often than not: narrowing is what versions are made for.
      const doc = v === versions ? policyDocument(rng, kind, accountId, team) : policyDocument(rng, rng.chance(0.2) ? 'serviceWildcard' : 'specific', accountId, team);
      list.push({ Document: encode(doc), VersionId: `v${v}`, IsDefaultVersion: v === versions, CreateDate: iso(created + (v - 1) * 7 * DAY) });
    }
    const ref = { PolicyName: name, PolicyArn: arn('policy', name) };
    policyRefs.push(ref);
    policyDrafts.push({
      PolicyName: name,
      PolicyId: rng.iamId('ANPA'),
      Arn: ref.PolicyArn,
      Path: '/',
      DefaultVersionId: `v${versions}`,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: iso(created),
      UpdateDate: list[0].CreateDate,
      PolicyVersionList: list,
    });
  }
  // A tenth of the policies stay unattached, as in any account that has been around.
  const attachable = policyRefs.slice(0, Math.max(1, Math.ceil(policyRefs.length * 0.9)));
  const inlinePolicy = (label: string): RawInlinePolicy => {
    const kind = rng.weighted(POLICY_KINDS);
    return { PolicyName: `${label}-${kind}`, PolicyDocument: encode(policyDocument(rng, kind, accountId, rng.pick(TEAMS))) };
  };

  // ---- groups
  const groupCount = Math.min(400, Math.max(8, Math.round(users / 40)));
  const groups: RawGroupDetail[] = [
    { Path: '/', GroupName: 'Admins', GroupId: rng.iamId('AGPA'), Arn: arn('group', 'Admins'), CreateDate: ago(2000), GroupPolicyList: [], AttachedManagedPolicies: [attach(awsPolicy('AdministratorAccess'))] },
    { Path: '/', GroupName: 'IAMAdmins', GroupId: rng.iamId('AGPA'), Arn: arn('group', 'IAMAdmins'), CreateDate: ago(1800), GroupPolicyList: [], AttachedManagedPolicies: [attach(awsPolicy('IAMFullAccess'))] },
  ];
  for (let i = groups.length; i < groupCount; i++) {
    const name = `${rng.pick(TEAMS)}-${rng.pick(['engineers', 'readers', 'oncall', 'analysts', 'leads', 'contractors'])}-${i}`;
    const attached = rng.sample(attachable, rng.int(1, 4)).map(attach);
    if (rng.chance(0.2)) attached.push(attach(awsPolicy(rng.pick(AWS_MANAGED_FOR_GROUPS))));
    groups.push({
      Path: '/',
      GroupName: name,
      GroupId: rng.iamId('AGPA'),
      Arn: arn('group', name),
      CreateDate: agoBetween(100, 2000),
      GroupPolicyList: rng.chance(SHARE.groupInlinePolicy) ? [inlinePolicy(`${name}-extra`)] : [],
      AttachedManagedPolicies: attached,
    });
  }
  const teamGroups = groups.slice(2).map((g) => g.GroupName);

  // ---- users and their credentials
  const userDetails: RawUserDetail[] = [];
  const rows: Record<string, string>[] = [];
  const virtualMfa: RawVirtualMfaDevice[] = [];
  let mfaInUse = 0;
  const usedAgo = (stale: boolean) => (stale ? agoBetween(46, 400) : agoBetween(0, 20));
  for (let i = 0; i < users; i++) {
    const human = rng.chance(SHARE.humanUser);
    const name = human ? `${rng.pick(FIRST)}.${rng.pick(LAST)}.${i}` : `svc-${rng.pick(WORKLOADS)}-${i}`;
    const created = now - rng.int(1, 2500) * DAY;
    const groupList = rng.chance(SHARE.userWithoutGroup) ? [] : rng.sample(teamGroups, Number(rng.weighted({ '1': 0.5, '2': 0.35, '3': 0.15 })));
    if (human && rng.chance(SHARE.adminUser)) groupList.push(rng.chance(0.8) ? 'Admins' : 'IAMAdmins');
    const attached = rng.chance(SHARE.userDirectAttachment) ? rng.sample(attachable, rng.int(1, 2)).map(attach) : [];
    const userId = rng.iamId('AIDA');
    userDetails.push({
      Path: '/',
      UserName: name,
      UserId: userId,
      Arn: arn('user', name),
      CreateDate: iso(created),
      UserPolicyList: rng.chance(SHARE.userInlinePolicy) ? [inlinePolicy(`${name}-own`)] : [],
      GroupList: groupList,
      AttachedManagedPolicies: attached,
      Tags: [{ Key: 'team', Value: rng.pick(TEAMS) }],
    });

    const lifetimeDays = Math.max(1, (now - created) / DAY);
    const row: Record<string, string> = { user: name, arn: arn('user', name), user_creation_time: iso(created), password_enabled: 'false', password_last_used: 'N/A', password_last_changed: 'N/A', password_next_rotation: 'N/A', mfa_active: 'false', cert_1_active: 'false', cert_2_active: 'false' };
    if (human) {
      // Most people follow the 90-day expiry; some passwords are much older.
      const changed = agoBetween(0, Math.min(lifetimeDays, rng.chance(0.75) ? 90 : 400));
      row.password_enabled = 'true';
      row.password_last_changed = changed;
      row.password_next_rotation = iso(Date.parse(changed) + 90 * DAY);
      row.password_last_used = rng.chance(0.03) ? 'no_information' : usedAgo(rng.chance(SHARE.staleUse));
      if (Date.parse(row.password_last_used) < Date.parse(changed)) row.password_last_used = changed;
      const mfa = !rng.chance(SHARE.humanWithoutMfa);
      row.mfa_active = String(mfa);
      if (mfa) {
        mfaInUse++;
        if (rng.chance(0.85)) {
          virtualMfa.push({ SerialNumber: `arn:aws:iam::${accountId}:mfa/${name}`, User: { UserName: name, UserId: userId, Arn: arn('user', name), CreateDate: iso(created) }, EnableDate: iso(created + DAY) });
        }
      }
    }
    const keys = human ? (rng.chance(SHARE.humanWithKey) ? 1 : 0) : rng.chance(SHARE.workloadSecondKey) ? 2 : 1;
    for (const slot of [1, 2] as const) {
      const prefix = `access_key_${slot}`;
      if (slot > keys) {
        Object.assign(row, { [`${prefix}_active`]: 'false', [`${prefix}_last_rotated`]: 'N/A', [`${prefix}_last_used_date`]: 'N/A', [`${prefix}_last_used_region`]: 'N/A', [`${prefix}_last_used_service`]: 'N/A' });
        continue;
      }
      // Most keys are rotated on schedule; the rest have been forgotten for years.
      const rotated = agoBetween(0, Math.min(lifetimeDays, rng.chance(0.6) ? 90 : 900));
      const neverUsed = rng.chance(SHARE.keyNeverUsed);
      let used = neverUsed ? 'N/A' : usedAgo(rng.chance(SHARE.staleUse));
      if (used !== 'N/A' && Date.parse(used) < Date.parse(rotated)) used = rotated;
      Object.assign(row, {
        [`${prefix}_active`]: String(rng.chance(0.95)),
        [`${prefix}_last_rotated`]: rotated,
        [`${prefix}_last_used_date`]: used,
        [`${prefix}_last_used_region`]: neverUsed ? 'N/A' : rng.pick(['us-east-1', 'us-west-2', 'eu-west-1']),
        [`${prefix}_last_used_service`]: neverUsed ? 'N/A' : rng.pick(['s3', 'sts', 'dynamodb', 'ecr', 'lambda', 'cloudformation']),
      });
    }
    rows.push(row);
  }
  // A well-kept root: hardware MFA, no keys, last signed in long ago.
  const rootRow: Record<string, string> = {
    user: '<root_account>',
    arn: `arn:aws:iam::${accountId}:root`,
    user_creation_time: ago(3000),
    password_enabled: 'not_supported',
    password_last_used: ago(300),
    password_last_changed: 'not_supported',
    password_next_rotation: 'not_supported',
    mfa_active: 'true',
    access_key_1_active: 'false',
    access_key_2_active: 'false',
    cert_1_active: 'false',
    cert_2_active: 'false',
  };

  // ---- roles
  const roleDetails: RawRoleDetail[] = [];
  const linkedUsed = new Set<string>();
  for (let i = 0; i < roleCount; i++) {
    const created = now - rng.int(1, 2000) * DAY;
    if (rng.chance(SHARE.roleServiceLinked)) {
      const svc = rng.pick(LINKED);
      const name = linkedUsed.has(svc) ? `AWSServiceRoleFor${svc}_${i}` : `AWSServiceRoleFor${svc}`;
      linkedUsed.add(svc);
      const path = `/aws-service-role/${svc.toLowerCase()}.amazonaws.com/`;
      roleDetails.push({
        Path: path,
        RoleName: name,
        RoleId: rng.iamId('AROA'),
        Arn: arn('role', name, path),
        CreateDate: iso(created),
        AssumeRolePolicyDocument: encode({ Version: VERSION, Statement: [{ Effect: 'Allow', Principal: { Service: `${svc.toLowerCase()}.amazonaws.com` }, Action: 'sts:AssumeRole' }] }),
        InstanceProfileList: [],
        RolePolicyList: [],
        AttachedManagedPolicies: [],
        Tags: [],
        RoleLastUsed: rng.chance(0.5) ? {} : { LastUsedDate: agoBetween(0, 500), Region: 'us-east-1' },
      });
      continue;
    }
    const name = `${rng.pick(TEAMS)}-${rng.pick(['api', 'worker', 'job', 'task', 'pipeline', 'reader', 'admin'])}-${i}`;
    const trustKind = rng.weighted({ service: 0.8, sameAccount: 0.12, externalWithId: 0.05, externalOpen: 0.02, anyone: 0.002 });
    const other = `${rng.int(100000, 999999)}${rng.int(100000, 999999)}`;
    const trust: Doc = {
      Version: VERSION,
      Statement: [
        trustKind === 'service'
          ? { Effect: 'Allow', Principal: { Service: `${rng.pick(SERVICES)}.amazonaws.com` }, Action: 'sts:AssumeRole' }
          : trustKind === 'sameAccount'
            ? { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }
            : trustKind === 'externalWithId'
              ? { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': rng.chars('0123456789abcdef', 32) } } }
              : trustKind === 'externalOpen'
                ? { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${other}:root` }, Action: 'sts:AssumeRole' }
                : { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' },
      ],
    };
    const attached = rng.sample(attachable, rng.int(1, 3)).map(attach);
    if (rng.chance(0.3)) attached.push(attach(awsPolicy(rng.pick(AWS_MANAGED_FOR_ROLES))));
    const use = rng.chance(SHARE.roleNeverUsed) ? 'never' : rng.chance(SHARE.roleUnused) ? 'stale' : 'recent';
    const lastUsed = use === 'stale' ? Math.max(created, now - rng.int(91, 700) * DAY) : Math.max(created, now - rng.next() * 30 * DAY);
    roleDetails.push({
      Path: '/',
      RoleName: name,
      RoleId: rng.iamId('AROA'),
      Arn: arn('role', name),
      CreateDate: iso(created),
      AssumeRolePolicyDocument: encode(trust),
      InstanceProfileList: [],
      RolePolicyList: rng.chance(SHARE.roleInlinePolicy) ? [inlinePolicy(`${name}-inline`)] : [],
      AttachedManagedPolicies: attached,
      Tags: [],
      RoleLastUsed: use === 'never' ? {} : { LastUsedDate: iso(lastUsed), Region: rng.pick(['us-east-1', 'eu-west-1']) },
    });
  }

  const policies: RawManagedPolicyDetail[] = policyDrafts.map((p) => ({ ...p, AttachmentCount: attachments.get(p.Arn) ?? 0 }));
  // get-account-authorization-details lists the AWS managed policies in use, with their documents
  // (URL-encoded, as the API returns them), from the maintained copy of the AWS managed policies.
  for (const [policyArn, count] of attachments) {
    if (!policyArn.startsWith('arn:aws:iam::aws:policy/')) continue;
    const name = policyArn.slice(policyArn.lastIndexOf('/') + 1);
    const document = awsManagedPolicies.document(name);
    if (document === undefined) throw new Error(`no AWS managed policy ${name} in ${awsManagedPolicies.source}`);
    policies.push({
      PolicyName: name,
      PolicyId: rng.iamId('ANPA'),
      Arn: policyArn,
      Path: policyArn.slice('arn:aws:iam::aws:policy'.length, policyArn.lastIndexOf('/') + 1),
      DefaultVersionId: 'v1',
      AttachmentCount: count,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: ago(3000),
      UpdateDate: ago(100),
      PolicyVersionList: [{ Document: encodeURIComponent(JSON.stringify(document)), VersionId: 'v1', IsDefaultVersion: true, CreateDate: ago(100) }],
    });
  }
  // IAM server certificates, one of them expired; an active account analyzer; a security contact.
  const certificates = Array.from({ length: 3 }, (_, i) => {
    const name = `synthetic-${i === 0 ? 'expired' : `web-${i}`}`;
    return {
      Path: '/',
      ServerCertificateName: name,
      ServerCertificateId: rng.iamId('ASCA'),
      Arn: arn('server-certificate', name),
      UploadDate: ago(400),
      Expiration: i === 0 ? ago(30) : iso(now + 200 * DAY),
    };
  });
  virtualMfa.push({ SerialNumber: `arn:aws:iam::${accountId}:mfa/spare-device` });

  return {
    credentialReport: formatCredentialReport([rootRow, ...rows]),
    authorizationDetails: { UserDetailList: userDetails, GroupDetailList: groups, RoleDetailList: roleDetails, Policies: policies },
    passwordPolicy: {
      PasswordPolicy: {
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        ExpirePasswords: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 24,
        HardExpiry: false,
      },
    },
    accountSummary: {
      SummaryMap: {
        Users: users,
        Groups: groups.length,
        Roles: roleDetails.length,
        Policies: policies.length,
        MFADevices: virtualMfa.length,
        MFADevicesInUse: mfaInUse + 1,
        AccountMFAEnabled: 1,
        AccountAccessKeysPresent: 0,
        AccessKeysPerUserQuota: 2,
        UsersQuota: 5000,
        GroupsQuota: 300,
        RolesQuota: 1000,
        PoliciesQuota: 5000,
      },
    },
    virtualMfaDevices: { VirtualMFADevices: virtualMfa },
    accountAliases: { AccountAliases: [`synthetic-${options.seed ?? 1}`] },
    trails: {
      trailList: [
        {
          Name: 'org-trail',
          S3BucketName: `synthetic-trail-${accountId}`,
          IncludeGlobalServiceEvents: true,
          IsMultiRegionTrail: true,
          HomeRegion: 'us-east-1',
          TrailARN: `arn:aws:cloudtrail:us-east-1:${accountId}:trail/org-trail`,
          LogFileValidationEnabled: true,
          HasCustomEventSelectors: false,
          HasInsightSelectors: false,
          IsOrganizationTrail: false,
          IsLogging: true,
          EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
        },
      ],
    },
    serverCertificates: { ServerCertificateMetadataList: certificates },
    accessAnalyzers: {
      analyzers: [{ arn: `arn:aws:access-analyzer:us-east-1:${accountId}:analyzer/account`, name: 'account', type: 'ACCOUNT', createdAt: ago(500), status: 'ACTIVE' }],
    },
    securityContact: { AlternateContact: { AlternateContactType: 'SECURITY', EmailAddress: 'security@example.com', Name: 'Security', PhoneNumber: '+1-555-0100', Title: 'Security' } },
    gaps: [],
  };
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a whole number (got "${value}")`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      users: { type: 'string' },
      roles: { type: 'string' },
      policies: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      account: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const users = positiveInt('users', values.users);
  if (users === undefined || !values.out) throw new Error('usage: generate-account --users N --out DIR [--roles N] [--policies N] [--seed N] [--now ISO] [--account ID]');
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now && Number.isNaN(now.getTime())) throw new Error(`--now must be an ISO 8601 time (got "${values.now}")`);
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) throw new Error(`--account must be a 12-digit account id (got "${values.account}")`);
  const raw = generateAccount({
    users,
    roles: positiveInt('roles', values.roles),
    policies: positiveInt('policies', values.policies),
    seed: positiveInt('seed', values.seed),
    accountId: values.account,
    now,
  });
  const written = await writeSnapshotFolder(values.out, raw);
  const d = raw.authorizationDetails!;
  process.stdout.write(
    `wrote ${written.length} files to ${values.out}: ${d.UserDetailList.length} users, ${d.GroupDetailList.length} groups, ${d.RoleDetailList.length} roles, ${d.Policies.length} policies\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`generate-account: ${(e as Error).message}\n`);
    process.exit(2);
  });
}
