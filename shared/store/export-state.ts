/**
 * What was last exported of each finding to an outside sink (Security Hub
 * in a region), so an export sends only what changed since. One item per
 * finding and sink, in the findings table, beside the finding's state:
 *
 * | item          | pk                        | sk                               | indexes |
 * | ------------- | ------------------------- | -------------------------------- | ------- |
 * | export state  | EXPORT#<acct>#<sink>      | <resource>#<checkId>#<qualifier> | none    |
 *
 * `<sink>` names the destination, e.g. `securityhub:us-east-1`; the sort key
 * is the finding state's own (keys.ts stateKey.sk). The items carry no index
 * attribute, so they stay out of every index. Reads are one Query per
 * account and sink; writes are single PutItems conditional on not going
 * back in time, so a slower concurrent export never overwrites a newer one.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from './items.js';
import { stateKey } from './keys.js';
import { KEY } from './table.js';

export const exportKey = {
  pk: (account: string, sink: string) => `EXPORT#${account}#${sink}`,
  sk: stateKey.sk,
};

export interface ExportedState {
  readonly findingId: string;
  readonly account: string;
  readonly checkId: string;
  readonly resource: string;
  readonly qualifier?: string;
  /** Digest of what was sent, without the fields that move on every run. */
  readonly fingerprint: string;
  /** The UpdatedAt sent (ISO): exports only ever move it forward. */
  readonly updatedAt: string;
  /** Wall-clock time of the export. */
  readonly exportedAt: string;
}

export interface ExportStateStore {
  /** Everything exported of the account to `sink`, by findingId. */
  load(account: string, sink: string): Promise<Map<string, ExportedState>>;
  /** Records exports; a record with a later updatedAt already there is kept. */
  saveAll(sink: string, states: readonly ExportedState[]): Promise<void>;
}

const PARALLEL_PUTS = 16;

export class DynamoExportStateStore implements ExportStateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(account: string, sink: string): Promise<Map<string, ExportedState>> {
    const found = new Map<string, ExportedState>();
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': KEY.partition },
          ExpressionAttributeValues: { ':pk': exportKey.pk(account, sink) },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of (page.Items ?? []) as Item[]) {
        const state = exportedFromItem(item);
        found.set(state.findingId, state);
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  }

  private async save(sink: string, state: ExportedState): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: exportedItem(sink, state),
          ConditionExpression: 'attribute_not_exists(#pk) OR #updatedAt <= :updatedAt',
          ExpressionAttributeNames: { '#pk': KEY.partition, '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ':updatedAt': state.updatedAt },
        }),
      );
    } catch (error) {
      // A concurrent export recorded a newer state: that one stands.
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /** Saves many records, a bounded number at a time. */
  async saveAll(sink: string, states: readonly ExportedState[]): Promise<void> {
    for (let i = 0; i < states.length; i += PARALLEL_PUTS) {
      await Promise.all(states.slice(i, i + PARALLEL_PUTS).map((s) => this.save(sink, s)));
    }
  }
}

function exportedItem(sink: string, s: ExportedState): Item {
  return { pk: exportKey.pk(s.account, sink), sk: exportKey.sk(s.resource, s.checkId, s.qualifier), type: 'export', sink, ...s };
}

function exportedFromItem(item: Item): ExportedState {
  const i = item as unknown as ExportedState;
  return {
    findingId: i.findingId,
    account: i.account,
    checkId: i.checkId,
    resource: i.resource,
    ...(i.qualifier ? { qualifier: i.qualifier } : {}),
    fingerprint: i.fingerprint,
    updatedAt: i.updatedAt,
    exportedAt: i.exportedAt,
  };
}
