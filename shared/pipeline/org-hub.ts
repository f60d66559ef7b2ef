/**
 * The hub's organization audit (infra/organization.cjs), one function per
 * step of its state machine, all calling the same core as `scan --org`:
 *
 * 1. startOrganizationRun: the ACTIVE accounts (ListAccounts, ListParents),
 *    written for the Distributed Map to read;
 * 2. auditMemberAccount, for each account (the scheduled-audit function):
 *    the one-account audit through the account's audit role; an account that
 *    cannot be read is answered "failed" (the Map counts it against its
 *    tolerated failures) and its findings are left untouched;
 * 3. reportOrganizationRun: each failed account recorded (failures in a
 *    row counted), one digest line per account, the metrics the alarms watch.
 */
import { randomUUID } from 'node:crypto';
import * as z from '../schema.js';
import { describeError } from '../collect/aws-errors.js';
import type { OrganizationInputsResult } from '../collect/organization-inputs.js';
import { isActive, listOrganization, type OrganizationAccess, type OrganizationAccount } from '../collect/organization.js';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Config } from '../config/schema.js';
import { EventInputError } from '../errors.js';
import { deliverPending, type DeliveryResult } from '../notify/deliver.js';
import { organizationDigest, type AccountNotAudited } from '../notify/organization.js';
import type { NotificationSink } from '../notify/types.js';
import type { OrganizationRunFiles } from '../store/organization-runs.js';
import type { FindingStore } from '../store/types.js';
import { managementAccountSource, memberAccountSource } from './org-sources.js';
import { runScan, type ScanResult } from './scan.js';
import type { AccountSource } from './sources.js';

function parsed<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new EventInputError(what, issue.path.join('.'), issue.message);
}

const isoTime = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time'));
const accountId = z.string().check(z.regex(/^\d{12}$/, 'expected a 12-digit account id'));
const count = z.int().check(z.nonnegative());

// ---------------------------------------------------------------- 1. the accounts of a run

/** What starts a run: the schedule's event, or the new-account rule's {time, stackId}; or by hand {accounts: [...]}. */
export const runStartSchema = z.looseObject({
  time: z.optional(isoTime),
  /** The spoke's stack in a new account (StackSet instance event): audit that account alone. */
  stackId: z.optional(z.string()),
  accounts: z.optional(z.array(z.string().check(z.regex(/^\d{12}$/)))),
});

export interface RunDescriptor {
  readonly id: string;
  readonly time: string;
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly bucket: string;
  readonly accountsKey: string;
  readonly resultsPrefix: string;
  /** ACTIVE accounts to audit. */
  readonly accounts: number;
  /** Accounts of the selection that are not ACTIVE, left out. */
  readonly skipped: number;
}

const STACK_ACCOUNT = /^arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:(\d{12}):stack\//;

export async function startOrganizationRun(
  event: unknown,
  deps: { organizations: OrganizationsClient; files: OrganizationRunFiles; clock?: () => Date },
  runId: string = randomUUID(),
): Promise<RunDescriptor> {
  const start = parsed(runStartSchema, { ...(event as object) }, 'run input');
  const time = new Date(start.time ?? (deps.clock ?? (() => new Date()))()).toISOString();
  let only = start.accounts;
  if (start.stackId) {
    const account = STACK_ACCOUNT.exec(start.stackId)?.[1];
    if (!account) throw new EventInputError('run input', 'stackId', 'expected a CloudFormation stack ARN');
    only = [account];
  }
  const listing = await listOrganization(deps.organizations, only ? { only: new Set(only) } : {});
  const active = listing.accounts.filter(isActive);
  const { bucket, key } = await deps.files.writeAccounts(runId, active);
  return {
    id: runId,
    time,
    organizationId: listing.organizationId,
    managementAccountId: listing.managementAccountId,
    bucket,
    accountsKey: key,
    resultsPrefix: `runs/${runId}/results`,
    accounts: active.length,
    skipped: listing.accounts.length - active.length,
  };
}

// ---------------------------------------------------------------- 2. one account

export const accountAuditSchema = z.looseObject({
  account: z.looseObject({
    id: accountId,
    name: z.string(),
    status: z._default(z.string(), 'ACTIVE'),
    ouId: z._default(z.nullable(z.string()), null),
    ouName: z._default(z.nullable(z.string()), null),
  }),
  time: isoTime,
  organizationId: z.string(),
  managementAccountId: z.string(),
});
export type AccountAuditEvent = z.infer<typeof accountAuditSchema>;

/** Whether an event is one account's item of the organization audit (rather than the schedule's own event). */
export function isAccountAuditEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'account' in event && 'organizationId' in event;
}

export interface HubDependencies {
  readonly config: Config;
  readonly store: FindingStore;
  readonly sinks: readonly NotificationSink[];
  readonly access: OrganizationAccess;
  /** The organization inputs, read with the hub's own role (Identity Center and IAM delegated administrator). */
  readonly organizationInputs: () => Promise<OrganizationInputsResult>;
  /** The hub's own account, audited with the function's own role: it needs no spoke. */
  readonly own?: AccountSource;
  /** The local demo replays history: the evaluation time may lie days past the clock. */
  readonly replay?: boolean;
}

export type MemberAudit =
  | { readonly status: 'scanned'; readonly account: OrganizationAccount; readonly result: ScanResult }
  | { readonly status: 'failed'; readonly account: OrganizationAccount; readonly reason: string };

/** Errors that mean "this account could not be read", not "the audit is broken". */
const UNREADABLE = new Set(['AccountUnreachableError', 'NothingCollectedError']);

/** `now`: the evaluation time the handler took from the input's `time` (the clock where that is implausible). */
export async function auditMemberAccount(event: unknown, deps: HubDependencies, now: Date = new Date(parsed(accountAuditSchema, event, 'account audit input').time)): Promise<MemberAudit> {
  const e = parsed(accountAuditSchema, event, 'account audit input');
  const account: OrganizationAccount = e.account;
  const member = deps.access.forAccount(account.id);
  try {
    const self = deps.own && account.id === (await deps.access.callerAccount());
    const live = self ? deps.own! : memberAccountSource(member, `account ${account.id} (${account.name})`);
    const source = account.id === e.managementAccountId ? managementAccountSource(live, deps.organizationInputs) : live;
    const result = await runScan({ source, config: deps.config, now, store: deps.store, sinks: deps.sinks, ...(deps.replay ? { replay: true } : {}) });
    await deps.store.recordAuditOutcome(account.id, { at: now.toISOString(), status: 'scanned', name: account.name, ouId: account.ouId, ouName: account.ouName });
    return { status: 'scanned', account, result };
  } catch (error) {
    if (error instanceof Error && UNREADABLE.has(error.name)) {
      return { status: 'failed', account, reason: (error.name === 'AccountUnreachableError' ? error.message : describeError(error)).replace(/\s+/g, ' ').trim() };
    }
    throw error;
  }
}

// ---------------------------------------------------------------- 3. the run's report

export const runReportSchema = z.looseObject({
  run: z.looseObject({
    id: z.string(),
    time: isoTime,
    organizationId: z.string(),
    managementAccountId: z.string(),
    accounts: count,
    skipped: z._default(count, 0),
  }),
  results: z.optional(z.looseObject({ ResultWriterDetails: z.optional(z.looseObject({ Key: z.string() })) })),
  mapError: z.optional(z.looseObject({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

export interface RunReport {
  readonly organizationId: string;
  readonly time: string;
  readonly accounts: number;
  readonly audited: number;
  readonly failed: readonly AccountNotAudited[];
  /** Failed accounts that also failed the audit before. */
  readonly failedTwiceOrMore: number;
  /** False when the Map stopped early (more failures than tolerated) or wrote no results. */
  readonly complete: boolean;
  readonly delivery?: DeliveryResult;
}

export async function reportOrganizationRun(
  event: unknown,
  deps: { store: FindingStore; sinks: readonly NotificationSink[]; files: OrganizationRunFiles },
): Promise<RunReport> {
  const input = parsed(runReportSchema, event, 'run report input');
  const { run } = input;
  const outcomes = await deps.files.readOutcomes(run.id, input.results?.ResultWriterDetails?.Key);
  const failed: AccountNotAudited[] = [];
  for (const item of outcomes?.failed ?? []) {
    const record = await deps.store.recordAuditOutcome(item.account.id, {
      at: run.time,
      status: 'failed',
      reason: item.reason ?? 'failed',
      name: item.account.name,
      ouId: item.account.ouId,
      ouName: item.account.ouName,
    });
    failed.push({ id: item.account.id, name: item.account.name, ouName: item.account.ouName, reason: item.reason ?? 'failed', consecutiveFailures: record.consecutiveFailures });
  }
  const digest = organizationDigest({ organizationId: run.organizationId, managementAccountId: run.managementAccountId, at: run.time, accounts: run.accounts, failed, skipped: run.skipped });
  if (digest) await deps.store.enqueueNotifications([digest]);
  const delivery = deps.sinks.length ? await deliverPending(deps.store, deps.sinks, { account: run.managementAccountId }) : undefined;
  return {
    organizationId: run.organizationId,
    time: run.time,
    accounts: run.accounts,
    audited: outcomes?.succeeded.length ?? 0,
    failed,
    failedTwiceOrMore: failed.filter((f) => f.consecutiveFailures >= 2).length,
    complete: input.mapError === undefined && outcomes !== null,
    ...(delivery ? { delivery } : {}),
  };
}
