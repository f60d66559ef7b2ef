/**
 * The Security Hub sink (design.md "Findings out"): stored findings into
 * AWS Security Hub with BatchImportFindings, under each account's own
 * default product, sending only what changed since the last export.
 *
 * - What was sent is remembered per finding and region in the store
 *   (store/export-state.ts); a finding whose ASFF is unchanged is not sent.
 * - A resolved finding goes again as PASSED + ARCHIVED; one resolved before
 *   it was ever exported is not sent at all (there is nothing to archive).
 * - Batches of at most 100 findings and 6 MB, at most 10 calls a second
 *   (the service's steady rate per account and region); the SDK's adaptive
 *   retry backs off on throttling (LimitExceededException, 429).
 * - A finding Security Hub refuses is reported and not recorded, so the
 *   next export tries it again; the others are recorded batch by batch, so
 *   an export cut short keeps what it did.
 * - The account that calls must be the finding's (the default product
 *   accepts no other): `targetFor` gives the client per account, so an
 *   organization hub can hand in one through that account's spoke role.
 */
import { createHash } from 'node:crypto';
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding, type BatchImportFindingsCommandOutput } from '@aws-sdk/client-securityhub';
import { realSleep, type Sleep } from '../collect/retry.js';
import type { ExportStateStore, ExportedState } from '../store/export-state.js';
import type { FindingQuery, FindingState, FindingStore } from '../store/types.js';
import { asffFinding, productArn, type AsffFinding } from './asff.js';
import { findingOfState } from './subject.js';

/** Security Hub's limits for BatchImportFindings. */
export const SECURITY_HUB_LIMITS = { findingsPerBatch: 100, bytesPerBatch: 6 * 1024 * 1024, callsPerSecond: 10 } as const;
/** Leaves room for the request envelope around the findings. */
const BATCH_BYTES_BUDGET = SECURITY_HUB_LIMITS.bytesPerBatch - 64 * 1024;
const MIN_CALL_INTERVAL_MS = 1000 / SECURITY_HUB_LIMITS.callsPerSecond;

/** Adaptive retry: a client-side rate limiter that slows down when Security Hub throttles. */
export const SECURITY_HUB_RETRY = { retryMode: 'adaptive', maxAttempts: 8 } as const;

export interface SecurityHubTarget {
  readonly client: { send(command: BatchImportFindingsCommand): Promise<BatchImportFindingsCommandOutput> };
  /** The client's region: the ProductArn names it. */
  readonly region: string;
}

/** The Security Hub to import an account's findings into, with credentials of that account. */
export type TargetFor = (account: string) => Promise<SecurityHubTarget>;

/** The export-state sink name of a region's Security Hub. */
export const securityHubSink = (region: string) => `securityhub:${region}`;

export interface ExportScope {
  /** Only these accounts; omitted: every account with findings in the store. */
  readonly accounts?: readonly string[];
  /** Only findings on these resources (after a targeted re-evaluation). */
  readonly resources?: readonly string[];
}

export interface SecurityHubExportOptions extends ExportScope {
  readonly store: Pick<FindingStore, 'queryFindings'>;
  readonly exported: ExportStateStore;
  readonly targetFor: TargetFor;
  /** Wall clock, for exportedAt and for moving UpdatedAt forward when only the format changed. */
  readonly clock?: () => Date;
  readonly sleep?: Sleep;
}

export interface ImportFailure {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

export interface AccountExport {
  readonly account: string;
  readonly region: string;
  readonly productArn: string;
  /** Findings sent and accepted (archived ones included). */
  readonly imported: number;
  /** Of those, resolved findings sent as ARCHIVED. */
  readonly archived: number;
  /** Findings whose last export still holds. */
  readonly unchanged: number;
  /** Resolved before they were ever exported: nothing to send. */
  readonly skipped: number;
  readonly failed: readonly ImportFailure[];
  /** Why nothing (more) could be sent for this account, e.g. Security Hub not enabled. */
  readonly error?: string;
}

export interface SecurityHubExportResult {
  readonly accounts: readonly AccountExport[];
}

interface Planned {
  readonly finding: AsffFinding;
  readonly record: ExportedState;
  readonly archived: boolean;
}

/** Digest of an ASFF finding without what moves on every run or release (observation time, UpdatedAt, our version). */
export function fingerprint(f: AsffFinding): string {
  const { UpdatedAt: _u, LastObservedAt: _l, ProductFields, ...rest } = f;
  const { 'iam-sentinel/version': _v, ...fields } = ProductFields;
  return createHash('sha256').update(JSON.stringify({ ...rest, ProductFields: fields })).digest('hex');
}

/**
 * Pure: what to send of an account's findings, given what was sent before.
 * `now` dates the records, and the UpdatedAt of a finding whose ASFF
 * changed while its state did not (a new release formats it differently),
 * so Security Hub still takes the re-import as newer.
 */
export function planExport(
  states: readonly FindingState[],
  previous: ReadonlyMap<string, ExportedState>,
  region: string,
  now: Date,
): { send: Planned[]; unchanged: number; skipped: number } {
  const send: Planned[] = [];
  let unchanged = 0;
  let skipped = 0;
  for (const state of states) {
    const before = previous.get(state.findingId);
    if (!before && state.status === 'resolved') {
      skipped++;
      continue;
    }
    let finding = asffFinding(findingOfState(state), { region });
    const print = fingerprint(finding);
    if (before?.fingerprint === print) {
      unchanged++;
      continue;
    }
    if (before && Date.parse(before.updatedAt) >= Date.parse(finding.UpdatedAt)) {
      finding = { ...finding, UpdatedAt: new Date(Math.max(now.getTime(), Date.parse(before.updatedAt) + 1)).toISOString() };
    }
    send.push({
      finding,
      archived: finding.RecordState === 'ARCHIVED',
      record: {
        findingId: state.findingId,
        account: state.account,
        checkId: state.checkId,
        resource: state.resource,
        ...(state.qualifier ? { qualifier: state.qualifier } : {}),
        fingerprint: print,
        updatedAt: finding.UpdatedAt,
        exportedAt: now.toISOString(),
      },
    });
  }
  return { send, unchanged, skipped };
}

/** Splits findings into BatchImportFindings calls: at most 100 findings and 6 MB each. */
export function batches<T extends { finding: AsffFinding }>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item.finding));
    if (current.length > 0 && (current.length >= SECURITY_HUB_LIMITS.findingsPerBatch || bytes + size > BATCH_BYTES_BUDGET)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function statesToExport(store: SecurityHubExportOptions['store'], scope: ExportScope): Promise<Map<string, FindingState[]>> {
  const queries: FindingQuery[] = [];
  const accounts = scope.accounts?.length ? scope.accounts : [undefined];
  for (const account of accounts) {
    if (scope.resources?.length) for (const resource of scope.resources) queries.push({ status: 'all', resource, ...(account ? { account } : {}) });
    else queries.push({ status: 'all', ...(account ? { account } : {}) });
  }
  const byAccount = new Map<string, Map<string, FindingState>>();
  for (const query of queries) {
    for (const state of await store.queryFindings(query)) {
      if (scope.accounts?.length && !scope.accounts.includes(state.account)) continue;
      const states = byAccount.get(state.account) ?? new Map<string, FindingState>();
      states.set(state.findingId, state);
      byAccount.set(state.account, states);
    }
  }
  for (const account of scope.accounts ?? []) if (!byAccount.has(account)) byAccount.set(account, new Map());
  return new Map([...byAccount].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([a, states]) => [a, [...states.values()]]));
}

/** Exports the findings in scope, account by account; one account's failure does not stop the others. */
export async function exportToSecurityHub(o: SecurityHubExportOptions): Promise<SecurityHubExportResult> {
  const clock = o.clock ?? (() => new Date());
  const sleep = o.sleep ?? realSleep;
  let lastCall = Number.NEGATIVE_INFINITY;
  const paced = async <T>(call: () => Promise<T>): Promise<T> => {
    const wait = lastCall + MIN_CALL_INTERVAL_MS - Date.now();
    if (wait > 0) await sleep(wait);
    lastCall = Date.now();
    return call();
  };

  const results: AccountExport[] = [];
  for (const [account, states] of await statesToExport(o.store, o)) {
    let region = '';
    let imported = 0;
    let archived = 0;
    let unchanged = 0;
    let skipped = 0;
    const failed: ImportFailure[] = [];
    try {
      const target = await o.targetFor(account);
      region = target.region;
      const sink = securityHubSink(region);
      const plan = planExport(states, await o.exported.load(account, sink), region, clock());
      unchanged = plan.unchanged;
      skipped = plan.skipped;
      for (const batch of batches(plan.send)) {
        const response = await paced(() =>
          // AsffFinding is the ASFF JSON; the SDK's type is the same shape with every field optional and mutable.
          target.client.send(new BatchImportFindingsCommand({ Findings: batch.map((p) => p.finding as unknown as AwsSecurityFinding) })),
        );
        const refused = new Map((response.FailedFindings ?? []).map((f) => [f.Id ?? '', f]));
        for (const f of refused.values()) failed.push({ id: f.Id ?? '', code: f.ErrorCode ?? 'Unknown', message: f.ErrorMessage ?? '' });
        const accepted = batch.filter((p) => !refused.has(p.finding.Id));
        await o.exported.saveAll(sink, accepted.map((p) => p.record));
        imported += accepted.length;
        archived += accepted.filter((p) => p.archived).length;
      }
      results.push({ account, region, productArn: productArn(region, account), imported, archived, unchanged, skipped, failed });
    } catch (error) {
      const e = error as Error;
      results.push({
        account,
        region,
        productArn: region ? productArn(region, account) : '',
        imported,
        archived,
        unchanged,
        skipped,
        failed,
        error: `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(error)}`,
      });
    }
  }
  return { accounts: results };
}

/** A Security Hub client for `region` (or the SDK's Region setting), with adaptive retry. */
export function securityHubClient(region?: string): SecurityHubClient {
  return new SecurityHubClient({ ...SECURITY_HUB_RETRY, ...(region ? { region } : {}) });
}

/** The region a client resolved (explicit, AWS_REGION, the profile's); a clear error when none is set. */
export async function clientRegion(client: SecurityHubClient): Promise<string> {
  try {
    return await client.config.region();
  } catch {
    throw new MissingRegionError();
  }
}

export class MissingRegionError extends Error {
  override name = 'MissingRegionError';
  constructor() {
    super('no AWS Region configured for Security Hub (the ProductArn names it): set AWS_REGION or a profile region');
  }
}

/** The usual target: one client, the caller's own credentials, for every account (one-account deployments). */
export function sameAccountTarget(client: SecurityHubClient): TargetFor {
  let region: Promise<string> | undefined;
  return async () => {
    region ??= clientRegion(client);
    return { client, region: await region };
  };
}

/** True when an export left something undone (a refused finding, an account that could not be exported). */
export function exportIncomplete(result: SecurityHubExportResult): boolean {
  return result.accounts.some((a) => a.error !== undefined || a.failed.length > 0);
}

/** One line per problem, for logs and the CLI. */
export function exportProblems(result: SecurityHubExportResult): string[] {
  return result.accounts.flatMap((a) => [
    ...(a.error ? [`Security Hub export of ${a.account} failed: ${a.error}`] : []),
    ...a.failed.map((f) => `Security Hub refused finding ${f.id} of ${a.account} (${f.code}: ${f.message})`),
  ]);
}

/**
 * What re-evaluations after CloudTrail events may have changed: the
 * resources they looked at, in their accounts. Null when none applied
 * anything (nothing new to export).
 */
export function scopeOfReevaluations(
  reevaluations: readonly { readonly entity: { readonly arn: string }; readonly evaluation?: { readonly account: string; readonly scope?: { readonly resources: readonly string[] } }; readonly applied?: unknown }[],
): ExportScope | null {
  const done = reevaluations.filter((r) => r.evaluation && r.applied);
  if (done.length === 0) return null;
  return {
    accounts: [...new Set(done.map((r) => r.evaluation!.account))],
    resources: [...new Set(done.flatMap((r) => r.evaluation!.scope?.resources ?? [r.entity.arn]))],
  };
}
