/**
 * A fake AWS account behind aws-sdk-client-mock, answering in the SDK's own
 * shapes (Date objects, URL-encoded policy documents, IAM's Marker
 * pagination) from a RawSnapshot built with test/helpers/account.ts. The
 * account-level reads serve a full collection; the per-entity reads derive
 * each user's login profile, MFA devices and access keys from its credential
 * report row, so a full and a targeted collection see the same account.
 */
import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { AccountClient, GetAlternateContactCommand, ResourceNotFoundException } from '@aws-sdk/client-account';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  TrailNotFoundException,
} from '@aws-sdk/client-cloudtrail';
import {
  CredentialReportNotPresentException,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListRolePoliciesCommand,
  ListServerCertificatesCommand,
  ListUserPoliciesCommand,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { createClients, type AwsClients } from '../../shared/collect/clients.js';
import { parseCredentialReport } from '../../shared/snapshot/credential-report.js';
import type {
  CredentialReportRow,
  RawAuthorizationDetails,
  RawGroupDetail,
  RawRoleDetail,
  RawSnapshot,
  RawTrail,
  RawUserDetail,
} from '../../shared/snapshot/types.js';

const DATE_KEYS = new Set(['CreateDate', 'UpdateDate', 'LastUsedDate', 'EnableDate', 'PasswordLastUsed', 'UploadDate', 'Expiration', 'createdAt', 'lastResourceAnalyzedAt']);
const DOCUMENT_KEYS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Document']);

/** A CLI-format value as the SDK returns it: ISO strings → Date, policy documents → URL-encoded JSON. */
export function toSdk(value: unknown, key = ''): unknown {
  if (typeof value === 'string' && DATE_KEYS.has(key)) return new Date(value);
  if (DOCUMENT_KEYS.has(key) && typeof value === 'object' && value !== null) return encodeURIComponent(JSON.stringify(value));
  if (Array.isArray(value)) return value.map((v) => toSdk(v));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSdk(v, k)]));
  }
  return value;
}

const sdk = <T>(value: T): any => toSdk(value);

export function awsError(name: string, message = `${name} (simulated)`, httpStatusCode = 400): IAMServiceException {
  return new IAMServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode } });
}
export const accessDenied = (action: string) =>
  awsError('AccessDenied', `User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: ${action}`, 403);
export const throttled = () => awsError('Throttling', 'Rate exceeded');
const noSuchEntity = (what: string) => new NoSuchEntityException({ message: `The ${what} cannot be found.`, $metadata: { httpStatusCode: 404 } });

export interface FakeOptions {
  /** Items per page of GetAccountAuthorizationDetails when the caller asks for more (AWS may return fewer). */
  readonly detailsPageSize?: number;
  /** Devices per page of ListVirtualMFADevices. */
  readonly mfaPageSize?: number;
  /** What GetCredentialReport returns in a targeted collection (the account's last report); null: none. Default: the live report. */
  readonly lastReport?: string | null;
  /** Mock only these client instances (one account of several); default every client of each service. */
  readonly instances?: { readonly iam: IAMClient; readonly cloudTrail: CloudTrailClient };
}

export interface FakeAws {
  readonly iam: AwsClientStub<IAMClient>;
  readonly cloudTrail: AwsClientStub<CloudTrailClient>;
  readonly accessAnalyzer: AwsClientStub<AccessAnalyzerClient>;
  readonly account: AwsClientStub<AccountClient>;
  /** Real clients whose `send` the mocks answer. */
  readonly clients: AwsClients;
  restore(): void;
}

/** Pages of `items`, `Marker` being the index of the next item. */
function page<T>(items: readonly T[], marker: string | undefined, size: number) {
  const start = marker ? Number(marker) : 0;
  const end = Math.min(items.length, start + size);
  return { items: items.slice(start, end), IsTruncated: end < items.length, ...(end < items.length ? { Marker: String(end) } : {}) };
}

const iso = (t: number | null) => (t === null ? undefined : new Date(t));

/**
 * CloudTrail as it answers for `trails`: describe-trails without the status
 * and selectors (those come from GetTrailStatus / GetEventSelectors, by name
 * or ARN), TrailNotFound for anything else.
 */
export function serveTrails(cloudTrail: AwsClientStub<CloudTrailClient>, trails: readonly RawTrail[]): void {
  const trail = (id: string | undefined): RawTrail => {
    const t = trails.find((x) => x.TrailARN === id || x.Name === id);
    if (!t) throw new TrailNotFoundException({ message: `Unknown trail: ${id}`, $metadata: {} });
    return t;
  };
  cloudTrail.on(DescribeTrailsCommand).callsFake(() => ({
    trailList: trails.map(({ IsLogging: _l, EventSelectors: _e, AdvancedEventSelectors: _a, ...t }) => t),
  }));
  cloudTrail.on(GetTrailStatusCommand).callsFake((input: { Name?: string }) => ({ IsLogging: trail(input.Name).IsLogging }));
  cloudTrail.on(GetEventSelectorsCommand).callsFake((input: { TrailName?: string }) => {
    const t = trail(input.TrailName);
    return { TrailARN: t.TrailARN, ...(t.EventSelectors ? { EventSelectors: t.EventSelectors } : {}), ...(t.AdvancedEventSelectors ? { AdvancedEventSelectors: t.AdvancedEventSelectors } : {}) };
  });
}

/**
 * The second catalog's account-wide inputs as AWS answers for `raw`: server
 * certificates (IAM's Marker pages), the Region's analyzers, and the
 * SECURITY contact (ResourceNotFoundException when none is registered).
 */
export function serveAccountSettings(
  iam: AwsClientStub<IAMClient>,
  accessAnalyzer: AwsClientStub<AccessAnalyzerClient>,
  account: AwsClientStub<AccountClient>,
  raw: RawSnapshot,
): void {
  iam.on(ListServerCertificatesCommand).callsFake((input: { Marker?: string; MaxItems?: number }) => {
    const { items, ...more } = page(raw.serverCertificates?.ServerCertificateMetadataList ?? [], input.Marker, input.MaxItems ?? 100);
    return { ServerCertificateMetadataList: sdk(items), ...more };
  });
  accessAnalyzer.on(ListAnalyzersCommand).resolves({ analyzers: sdk(raw.accessAnalyzers?.analyzers ?? []) });
  account.on(GetAlternateContactCommand).callsFake(() => {
    const contact = raw.securityContact?.AlternateContact;
    if (!contact) throw new ResourceNotFoundException({ message: 'No contact of the inputted alternate contact type found.', $metadata: { httpStatusCode: 404 } });
    return { AlternateContact: contact };
  });
}

/** Serves `raw` (the account as it is now) through mocked IAM and CloudTrail clients. */
export function fakeAws(raw: RawSnapshot, options: FakeOptions = {}): FakeAws {
  const iam = options.instances ? mockClient(options.instances.iam) : mockClient(IAMClient);
  const cloudTrail = options.instances ? mockClient(options.instances.cloudTrail) : mockClient(CloudTrailClient);
  // With instances, one account of several: its own Access Analyzer and Account clients, so
  // each account's fake answers only for that account.
  const analyzerClient = options.instances ? new AccessAnalyzerClient({ region: 'us-east-1' }) : undefined;
  const accountClient = options.instances ? new AccountClient({ region: 'us-east-1' }) : undefined;
  const accessAnalyzer = analyzerClient ? mockClient(analyzerClient) : mockClient(AccessAnalyzerClient);
  const account = accountClient ? mockClient(accountClient) : mockClient(AccountClient);
  const details: RawAuthorizationDetails = raw.authorizationDetails ?? { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  const report = raw.credentialReport ? parseCredentialReport(raw.credentialReport) : undefined;
  const rowOf = (user: RawUserDetail): CredentialReportRow | undefined => report?.byArn.get(user.Arn);

  const user = (UserName: string) => {
    const u = details.UserDetailList.find((x) => x.UserName === UserName);
    if (!u) throw noSuchEntity(`user with name ${UserName}`);
    return u;
  };
  const group = (GroupName: string) => {
    const g = details.GroupDetailList.find((x) => x.GroupName === GroupName);
    if (!g) throw noSuchEntity(`group with name ${GroupName}`);
    return g;
  };
  const role = (RoleName: string) => {
    const r = details.RoleDetailList.find((x) => x.RoleName === RoleName);
    if (!r) throw noSuchEntity(`role with name ${RoleName}`);
    return r;
  };
  const policy = (PolicyArn: string) => {
    const p = details.Policies.find((x) => x.Arn === PolicyArn);
    if (!p) throw noSuchEntity(`policy ${PolicyArn}`);
    return p;
  };
  const userOnly = ({ UserPolicyList: _i, GroupList: _g, AttachedManagedPolicies: _a, ...u }: RawUserDetail) => u;
  const groupOnly = ({ GroupPolicyList: _i, AttachedManagedPolicies: _a, ...g }: RawGroupDetail) => g;
  const roleOnly = ({ RolePolicyList: _i, AttachedManagedPolicies: _a, InstanceProfileList: _p, ...r }: RawRoleDetail) => r;
  const accessKeys = (u: RawUserDetail) =>
    (rowOf(u)?.accessKeys ?? [])
      .filter((k) => k.lastRotated !== null)
      .map((k) => ({ id: `AKIA${u.UserName.toUpperCase().padEnd(15, 'X').slice(0, 15)}${k.slot}`, columns: k }));

  // ---------------------------------------------------------------- account-level reads
  iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE', Description: 'No report exists. Starting a new report generation task' });
  iam.on(GetCredentialReportCommand).callsFake(() => {
    const csv = options.lastReport === undefined ? raw.credentialReport : options.lastReport;
    if (csv === undefined || csv === null) throw new CredentialReportNotPresentException({ message: 'no report', $metadata: {} });
    return { Content: new TextEncoder().encode(csv), ReportFormat: 'text/csv', GeneratedTime: new Date() };
  });
  iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { MaxItems?: number; Marker?: string }) => {
    const items: [keyof RawAuthorizationDetails, unknown][] = [
      ...details.UserDetailList.map((u) => ['UserDetailList', u] as [keyof RawAuthorizationDetails, unknown]),
      ...details.GroupDetailList.map((g) => ['GroupDetailList', g] as [keyof RawAuthorizationDetails, unknown]),
      ...details.RoleDetailList.map((r) => ['RoleDetailList', r] as [keyof RawAuthorizationDetails, unknown]),
      ...details.Policies.map((p) => ['Policies', p] as [keyof RawAuthorizationDetails, unknown]),
    ];
    const size = Math.min(input.MaxItems ?? 100, options.detailsPageSize ?? Infinity);
    const { items: slice, ...more } = page(items, input.Marker, size);
    const out: Record<string, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for (const [list, item] of slice) out[list].push(item);
    return { ...sdk(out), ...more };
  });
  iam.on(GetAccountPasswordPolicyCommand).callsFake(() => {
    const p = raw.passwordPolicy?.PasswordPolicy;
    if (!p) throw noSuchEntity('Password Policy with domain name 111122223333');
    return { PasswordPolicy: p };
  });
  iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: raw.accountSummary?.SummaryMap ?? {} });
  iam.on(ListVirtualMFADevicesCommand).callsFake((input: { Marker?: string }) => {
    const { items, ...more } = page(raw.virtualMfaDevices?.VirtualMFADevices ?? [], input.Marker, options.mfaPageSize ?? 100);
    return { VirtualMFADevices: sdk(items), ...more };
  });
  iam.on(ListAccountAliasesCommand).resolves({ AccountAliases: raw.accountAliases?.AccountAliases ?? [], IsTruncated: false });

  serveTrails(cloudTrail, raw.trails?.trailList ?? []);
  serveAccountSettings(iam, accessAnalyzer, account, raw);

  // ---------------------------------------------------------------- per-entity reads
  iam.on(GetUserCommand).callsFake((input: { UserName: string }) => {
    const u = user(input.UserName);
    const lastUsed = rowOf(u)?.passwordLastUsed ?? null;
    return { User: { ...sdk(userOnly(u)), ...(lastUsed !== null ? { PasswordLastUsed: iso(lastUsed) } : {}) } };
  });
  iam.on(GetLoginProfileCommand).callsFake((input: { UserName: string }) => {
    const row = rowOf(user(input.UserName));
    if (!row?.passwordEnabled) throw noSuchEntity(`Login Profile for User ${input.UserName}`);
    return { LoginProfile: { UserName: input.UserName, CreateDate: iso(row.passwordLastChanged), PasswordResetRequired: false } };
  });
  iam.on(ListMFADevicesCommand).callsFake((input: { UserName: string }) => {
    const u = user(input.UserName);
    const devices = rowOf(u)?.mfaActive
      ? [{ UserName: u.UserName, SerialNumber: u.Arn.replace(/:user\/.*/, `:mfa/${u.UserName}`), EnableDate: new Date('2026-01-01T00:00:00Z') }]
      : [];
    return { MFADevices: devices, IsTruncated: false };
  });
  iam.on(ListAccessKeysCommand).callsFake((input: { UserName: string }) => {
    const u = user(input.UserName);
    return {
      AccessKeyMetadata: accessKeys(u).map((k) => ({ UserName: u.UserName, AccessKeyId: k.id, Status: k.columns.active ? 'Active' : 'Inactive', CreateDate: iso(k.columns.lastRotated) })),
      IsTruncated: false,
    };
  });
  iam.on(GetAccessKeyLastUsedCommand).callsFake((input: { AccessKeyId: string }) => {
    for (const u of details.UserDetailList) {
      const k = accessKeys(u).find((x) => x.id === input.AccessKeyId);
      if (k) {
        return {
          UserName: u.UserName,
          AccessKeyLastUsed: {
            ...(k.columns.lastUsed !== null ? { LastUsedDate: iso(k.columns.lastUsed) } : {}),
            ServiceName: k.columns.lastUsedService ?? 'N/A',
            Region: k.columns.lastUsedRegion ?? 'N/A',
          },
        };
      }
    }
    throw noSuchEntity(`access key ${input.AccessKeyId}`);
  });
  iam.on(ListGroupsForUserCommand).callsFake((input: { UserName: string }) => ({
    Groups: (user(input.UserName).GroupList ?? []).map((name) => sdk(groupOnly(group(name)))),
    IsTruncated: false,
  }));
  iam.on(ListAttachedUserPoliciesCommand).callsFake((input: { UserName: string }) => ({ AttachedPolicies: user(input.UserName).AttachedManagedPolicies ?? [], IsTruncated: false }));
  iam.on(ListUserPoliciesCommand).callsFake((input: { UserName: string }) => ({ PolicyNames: (user(input.UserName).UserPolicyList ?? []).map((p) => p.PolicyName), IsTruncated: false }));
  iam.on(GetUserPolicyCommand).callsFake((input: { UserName: string; PolicyName: string }) => {
    const p = (user(input.UserName).UserPolicyList ?? []).find((x) => x.PolicyName === input.PolicyName);
    if (!p) throw noSuchEntity(`user policy ${input.PolicyName}`);
    return { UserName: input.UserName, ...sdk(p) };
  });

  iam.on(GetGroupCommand).callsFake((input: { GroupName: string }) => {
    const g = group(input.GroupName);
    const members = details.UserDetailList.filter((u) => (u.GroupList ?? []).includes(g.GroupName));
    return { Group: sdk(groupOnly(g)), Users: members.map((u) => sdk(userOnly(u))), IsTruncated: false };
  });
  iam.on(ListAttachedGroupPoliciesCommand).callsFake((input: { GroupName: string }) => ({ AttachedPolicies: group(input.GroupName).AttachedManagedPolicies ?? [], IsTruncated: false }));
  iam.on(ListGroupPoliciesCommand).callsFake((input: { GroupName: string }) => ({ PolicyNames: (group(input.GroupName).GroupPolicyList ?? []).map((p) => p.PolicyName), IsTruncated: false }));
  iam.on(GetGroupPolicyCommand).callsFake((input: { GroupName: string; PolicyName: string }) => {
    const p = (group(input.GroupName).GroupPolicyList ?? []).find((x) => x.PolicyName === input.PolicyName);
    if (!p) throw noSuchEntity(`group policy ${input.PolicyName}`);
    return { GroupName: input.GroupName, ...sdk(p) };
  });

  iam.on(GetRoleCommand).callsFake((input: { RoleName: string }) => ({ Role: sdk(roleOnly(role(input.RoleName))) }));
  iam.on(ListAttachedRolePoliciesCommand).callsFake((input: { RoleName: string }) => ({ AttachedPolicies: role(input.RoleName).AttachedManagedPolicies ?? [], IsTruncated: false }));
  iam.on(ListRolePoliciesCommand).callsFake((input: { RoleName: string }) => ({ PolicyNames: (role(input.RoleName).RolePolicyList ?? []).map((p) => p.PolicyName), IsTruncated: false }));
  iam.on(GetRolePolicyCommand).callsFake((input: { RoleName: string; PolicyName: string }) => {
    const p = (role(input.RoleName).RolePolicyList ?? []).find((x) => x.PolicyName === input.PolicyName);
    if (!p) throw noSuchEntity(`role policy ${input.PolicyName}`);
    return { RoleName: input.RoleName, ...sdk(p) };
  });

  iam.on(GetPolicyCommand).callsFake((input: { PolicyArn: string }) => {
    const { PolicyVersionList: _v, ...p } = policy(input.PolicyArn);
    return { Policy: sdk(p) };
  });
  // Holders as permissions policy or as permissions boundary, as IAM lists them without a filter.
  iam.on(ListEntitiesForPolicyCommand).callsFake((input: { PolicyArn: string; Marker?: string }) => {
    policy(input.PolicyArn);
    const holds = (p: { AttachedManagedPolicies?: readonly { PolicyArn: string }[]; PermissionsBoundary?: { PermissionsBoundaryArn?: string } }) =>
      (p.AttachedManagedPolicies ?? []).some((a) => a.PolicyArn === input.PolicyArn) || p.PermissionsBoundary?.PermissionsBoundaryArn === input.PolicyArn;
    return {
      PolicyUsers: details.UserDetailList.filter(holds).map((u) => ({ UserName: u.UserName, UserId: u.UserId })),
      PolicyGroups: details.GroupDetailList.filter(holds).map((g) => ({ GroupName: g.GroupName, GroupId: g.GroupId })),
      PolicyRoles: details.RoleDetailList.filter(holds).map((r) => ({ RoleName: r.RoleName, RoleId: r.RoleId })),
      IsTruncated: false,
    };
  });
  iam.on(GetPolicyVersionCommand).callsFake((input: { PolicyArn: string; VersionId: string }) => {
    const v = (policy(input.PolicyArn).PolicyVersionList ?? []).find((x) => x.VersionId === input.VersionId);
    if (!v) throw noSuchEntity(`policy version ${input.VersionId}`);
    return { PolicyVersion: sdk(v) };
  });

  return {
    iam,
    cloudTrail,
    accessAnalyzer,
    account,
    clients: options.instances
      ? createClients({
          iam: options.instances.iam,
          cloudTrail: options.instances.cloudTrail,
          cloudTrailIn: () => options.instances!.cloudTrail,
          accessAnalyzer: analyzerClient!,
          account: accountClient!,
        })
      : createClients({
          iam: new IAMClient({ region: 'us-east-1' }),
          cloudTrail: new CloudTrailClient({ region: 'us-east-1' }),
          accessAnalyzer: new AccessAnalyzerClient({ region: 'us-east-1' }),
          account: new AccountClient({ region: 'us-east-1' }),
        }),
    restore() {
      iam.restore();
      cloudTrail.restore();
      accessAnalyzer.restore();
      account.restore();
    },
  };
}
