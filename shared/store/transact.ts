/**
 * Writes groups of puts that must land together: a group of one is a
 * conditional PutItem, larger groups go in TransactWriteItems chunked to
 * DynamoDB's limits. A failed condition either means the group lost a race
 * (the caller re-reads and re-applies) or that one put was already done by
 * an earlier or concurrent run (it is left out and the rest retried).
 */
import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from './items.js';

export type WriteKind = 'state' | 'history' | 'notification' | 'detection' | 'run' | 'account';

export interface WriteOp {
  readonly kind: WriteKind;
  readonly item: Item;
  readonly condition?: { readonly expression: string; readonly names?: Record<string, string>; readonly values?: Record<string, unknown> };
  /** A failed condition means: the whole group lost a race ('conflict'), or this put is already done ('skip'). */
  readonly onConditionFailed: 'conflict' | 'skip';
}

export interface WriteGroup<T> {
  readonly tag: T;
  readonly ops: readonly WriteOp[];
}

export interface WriteOutcome<T> {
  /** Groups written, with the ops that were actually put (skipped ones left out). */
  readonly committed: WriteGroup<T>[];
  /** Tags of groups that lost a race. */
  readonly conflicted: T[];
}

/** DynamoDB's TransactWriteItems limits: 100 actions and 4 MB; sizes here are estimates, so keep a margin. */
const MAX_TRANSACTION_ITEMS = 100;
const MAX_TRANSACTION_BYTES = 3_500_000;
/** Rounds of retrying a chunk after transient cancellations (TransactionConflict, throttling). */
const MAX_TRANSIENT_ROUNDS = 8;
const PARALLEL_PUTS = 16;
const PARALLEL_TRANSACTIONS = 4;

const TRANSIENT_CODES = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

const approximateSize = (op: WriteOp) => JSON.stringify(op.item, (_k, v) => (v instanceof Set ? [...v] : v)).length + 64;

/** Packs whole groups into chunks within the transaction limits. */
export function chunkGroups<T>(groups: readonly WriteGroup<T>[]): WriteGroup<T>[][] {
  const chunks: WriteGroup<T>[][] = [];
  let current: WriteGroup<T>[] = [];
  let items = 0;
  let bytes = 0;
  for (const group of groups) {
    const size = group.ops.reduce((sum, op) => sum + approximateSize(op), 0);
    if (group.ops.length > MAX_TRANSACTION_ITEMS || size > MAX_TRANSACTION_BYTES) {
      throw new RangeError(`a write group of ${group.ops.length} items (${size} bytes) exceeds one DynamoDB transaction`);
    }
    if (current.length > 0 && (items + group.ops.length > MAX_TRANSACTION_ITEMS || bytes + size > MAX_TRANSACTION_BYTES)) {
      chunks.push(current);
      current = [];
      items = 0;
      bytes = 0;
    }
    current.push(group);
    items += group.ops.length;
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function putInput(tableName: string, op: WriteOp) {
  return {
    TableName: tableName,
    Item: op.item,
    ...(op.condition
      ? {
          ConditionExpression: op.condition.expression,
          ...(op.condition.names ? { ExpressionAttributeNames: op.condition.names } : {}),
          ...(op.condition.values ? { ExpressionAttributeValues: op.condition.values } : {}),
        }
      : {}),
  };
}

async function mapLimit<I, O>(inputs: readonly I[], limit: number, fn: (input: I) => Promise<O>): Promise<O[]> {
  const results: O[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await fn(inputs[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
  return results;
}

const backoff = (round: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** round));

const errorName = (error: unknown) => (error as { name?: string } | null)?.name;

/** Cancellation codes per op of a failed write; rethrows anything that is not a cancellation. */
function cancellationCodes(error: unknown, opCount: number): string[] {
  if (opCount === 1 && errorName(error) === 'ConditionalCheckFailedException') return ['ConditionalCheckFailed'];
  if (errorName(error) !== 'TransactionCanceledException') throw error;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return Array.from({ length: opCount }, (_v, i) => reasons[i]?.Code ?? 'None');
}

export class GroupWriter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Told of every op actually written (write counts). */
    private readonly onWritten: (ops: readonly WriteOp[]) => void,
  ) {}

  async write<T>(groups: readonly WriteGroup<T>[]): Promise<WriteOutcome<T>> {
    const singles = groups.filter((g) => g.ops.length === 1).map((g) => [g]);
    const chunks = chunkGroups(groups.filter((g) => g.ops.length > 1));
    const outcomes = (
      await Promise.all([
        mapLimit(singles, PARALLEL_PUTS, (chunk) => this.writeChunk(chunk)),
        mapLimit(chunks, PARALLEL_TRANSACTIONS, (chunk) => this.writeChunk(chunk)),
      ])
    ).flat();
    return { committed: outcomes.flatMap((o) => o.committed), conflicted: outcomes.flatMap((o) => o.conflicted) };
  }

  /** Writes one chunk atomically; on cancellation drops what lost or was already done and retries the rest. */
  private async writeChunk<T>(chunk: readonly WriteGroup<T>[]): Promise<WriteOutcome<T>> {
    const committed: WriteGroup<T>[] = [];
    const conflicted: T[] = [];
    let pending = [...chunk];
    for (let round = 0; ; round++) {
      // A group whose every put was already done needs nothing more.
      committed.push(...pending.filter((g) => g.ops.length === 0));
      pending = pending.filter((g) => g.ops.length > 0);
      if (pending.length === 0) return { committed, conflicted };
      const ops = pending.flatMap((g) => g.ops);
      try {
        if (ops.length === 1) await this.client.send(new PutCommand(putInput(this.tableName, ops[0])));
        else await this.client.send(new TransactWriteCommand({ TransactItems: ops.map((op) => ({ Put: putInput(this.tableName, op) })) }));
        this.onWritten(ops);
        committed.push(...pending);
        return { committed, conflicted };
      } catch (error) {
        const codes = cancellationCodes(error, ops.length);
        const unexpected = codes.find((c) => c !== 'None' && c !== 'ConditionalCheckFailed' && !TRANSIENT_CODES.has(c));
        if (unexpected) throw error;
        const transient = codes.some((c) => TRANSIENT_CODES.has(c));
        let offset = 0;
        let progressed = false;
        const next: WriteGroup<T>[] = [];
        for (const group of pending) {
          const failed = group.ops.map((_op, i) => codes[offset + i] === 'ConditionalCheckFailed');
          offset += group.ops.length;
          if (group.ops.some((op, i) => failed[i] && op.onConditionFailed === 'conflict')) {
            conflicted.push(group.tag);
            progressed = true;
            continue;
          }
          if (failed.some(Boolean)) progressed = true;
          next.push({ tag: group.tag, ops: group.ops.filter((_op, i) => !failed[i]) });
        }
        if (!progressed && !transient) throw error;
        if (transient) {
          if (round >= MAX_TRANSIENT_ROUNDS) throw error;
          await backoff(round);
        }
        pending = next;
      }
    }
  }
}
