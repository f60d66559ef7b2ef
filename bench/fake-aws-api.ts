/**
 * A generated account served through aws-sdk-client-mock as IAM and
 * CloudTrail would serve it, for counting the calls of a live audit: real
 * page sizes (MaxItems defaults to 100 and may be at most 1000, as IAM
 * documents for every paginated read used here; more is a ValidationError),
 * responses in the SDK's shapes (Date objects, URL-encoded policy
 * documents), and a credential report that is generated once: the first
 * GenerateCredentialReport answers STARTED, every later one COMPLETE.
 */
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  IAMServiceException,
  ListAccountAliasesCommand,
  ListVirtualMFADevicesCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients, type AwsClients } from '../shared/collect/clients.js';
// The SDK shapes and CloudTrail's answers are the test suite's fake AWS; this file adds IAM's strict paging.
import { serveAccountSettings, serveTrails, toSdk } from '../test/collect/fake-aws.js';
import type { RawAuthorizationDetails, RawSnapshot, RawTrail } from '../shared/snapshot/types.js';

/** IAM's default and maximum MaxItems for GetAccountAuthorizationDetails, ListVirtualMFADevices and ListAccountAliases. */
export const IAM_DEFAULT_PAGE = 100;
export const IAM_MAX_PAGE = 1000;

function validationError(message: string): IAMServiceException {
  return new IAMServiceException({ name: 'ValidationError', message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** One page as IAM cuts it; the Marker is opaque to callers (here: the index of the next item). */
function page<T>(items: readonly T[], input: { MaxItems?: number; Marker?: string }) {
  const size = input.MaxItems ?? IAM_DEFAULT_PAGE;
  if (!Number.isInteger(size) || size < 1 || size > IAM_MAX_PAGE) {
    throw validationError(`1 validation error detected: Value '${size}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to ${IAM_MAX_PAGE}`);
  }
  const start = input.Marker ? Number(input.Marker) : 0;
  const end = Math.min(items.length, start + size);
  return { slice: items.slice(start, end), IsTruncated: end < items.length, ...(end < items.length ? { Marker: String(end) } : {}) };
}

type DetailList = keyof RawAuthorizationDetails;

interface Sender {
  send: (...args: unknown[]) => Promise<unknown>;
}

/** Every answer of the client (the mock's, errors too) arrives `ms` later, as over a network. */
function delayed(client: Sender, ms: number): void {
  const send = client.send.bind(client);
  client.send = async (...args: unknown[]) => {
    await new Promise((r) => setTimeout(r, ms));
    return send(...args);
  };
}

export interface FakeAccountApi {
  /** Clients whose every call the mocks answer. */
  readonly clients: AwsClients;
  restore(): void;
}

export interface ServeOptions {
  /** Mock only these client instances (one account among many); default every IAM and CloudTrail client. */
  readonly instances?: { readonly iam: IAMClient; readonly cloudTrail: CloudTrailClient };
  /** Each call answers after this long, as a real endpoint would (default 0: at once); with `instances` only. */
  readonly latencyMs?: number;
}

/** Serves `raw` through mocked IAM and CloudTrail clients (every instance of both classes, or the ones given, until restore()). */
export function serveAccount(raw: RawSnapshot, options: ServeOptions = {}): FakeAccountApi {
  const iam = options.instances ? mockClient(options.instances.iam) : mockClient(IAMClient);
  const cloudTrail = options.instances ? mockClient(options.instances.cloudTrail) : mockClient(CloudTrailClient);

  const details = raw.authorizationDetails ?? { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
  // GetAccountAuthorizationDetails pages through users, then groups, roles and policies; MaxItems counts all of them.
  const entities: [DetailList, unknown][] = (['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const).flatMap((list) =>
    (details[list] as readonly unknown[]).map((item): [DetailList, unknown] => [list, toSdk(item)]),
  );
  const mfaDevices = toSdk(raw.virtualMfaDevices?.VirtualMFADevices ?? []) as unknown[];
  const aliases = raw.accountAliases?.AccountAliases ?? [];
  const trails: readonly RawTrail[] = raw.trails?.trailList ?? [];

  let reportGenerated = false;
  iam.on(GenerateCredentialReportCommand).callsFake(() => {
    if (reportGenerated) return { State: 'COMPLETE' };
    reportGenerated = true;
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  });
  iam.on(GetCredentialReportCommand).callsFake(() => ({
    Content: new TextEncoder().encode(raw.credentialReport ?? ''),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date(),
  }));
  iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { MaxItems?: number; Marker?: string }) => {
    const { slice, ...more } = page(entities, input);
    const out: Record<DetailList, unknown[]> = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] };
    for (const [list, item] of slice) out[list].push(item);
    return { ...out, ...more };
  });
  iam.on(GetAccountPasswordPolicyCommand).callsFake(() => {
    const policy = raw.passwordPolicy?.PasswordPolicy;
    if (!policy) throw new NoSuchEntityException({ message: 'The Password Policy with domain name 123456789012 cannot be found.', $metadata: { httpStatusCode: 404 } });
    return { PasswordPolicy: policy };
  });
  iam.on(GetAccountSummaryCommand).callsFake(() => ({ SummaryMap: raw.accountSummary?.SummaryMap ?? {} }));
  iam.on(ListVirtualMFADevicesCommand).callsFake((input: { MaxItems?: number; Marker?: string }) => {
    const { slice, ...more } = page(mfaDevices, input);
    return { VirtualMFADevices: slice, ...more };
  });
  iam.on(ListAccountAliasesCommand).callsFake((input: { MaxItems?: number; Marker?: string }) => {
    const { slice, ...more } = page(aliases, input);
    return { AccountAliases: slice, ...more };
  });

  serveTrails(cloudTrail, trails);
  const accessAnalyzer = mockClient(AccessAnalyzerClient);
  const account = mockClient(AccountClient);
  serveAccountSettings(iam, accessAnalyzer, account, raw);

  const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
  if (options.instances) {
    const { iam: iamClient, cloudTrail: trailClient } = options.instances;
    if (options.latencyMs) for (const client of [iamClient, trailClient]) delayed(client as unknown as Sender, options.latencyMs);
    return {
      clients: createClients({ iam: iamClient, cloudTrail: trailClient, cloudTrailIn: () => trailClient }),
      restore() {
        iam.restore();
        cloudTrail.restore();
      },
    };
  }
  return {
    clients: createClients({
      iam: new IAMClient({ region: 'us-east-1', credentials }),
      cloudTrail: new CloudTrailClient({ region: 'us-east-1', credentials }),
      cloudTrailIn: (region) => new CloudTrailClient({ region, credentials }),
      accessAnalyzer: new AccessAnalyzerClient({ region: 'us-east-1', credentials }),
      account: new AccountClient({ region: 'us-east-1', credentials }),
    }),
    restore() {
      iam.restore();
      cloudTrail.restore();
      accessAnalyzer.restore();
      account.restore();
    },
  };
}
