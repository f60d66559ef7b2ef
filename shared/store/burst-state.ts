/**
 * The burst rules' counts in the findings table, for the deployed function:
 * each invocation sees one event, so what a burst is made of has to outlive
 * it. The counting itself is shared/detections/burst/window.ts, the same
 * code the in-memory backend runs; this file only keeps its state.
 *
 * One item per rule, account and key (a user name, a source IP, an identity
 * ARN), in the table's conventions (shared/store/table.ts, keys.ts):
 *
 * | item        | pk              | sk               | attributes                                     |
 * | ----------- | --------------- | ---------------- | ---------------------------------------------- |
 * | burst state | BURST#<acct>    | <ruleId>#<key>   | state (JSON), version, expiresAt (TTL)         |
 *
 * The state holds the key's counting events of its recent windows and the
 * bursts that fired (bounded by construction, see window.ts). Every write is
 * conditional on the version read, so two invocations counting at once never
 * lose each other's events: the loser reads again and counts again, and an
 * eventId already in the state counts nothing. A burst is recorded in the
 * same write as the event that made it fire, so it fires once however its
 * events are spread over invocations and redeliveries; a redelivery of one of
 * its events reports it again, for the detection store (one row per eventId
 * and rule) to keep once. The item expires (DynamoDB TTL) once nothing
 * happened for longer than an event may arrive late.
 *
 * Only Query, PutItem (and the table's other calls) are used: the functions'
 * role allows nothing more on the table.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from '../schema.js';
import type { Config } from '../config/schema.js';
import { burstDetection, countedEvent, groupByKey, type BurstCounter, type BurstDetection, type BurstRule, windowParams } from '../detections/burst/counter.js';
import type { BurstEvent, BurstEventData } from '../detections/burst/types.js';
import { advance, emptyWindowState, type WindowState } from '../detections/burst/window.js';
import { DETECTION_RULES_BY_ID } from '../detections/index.js';
import { KEY, TTL_ATTRIBUTE } from './table.js';

export const burstKey = {
  pk: (account: string) => `BURST#${account}`,
  sk: (ruleId: string, key: string) => `${ruleId}#${key}`,
};

const dataSchema = z.strictObject({
  eventName: z.string(),
  eventTime: z.string(),
  actor: z.string(),
  sourceIp: z.nullable(z.string()),
  resource: z.nullable(z.string()),
  subject: z.string(),
});

const stateSchema = z.strictObject({
  newest: z.nullable(z.number()),
  events: z.array(z.strictObject({ id: z.string(), at: z.number(), member: z.optional(z.string()), data: dataSchema })),
  bursts: z.array(z.strictObject({ id: z.string(), at: z.number(), from: z.number(), through: z.number(), count: z.number(), data: dataSchema })),
});

/** The stored state failed validation: someone else's item, or a format this version does not know. */
export class BurstStateError extends Error {
  override name = 'BurstStateError';
}

export interface DynamoBurstCounterOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Read-count-write rounds against concurrent invocations before giving up (the invocation then fails and is retried). */
  readonly maxAttempts?: number;
  /**
   * How long an invocation whose events would fire a burst waits, after
   * counting them, before it decides (default 3 s): the events of one burst
   * reach concurrent invocations within moments of each other, and the
   * decision is then made over all of them, as one call would.
   */
  readonly settleMs?: number;
  /** How to wait (tests run invocations in between). */
  readonly wait?: (ms: number) => Promise<unknown>;
}

interface Stored {
  readonly state: WindowState<BurstEventData>;
  /** 0: no item yet. */
  readonly version: number;
}

export const DEFAULT_SETTLE_MS = 3000;

const isConditionFailure = (e: unknown) => (e as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoBurstCounter implements BurstCounter {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly maxAttempts: number;
  private readonly settleMs: number;
  private readonly wait: (ms: number) => Promise<unknown>;

  constructor(options: DynamoBurstCounterOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.maxAttempts = options.maxAttempts ?? 12;
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.wait = options.wait ?? sleep;
  }

  async count(events: readonly BurstEvent[], config: Config): Promise<BurstDetection[]> {
    const perKey = await Promise.all(
      [...groupByKey(events).values()].map((group) => this.countKey(group.ruleId, group.account, group.key, group.events, config)),
    );
    return perKey.flat();
  }

  private async countKey(ruleId: string, account: string, key: string, events: readonly BurstEvent[], config: Config): Promise<BurstDetection[]> {
    const rule = DETECTION_RULES_BY_ID.get(ruleId) as BurstRule;
    const params = windowParams(rule, config);
    const itemKey = { [KEY.partition]: burstKey.pk(account), [KEY.sort]: burstKey.sk(ruleId, key) };
    const counted = events.map(countedEvent);
    const names = { ruleId, account, key };
    const keepMs = params.lateMs + params.windowMs;
    let settled = this.settleMs <= 0;
    for (let attempt = 1; ; attempt++) {
      const stored = await this.read(itemKey);
      const outcome = advance(stored.state, counted, params);
      try {
        if (outcome.fired.length > 0 && !settled) {
          // Count without firing, so concurrent invocations add their events of the same burst, then decide over all.
          const pending = advance(stored.state, counted, params, { fire: false });
          if (pending.changed) await this.write(itemKey, names, pending.state, stored.version, keepMs);
          await this.wait(this.settleMs);
          settled = true;
          continue;
        }
        if (outcome.changed) await this.write(itemKey, names, outcome.state, stored.version, keepMs);
      } catch (e) {
        if (!isConditionFailure(e) || attempt >= this.maxAttempts) throw e;
        // Another invocation counted into this key meanwhile: read its result and count again.
        await this.wait(Math.floor(Math.random() * 20 * attempt));
        continue;
      }
      return outcome.reported.map((burst) => ({ account, detection: burstDetection(ruleId, burst, config) }));
    }
  }

  private async read(itemKey: Record<string, string>): Promise<Stored> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND #sk = :sk',
        ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
        ExpressionAttributeValues: { ':pk': itemKey[KEY.partition], ':sk': itemKey[KEY.sort] },
        ConsistentRead: true,
      }),
    );
    const item = Items?.[0];
    if (!item) return { state: emptyWindowState(), version: 0 };
    let parsed: ReturnType<typeof stateSchema.safeParse> | undefined;
    try {
      parsed = typeof item.state === 'string' ? stateSchema.safeParse(JSON.parse(item.state)) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success || typeof item.version !== 'number') {
      throw new BurstStateError(`burst state ${itemKey[KEY.partition]} / ${itemKey[KEY.sort]} in table ${this.tableName} is not one this version wrote`);
    }
    return { state: parsed.data, version: item.version };
  }

  private async write(
    itemKey: Record<string, string>,
    names: { ruleId: string; account: string; key: string },
    state: WindowState<BurstEventData>,
    version: number,
    keepMs: number,
  ): Promise<void> {
    // Kept an hour past the last moment an event could still join it.
    const expires = Math.ceil(((state.newest ?? 0) + keepMs) / 1000) + 3600;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...itemKey, ...names, state: JSON.stringify(state), version: version + 1, [TTL_ATTRIBUTE]: expires },
        ...(version === 0
          ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': KEY.partition } }
          : { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':version': version } }),
      }),
    );
  }
}
