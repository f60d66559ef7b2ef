/**
 * Every ACTIVE account of an organization, the same way one account is
 * audited (shared/pipeline/scan.ts, through shared/pipeline/org-sources.ts):
 * `scan --org` and `snapshot --org` from a laptop. Accounts run in parallel,
 * at most `concurrency` at once, each with its calls in series; an account
 * that cannot be read is reported as failed and its findings are left
 * untouched; an account that is not ACTIVE is skipped and never read.
 */
import { join } from 'node:path';
import type { CollectProgress } from '../collect/account.js';
import { collectAccount } from '../collect/account.js';
import { describeError } from '../collect/aws-errors.js';
import type { OrganizationInputsResult } from '../collect/organization-inputs.js';
import { isActive, mapBounded, type OrganizationAccess, type OrganizationAccount, type OrganizationListing } from '../collect/organization.js';
import type { Config } from '../config/schema.js';
import type { Evaluation } from '../engine/evaluate.js';
import { UsageError } from '../errors.js';
import type { SnapshotFileError } from '../errors.js';
import type { Check } from '../model.js';
import type { DeliveryResult } from '../notify/deliver.js';
import type { NotificationSink } from '../notify/types.js';
import { writeSnapshotFolder } from '../snapshot/folder.js';
import { SNAPSHOT_INPUTS, type CollectionGap } from '../snapshot/types.js';
import type { AccountRecord, ApplyResult, FindingStore } from '../store/types.js';
import { managementAccountSource, memberAccountSource } from './org-sources.js';
import { runScan } from './scan.js';

export const DEFAULT_CONCURRENCY = 8;

export type AccountStatus = 'scanned' | 'failed' | 'skipped';

export interface AccountOutcome {
  readonly account: OrganizationAccount;
  readonly status: AccountStatus;
  /** Why it failed or was skipped. */
  readonly reason?: string;
  /** Set for a scanned account (scan --org). */
  readonly evaluation?: Evaluation;
  readonly inputErrors?: readonly SnapshotFileError[];
  readonly applied?: ApplyResult;
  readonly delivery?: DeliveryResult;
  /** The store's record of the account after this run (with --store). */
  readonly record?: AccountRecord;
  /** Files written (snapshot --org). */
  readonly written?: readonly string[];
  /** Inputs not collected (snapshot --org: no file written for them). */
  readonly gaps?: readonly CollectionGap[];
}

export type OrgProgress =
  | { readonly kind: 'started'; readonly account: OrganizationAccount }
  | { readonly kind: 'input'; readonly account: OrganizationAccount; readonly progress: CollectProgress }
  | { readonly kind: 'finished'; readonly outcome: AccountOutcome };

export interface OrgRunOptions {
  readonly listing: OrganizationListing;
  readonly access: OrganizationAccess;
  /** Only these account ids (`--accounts`); each must be an account of the organization. */
  readonly only?: readonly string[];
  /** Accounts read at once (default 8). */
  readonly concurrency?: number;
  /**
   * The organization-level inputs, read with the caller's credentials; they
   * join the management account's audit, whose findings carry them.
   */
  readonly organizationInputs?: () => Promise<OrganizationInputsResult>;
  readonly onProgress?: (p: OrgProgress) => void;
}

export interface OrgScanOptions extends OrgRunOptions {
  readonly config: Config;
  readonly now: Date;
  readonly store?: FindingStore;
  readonly sinks?: readonly NotificationSink[];
  readonly checks?: readonly Check[];
}

export interface OrgRunResult {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** Every account considered, in the organization's listing order. */
  readonly outcomes: readonly AccountOutcome[];
}

/** The accounts a run covers, in listing order; an id given that the organization does not have is a usage error. */
export function targetAccounts(listing: OrganizationListing, only?: readonly string[]): OrganizationAccount[] {
  if (!only) return [...listing.accounts];
  const known = new Set(listing.accounts.map((a) => a.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UsageError(`--accounts: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an account' : 'are not accounts'} of organization ${listing.organizationId}`);
  const wanted = new Set(only);
  return listing.accounts.filter((a) => wanted.has(a.id));
}

function placement(a: OrganizationAccount) {
  return { name: a.name, ouId: a.ouId, ouName: a.ouName };
}

/** Runs `work` for every ACTIVE target (bounded), skipping the others; a throw is that account's failure. */
async function eachAccount(
  o: OrgRunOptions,
  work: (account: OrganizationAccount, onInput: (p: CollectProgress) => void) => Promise<Omit<AccountOutcome, 'account' | 'status'>>,
  onFailure?: (account: OrganizationAccount, reason: string) => Promise<Partial<AccountOutcome>>,
): Promise<OrgRunResult> {
  const targets = targetAccounts(o.listing, o.only);
  const outcomes = await mapBounded(targets, o.concurrency ?? DEFAULT_CONCURRENCY, async (account): Promise<AccountOutcome> => {
    if (!isActive(account)) {
      const outcome: AccountOutcome = { account, status: 'skipped', reason: `account is ${account.status}, not ACTIVE` };
      o.onProgress?.({ kind: 'finished', outcome });
      return outcome;
    }
    o.onProgress?.({ kind: 'started', account });
    let outcome: AccountOutcome;
    try {
      outcome = { account, status: 'scanned', ...(await work(account, (progress) => o.onProgress?.({ kind: 'input', account, progress }))) };
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const reason = (e instanceof Error && e.name === 'AccountUnreachableError' ? e.message : describeError(e)).replace(/\s+/g, ' ').trim();
      const extra = onFailure ? await onFailure(account, reason).catch(() => ({})) : {};
      outcome = { account, status: 'failed', reason, ...extra };
    }
    o.onProgress?.({ kind: 'finished', outcome });
    return outcome;
  });
  return { organizationId: o.listing.organizationId, managementAccountId: o.listing.managementAccountId, outcomes };
}

/** Reads the organization inputs once, however many callers ask. */
function once<T>(f: (() => Promise<T>) | undefined): (() => Promise<T>) | undefined {
  if (!f) return undefined;
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

/** `scan --org`: every account audited and, with a store, recorded under its own key with its name and OU. */
export async function scanOrganization(o: OrgScanOptions): Promise<OrgRunResult> {
  const inputs = once(o.organizationInputs);
  return eachAccount(
    o,
    async (account, onInput) => {
      const member = o.access.forAccount(account.id);
      try {
        const live = memberAccountSource(member, `account ${account.id} (${account.name})`);
        const source = inputs && account.id === o.listing.managementAccountId ? managementAccountSource(live, inputs) : live;
        const result = await runScan({
          source,
          config: o.config,
          now: o.now,
          ...(o.store ? { store: o.store } : {}),
          ...(o.sinks ? { sinks: o.sinks } : {}),
          ...(o.checks ? { checks: o.checks } : {}),
          onProgress: onInput,
        });
        const record = o.store ? await o.store.recordAuditOutcome(account.id, { at: o.now.toISOString(), status: 'scanned', ...placement(account) }) : undefined;
        return {
          evaluation: result.evaluation,
          inputErrors: result.inputErrors,
          ...(result.applied ? { applied: result.applied } : {}),
          ...(result.delivery ? { delivery: result.delivery } : {}),
          ...(record ? { record } : {}),
        };
      } finally {
        member.close();
      }
    },
    async (account, reason) => {
      if (!o.store) return {};
      return { record: await o.store.recordAuditOutcome(account.id, { at: o.now.toISOString(), status: 'failed', reason, ...placement(account) }) };
    },
  );
}

export interface OrgSnapshotOptions extends OrgRunOptions {
  /** One folder per account id under it. */
  readonly out: string;
}

/** `snapshot --org --out DIR`: each account's snapshot folder as DIR/<account id>; the organization files go with the management account's. */
export async function snapshotOrganization(o: OrgSnapshotOptions): Promise<OrgRunResult> {
  const inputs = once(o.organizationInputs);
  return eachAccount(o, async (account, onInput) => {
    const member = o.access.forAccount(account.id);
    try {
      await member.verify();
      const [raw, organization] = await Promise.all([
        collectAccount(member.clients, { onProgress: onInput }),
        inputs && account.id === o.listing.managementAccountId ? inputs() : Promise.resolve(undefined),
      ]);
      // A role that can be assumed but reads nothing would leave an empty folder: that account failed.
      if (raw.gaps.length === SNAPSHOT_INPUTS.length) throw new Error(`nothing could be read (${raw.gaps[0].reason})`);
      if (organization) Object.assign(raw, organization.raw, { gaps: [...raw.gaps, ...organization.gaps] });
      return { written: await writeSnapshotFolder(join(o.out, account.id), raw), gaps: raw.gaps };
    } finally {
      member.close();
    }
  });
}
