/**
 * A full account collection for the scheduled audit and `snapshot --out`:
 * every input of the snapshot, in the AWS CLI's formats, with calls in
 * proportion to pages (never per user). Inputs are collected concurrently;
 * one that fails (access denied, service off, still throttled after the
 * retries) becomes a gap naming why, and everything else is still kept.
 *
 * What this returns is raw AWS output in the folder's formats, not yet
 * read: the live source and `snapshot --out` + `scan --snapshot` pass it
 * through the same readers (snapshot/inputs.ts), so both judge it alike.
 */
import {
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  ListAccountAliasesCommand,
  ListVirtualMFADevicesCommand,
  type EntityType,
} from '@aws-sdk/client-iam';
import { INPUT_READERS } from '../snapshot/inputs.js';
import {
  SNAPSHOT_INPUTS,
  type CollectionGap,
  type CollectionNote,
  type CheckInput,
  type RawAuthorizationDetails,
  type RawSnapshot,
  type RawVirtualMfaDevice,
  type SnapshotInput,
} from '../snapshot/types.js';
import { describeError, isNoSuchEntity } from './aws-errors.js';
import type { AwsClients } from './clients.js';
import { asCli } from './cli-format.js';
import { fetchCredentialReport, type ReportPolling } from './credential-report.js';
import { allIamPages } from './paginate.js';
import { retrier, type Retrier, type RetryOptions, type Sleep } from './retry.js';
import { fetchTrails } from './trails.js';
import { fetchAccessAnalyzers, fetchSecurityContact, fetchServerCertificates } from './account-settings.js';

export type CollectProgress =
  | { readonly input: CheckInput; readonly outcome: 'collected'; readonly note?: string }
  | { readonly input: CheckInput; readonly outcome: 'gap'; readonly reason: string };

export interface CollectOptions {
  /** Called as each input finishes, collected or not (the CLI shows it). */
  readonly onProgress?: (progress: CollectProgress) => void;
  /** Backoff of throttled calls. */
  readonly retry?: RetryOptions;
  /** Polling of a credential report being generated. */
  readonly reportPolling?: ReportPolling;
  /** One sleep for every backoff and poll; tests pass an instant one. */
  readonly sleep?: Sleep;
  /** MaxItems of GetAccountAuthorizationDetails; default 1000, the API's maximum. */
  readonly pageSize?: number;
  /** The time an older credential report's age is told against; default the clock. */
  readonly clock?: () => Date;
}

/** Every entity filter: the unfiltered call's content, asked for explicitly. */
const ALL_ENTITIES: EntityType[] = ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy'];
export const MAX_PAGE_SIZE = 1000;

async function authorizationDetails(clients: AwsClients, call: Retrier, pageSize: number): Promise<RawAuthorizationDetails> {
  const pages = await allIamPages((Marker) =>
    call(() => clients.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ALL_ENTITIES, MaxItems: pageSize, Marker }))),
  );
  return asCli<RawAuthorizationDetails>({
    UserDetailList: pages.flatMap((p) => p.UserDetailList ?? []),
    GroupDetailList: pages.flatMap((p) => p.GroupDetailList ?? []),
    RoleDetailList: pages.flatMap((p) => p.RoleDetailList ?? []),
    Policies: pages.flatMap((p) => p.Policies ?? []),
  });
}

async function passwordPolicy(clients: AwsClients, call: Retrier): Promise<NonNullable<RawSnapshot['passwordPolicy']>> {
  try {
    const { PasswordPolicy } = await call(() => clients.iam.send(new GetAccountPasswordPolicyCommand({})));
    return asCli({ PasswordPolicy: PasswordPolicy ?? null });
  } catch (e) {
    // NoSuchEntity is IAM's way of saying the account has no password policy: a fact, not a failure.
    if (isNoSuchEntity(e)) return { PasswordPolicy: null };
    throw e;
  }
}

async function accountSummary(clients: AwsClients, call: Retrier): Promise<NonNullable<RawSnapshot['accountSummary']>> {
  const { SummaryMap } = await call(() => clients.iam.send(new GetAccountSummaryCommand({})));
  if (!SummaryMap) throw new Error('GetAccountSummary returned no SummaryMap');
  return { SummaryMap: { ...SummaryMap } as Record<string, number> };
}

async function virtualMfaDevices(clients: AwsClients, call: Retrier): Promise<NonNullable<RawSnapshot['virtualMfaDevices']>> {
  // Without MaxItems IAM pages 100 devices at a time: a 10k-user account would cost ~50 calls here alone.
  const pages = await allIamPages((Marker) => call(() => clients.iam.send(new ListVirtualMFADevicesCommand({ MaxItems: MAX_PAGE_SIZE, Marker }))));
  return { VirtualMFADevices: asCli<RawVirtualMfaDevice[]>(pages.flatMap((p) => p.VirtualMFADevices ?? [])) };
}

async function accountAliases(clients: AwsClients, call: Retrier): Promise<NonNullable<RawSnapshot['accountAliases']>> {
  const pages = await allIamPages((Marker) => call(() => clients.iam.send(new ListAccountAliasesCommand({ MaxItems: MAX_PAGE_SIZE, Marker }))));
  return { AccountAliases: pages.flatMap((p) => p.AccountAliases ?? []) };
}

/** Collects one live account. Never throws for an input that cannot be read: see `gaps`. */
export async function collectAccount(clients: AwsClients, options: CollectOptions = {}): Promise<RawSnapshot> {
  const retry: RetryOptions = { ...options.retry, ...(options.sleep ? { sleep: options.sleep } : {}) };
  const reportPolling: ReportPolling = {
    ...options.reportPolling,
    backoff: { ...options.reportPolling?.backoff, ...(options.sleep ? { sleep: options.sleep } : {}) },
  };
  const call = retrier(retry);
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;

  const notes = new Map<SnapshotInput, CollectionNote>();
  const collectors: { [K in SnapshotInput]: () => Promise<NonNullable<RawSnapshot[K]>> } = {
    credentialReport: async () => {
      const { csv, note } = await fetchCredentialReport(clients.iam, call, reportPolling, options.clock);
      if (note) notes.set('credentialReport', { input: 'credentialReport', message: note });
      return csv;
    },
    authorizationDetails: () => authorizationDetails(clients, call, pageSize),
    passwordPolicy: () => passwordPolicy(clients, call),
    accountSummary: () => accountSummary(clients, call),
    virtualMfaDevices: () => virtualMfaDevices(clients, call),
    accountAliases: () => accountAliases(clients, call),
    trails: () => fetchTrails(clients, call),
    serverCertificates: () => fetchServerCertificates(clients, call),
    accessAnalyzers: () => fetchAccessAnalyzers(clients, call),
    securityContact: () => fetchSecurityContact(clients, call),
  };

  const raw: RawSnapshot = { gaps: [] };
  const gaps = new Map<SnapshotInput, CollectionGap>();
  await Promise.all(
    SNAPSHOT_INPUTS.map(async (input) => {
      let progress: CollectProgress;
      try {
        const value = await collectors[input]();
        const { sanitize } = INPUT_READERS[input];
        (raw as unknown as Record<SnapshotInput, unknown>)[input] = sanitize ? sanitize(value) : value;
        const note = notes.get(input)?.message;
        progress = { input, outcome: 'collected', ...(note ? { note } : {}) };
      } catch (e) {
        progress = { input, outcome: 'gap', reason: describeError(e) };
        gaps.set(input, { input, reason: progress.reason });
      }
      options.onProgress?.(progress);
    }),
  );
  // In input order, not finishing order, so two runs over the same account give the same snapshot.
  raw.gaps = SNAPSHOT_INPUTS.flatMap((input) => gaps.get(input) ?? []);
  if (notes.size) raw.notes = SNAPSHOT_INPUTS.flatMap((input) => notes.get(input) ?? []);
  return raw;
}
