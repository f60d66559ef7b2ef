/**
 * Reading the one table: every read is a Query on one partition of the
 * table or of an index (never a Scan), all pages of it.
 */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Item } from './items.js';
import { INDEX, KEY } from './table.js';

export type IndexSpec = (typeof INDEX)[keyof typeof INDEX];

export interface KeyRange {
  readonly prefix?: string;
  readonly window?: { readonly low: string; readonly high: string };
}

export class TableReader {
  constructor(
    readonly client: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /**
   * Every item of one partition of the table (index null) or of an index,
   * optionally narrowed to a sort-key prefix or an inclusive window.
   */
  async partition(index: IndexSpec | null, partition: string, range: KeyRange = {}, options: { consistent?: boolean } = {}): Promise<Item[]> {
    // Key conditions cannot compare with an empty string: an open lower bound is a plain "<=".
    const condition = range.prefix
      ? ' AND begins_with(#sk, :prefix)'
      : range.window
        ? range.window.low === ''
          ? ' AND #sk <= :high'
          : ' AND #sk BETWEEN :low AND :high'
        : '';
    return this.query({
      ...(index ? { IndexName: index.name } : {}),
      KeyConditionExpression: `#pk = :pk${condition}`,
      ExpressionAttributeNames: { '#pk': index?.partition ?? KEY.partition, ...(condition ? { '#sk': index?.sort ?? KEY.sort } : {}) },
      ExpressionAttributeValues: {
        ':pk': partition,
        ...(range.prefix ? { ':prefix': range.prefix } : {}),
        ...(range.window ? { ':high': range.window.high, ...(range.window.low === '' ? {} : { ':low': range.window.low }) } : {}),
      },
      // Only the table offers strongly consistent reads.
      ...(options.consistent && !index ? { ConsistentRead: true } : {}),
    });
  }

  /** One item by its key, read consistently (a Query on its partition and sort key); undefined when absent. */
  async item(pk: string, sk: string): Promise<Item | undefined> {
    const items = await this.query({
      KeyConditionExpression: '#pk = :pk AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
      ExpressionAttributeValues: { ':pk': pk, ':sk': sk },
      ConsistentRead: true,
    });
    return items[0];
  }

  /** Every page of a Query. */
  async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...input, TableName: this.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
      items.push(...((page.Items ?? []) as Item[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async count(input: Omit<QueryCommandInput, 'TableName' | 'Select'>): Promise<number> {
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, Select: 'COUNT', ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      total += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return total;
  }
}
