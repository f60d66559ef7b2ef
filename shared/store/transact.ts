/**
 * Writes groups of items that must land together: a group of one is a
 * single conditional write, larger groups go in TransactWriteItems chunked
 * to DynamoDB's limits. A failed condition either means the group lost a
 * race (the caller re-reads and re-applies), that one write was already
 * done by an earlier or concurrent run (it is left out and the rest
 * retried), or, for the fence (a condition check on the writer's lease that
 * rides in every transaction of a fenced write), that the writer's lease was
 * taken over: then nothing more may be written.
 */
import { PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from './items.js';

export type WriteKind = 'state' | 'history' | 'notification' | 'detection' | 'run' | 'account' | 'journal' | 'lease';

export interface Condition {
  readonly expression: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

export interface WriteOp {
  readonly kind: WriteKind;
  /** Put this item (key included), */
  readonly item?: Item;
  /** or update the item with this key, */
  readonly update?: { readonly key: Item; readonly expression: string; readonly names?: Record<string, string>; readonly values?: Record<string, unknown> };
  /** or only check the condition on the item with this key. */
  readonly check?: { readonly key: Item };
  readonly condition?: Condition;
  /** A failed condition means: the whole group lost a race ('conflict'), this write is already done ('skip'), or the writer lost its lease ('fence'). */
  readonly onConditionFailed: 'conflict' | 'skip' | 'fence';
}

export interface WriteGroup<T> {
  readonly tag: T;
  readonly ops: readonly WriteOp[];
}

export interface WriteOutcome<T> {
  /** Groups written, with the ops that were actually written (skipped ones left out). */
  readonly committed: WriteGroup<T>[];
  /** Tags of groups that lost a race. */
  readonly conflicted: T[];
}

/** The writer's lease was taken over (its fence failed): whoever holds it now finishes the work. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/** A write that had to be atomic lost a race: the caller re-reads and decides again. */
export class AtomicConflictError extends Error {
  override name = 'AtomicConflictError';
}

/** DynamoDB's TransactWriteItems limits: 100 actions and 4 MB; sizes here are estimates, so keep a margin. */
export const MAX_TRANSACTION_ITEMS = 100;
const MAX_TRANSACTION_BYTES = 3_500_000;
/** Rounds of retrying a chunk after transient cancellations (TransactionConflict, throttling). */
const MAX_TRANSIENT_ROUNDS = 8;
const PARALLEL_PUTS = 16;
const PARALLEL_TRANSACTIONS = 4;

const TRANSIENT_CODES = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

export const approximateSize = (op: WriteOp) =>
  JSON.stringify(op.item ?? op.update ?? op.check, (_k, v) => (v instanceof Set ? [...v] : v)).length + 64;

/** Whether `ops` (plus a fence, when given) fit in one transaction. */
export function fitsOneTransaction(ops: readonly WriteOp[], fenced: boolean): boolean {
  const items = ops.length + (fenced ? 1 : 0);
  return items <= MAX_TRANSACTION_ITEMS && ops.reduce((sum, op) => sum + approximateSize(op), 0) <= MAX_TRANSACTION_BYTES;
}

/** Packs whole groups into chunks within the transaction limits, leaving `reserved` items free in each. */
export function chunkGroups<T>(groups: readonly WriteGroup<T>[], reserved = 0): WriteGroup<T>[][] {
  const maxItems = MAX_TRANSACTION_ITEMS - reserved;
  const chunks: WriteGroup<T>[][] = [];
  let current: WriteGroup<T>[] = [];
  let items = 0;
  let bytes = 0;
  for (const group of groups) {
    const size = group.ops.reduce((sum, op) => sum + approximateSize(op), 0);
    if (group.ops.length > maxItems || size > MAX_TRANSACTION_BYTES) {
      throw new RangeError(`a write group of ${group.ops.length} items (${size} bytes) exceeds one DynamoDB transaction`);
    }
    if (current.length > 0 && (items + group.ops.length > maxItems || bytes + size > MAX_TRANSACTION_BYTES)) {
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

function expressionParts(op: WriteOp) {
  const names = { ...op.update?.names, ...op.condition?.names };
  const values = { ...op.update?.values, ...op.condition?.values };
  return {
    ...(op.condition ? { ConditionExpression: op.condition.expression } : {}),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
  };
}

/** The op as one TransactItems entry. */
function transactItem(tableName: string, op: WriteOp) {
  if (op.update) return { Update: { TableName: tableName, Key: op.update.key, UpdateExpression: op.update.expression, ...expressionParts(op) } };
  if (op.check) {
    if (!op.condition) throw new Error('a condition check needs a condition');
    return { ConditionCheck: { TableName: tableName, Key: op.check.key, ...expressionParts(op), ConditionExpression: op.condition.expression } };
  }
  return { Put: { TableName: tableName, Item: op.item, ...expressionParts(op) } };
}

/** A lone update or put needs no transaction. */
function singleUpdate(tableName: string, op: WriteOp): UpdateCommand {
  return new UpdateCommand({ TableName: tableName, Key: op.update!.key, UpdateExpression: op.update!.expression, ...expressionParts(op) });
}

function singlePut(tableName: string, op: WriteOp): PutCommand {
  return new PutCommand({ TableName: tableName, Item: op.item, ...expressionParts(op) });
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

export interface WriteOptions {
  /** A condition check on the writer's lease, added to every transaction; its failure throws LeaseLostError. */
  readonly fence?: WriteOp;
}

export class GroupWriter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Told of every op actually written (write counts). */
    private readonly onWritten: (ops: readonly WriteOp[]) => void,
  ) {}

  /**
   * Writes independent groups, each atomically. Fenced writes go one
   * transaction at a time: transactions that check one lease item at once
   * would only cancel each other.
   */
  async write<T>(groups: readonly WriteGroup<T>[], options: WriteOptions = {}): Promise<WriteOutcome<T>> {
    const { fence } = options;
    const singles = fence ? [] : groups.filter((g) => g.ops.length === 1).map((g) => [g]);
    const chunks = chunkGroups(
      groups.filter((g) => fence || g.ops.length > 1),
      fence ? 1 : 0,
    );
    const outcomes = (
      await Promise.all([
        mapLimit(singles, PARALLEL_PUTS, (chunk) => this.writeChunk(chunk, fence)),
        mapLimit(chunks, fence ? 1 : PARALLEL_TRANSACTIONS, (chunk) => this.writeChunk(chunk, fence)),
      ])
    ).flat();
    return { committed: outcomes.flatMap((o) => o.committed), conflicted: outcomes.flatMap((o) => o.conflicted) };
  }

  /**
   * Writes `ops` in one transaction, all or nothing: an op already done
   * ('skip') is left out and the rest retried together; a lost race throws
   * AtomicConflictError, a lost lease LeaseLostError. Returns the ops written.
   */
  async writeAtomic(ops: readonly WriteOp[], options: WriteOptions = {}): Promise<WriteOp[]> {
    // Nothing but the fence (e.g. clearing what the lease records): it is the write.
    if (ops.length === 0) return options.fence ? this.writeAtomic([options.fence]) : [];
    if (!fitsOneTransaction(ops, Boolean(options.fence))) throw new RangeError(`${ops.length} writes do not fit one DynamoDB transaction`);
    const outcome = await this.writeChunk([{ tag: 'unit', ops }], options.fence);
    if (outcome.conflicted.length > 0) throw new AtomicConflictError('another run changed what this run read');
    return outcome.committed.flatMap((g) => [...g.ops]);
  }

  /** Writes one chunk atomically; on cancellation drops what lost or was already done and retries the rest. */
  private async writeChunk<T>(chunk: readonly WriteGroup<T>[], fence: WriteOp | undefined): Promise<WriteOutcome<T>> {
    const committed: WriteGroup<T>[] = [];
    const conflicted: T[] = [];
    let pending = [...chunk];
    for (let round = 0; ; round++) {
      // A group whose every write was already done needs nothing more.
      committed.push(...pending.filter((g) => g.ops.length === 0));
      pending = pending.filter((g) => g.ops.length > 0);
      if (pending.length === 0) return { committed, conflicted };
      const ops = pending.flatMap((g) => g.ops);
      const all = fence ? [...ops, fence] : ops;
      try {
        if (all.length === 1 && all[0].update) await this.client.send(singleUpdate(this.tableName, all[0]));
        else if (all.length === 1 && !all[0].check) await this.client.send(singlePut(this.tableName, all[0]));
        else await this.client.send(new TransactWriteCommand({ TransactItems: all.map((op) => transactItem(this.tableName, op)) }));
        this.onWritten(ops);
        committed.push(...pending);
        return { committed, conflicted };
      } catch (error) {
        const codes = cancellationCodes(error, all.length);
        const unexpected = codes.find((c) => c !== 'None' && c !== 'ConditionalCheckFailed' && !TRANSIENT_CODES.has(c));
        if (unexpected) throw error;
        if (all.some((op, i) => op.onConditionFailed === 'fence' && codes[i] === 'ConditionalCheckFailed')) {
          throw new LeaseLostError('the lease this write depended on was taken over by another run');
        }
        const transient = codes.some((c) => TRANSIENT_CODES.has(c));
        let offset = 0;
        let progressed = false;
        const next: WriteGroup<T>[] = [];
        for (const group of pending) {
          const failed = group.ops.map((_op, i) => codes[offset + i] === 'ConditionalCheckFailed');
          offset += group.ops.length;
          if (group.ops.some((op, i) => failed[i] && op.onConditionFailed !== 'skip')) {
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
