/**
 * What the store keeps about each account of an organization, beside its
 * findings: its name and OU (from Organizations, so the report, `findings`
 * and `history` can select by them), when it was last audited, and the
 * audits that failed (the account could not be read), with how many in a
 * row, which the hub's alarm watches.
 *
 * One item per account (pk ORGACCOUNT, sk <acct>), apart from the ACCOUNT
 * item (alias), which every run writes whole. Updates are conditional on
 * time, so a retried or replayed run changes nothing twice and an older
 * outcome never overwrites a newer one.
 */
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from './items.js';
import { isoKey } from './keys.js';

export const orgAccountKey = { pk: 'ORGACCOUNT', sk: (account: string) => account };

/** Where an account sits in the organization. */
export interface AccountPlacement {
  readonly name: string | null;
  readonly ouId: string | null;
  readonly ouName: string | null;
}

export interface AccountRecord extends AccountPlacement {
  readonly account: string;
  /** Evaluation time of the latest audit that read the account. */
  readonly lastAuditAt: string | null;
  /** Evaluation time of the latest audit that could not read it, and why. */
  readonly lastFailedAt: string | null;
  readonly lastFailureReason: string | null;
  /** Audits that failed, in all. */
  readonly failedAudits: number;
  /** Audits that failed since the last one that succeeded. */
  readonly consecutiveFailures: number;
}

export type AuditOutcome =
  | ({ readonly at: string; readonly status: 'scanned' } & Partial<AccountPlacement>)
  | ({ readonly at: string; readonly status: 'failed'; readonly reason: string } & Partial<AccountPlacement>);

export function accountRecordFromItem(item: Item): AccountRecord {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    account: String(item.account ?? item.sk),
    name: text(item.name),
    ouId: text(item.ouId),
    ouName: text(item.ouName),
    lastAuditAt: text(item.lastAuditAt),
    lastFailedAt: text(item.lastFailedAt),
    lastFailureReason: text(item.lastFailureReason),
    failedAudits: Number(item.failedAudits ?? 0),
    consecutiveFailures: Number(item.consecutiveFailures ?? 0),
  };
}

/** Stored failure reasons are one line and bounded: an SDK message can be long, and never carries a secret. */
const reasonText = (reason: string) => reason.replace(/\s+/g, ' ').trim().slice(0, 500);

/**
 * Records an audit's outcome for the account (and its name and OU, when
 * given). Idempotent: the same outcome again, or an outcome older than the
 * latest recorded, changes nothing but the placement.
 */
export async function recordAuditOutcome(client: DynamoDBDocumentClient, tableName: string, account: string, outcome: AuditOutcome): Promise<AccountRecord> {
  const Key = { pk: orgAccountKey.pk, sk: orgAccountKey.sk(account) };
  const placement = placementUpdate(account, outcome);
  const at = isoKey(outcome.at);
  const newer = '(attribute_not_exists(lastAuditAt) OR lastAuditAt < :at) AND (attribute_not_exists(lastFailedAt) OR lastFailedAt < :at)';
  const status =
    outcome.status === 'scanned'
      ? { set: ['lastAuditAt = :at', 'consecutiveFailures = :zero'], add: [], values: { ':zero': 0 } }
      : {
          set: ['lastFailedAt = :at', 'lastFailureReason = :reason'],
          add: ['failedAudits :one', 'consecutiveFailures :one'],
          values: { ':reason': reasonText(outcome.reason), ':one': 1 },
        };
  try {
    const result = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key,
        UpdateExpression: `SET ${[...placement.set, ...status.set].join(', ')}${status.add.length ? ` ADD ${status.add.join(', ')}` : ''}`,
        ConditionExpression: newer,
        ExpressionAttributeNames: placement.names,
        ExpressionAttributeValues: { ...placement.values, ...status.values, ':at': at },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return accountRecordFromItem(result.Attributes ?? {});
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    // Already recorded (a retry), or older than what is: keep the placement current all the same.
    const result = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key,
        UpdateExpression: `SET ${placement.set.join(', ')}`,
        ExpressionAttributeNames: placement.names,
        ExpressionAttributeValues: placement.values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return accountRecordFromItem(result.Attributes ?? {});
  }
}

function placementUpdate(account: string, p: Partial<AccountPlacement>): { set: string[]; names: Record<string, string>; values: Record<string, unknown> } {
  const set = ['#type = :type', '#account = :account'];
  const names: Record<string, string> = { '#type': 'type', '#account': 'account' };
  const values: Record<string, unknown> = { ':type': 'org-account', ':account': account };
  for (const field of ['name', 'ouId', 'ouName'] as const) {
    const value = p[field];
    if (value === undefined || value === null) continue;
    set.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = value;
  }
  return { set, names, values };
}

/** Every account recorded with organization facts (an account never audited as part of one has none). */
export async function listAccountRecords(client: DynamoDBDocumentClient, tableName: string): Promise<AccountRecord[]> {
  const records: AccountRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': orgAccountKey.pk },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    records.push(...(page.Items ?? []).map(accountRecordFromItem));
    start = page.LastEvaluatedKey;
  } while (start);
  return records;
}
