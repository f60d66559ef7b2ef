/**
 * The burst rules' DynamoDB backend on DynamoDB Local: events spread over
 * many "invocations" (one counter call each, some at once), redelivered,
 * in any order, give the bursts the in-memory backend gives, each once.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, type Config } from '../../shared/config/schema.js';
import { burstEventOf, isBurstRule, MemoryBurstCounter, type BurstRule } from '../../shared/detections/burst/counter.js';
import type { BurstEvent } from '../../shared/detections/burst/types.js';
import { DETECTION_RULES } from '../../shared/detections/index.js';
import type { CloudTrailRecord } from '../../shared/detections/record.js';
import type { Detection } from '../../shared/model.js';
import { burstKey, DynamoBurstCounter } from '../../shared/store/burst-state.js';
import { at, deniedCall, failedConsoleLogin, iamUser } from '../detections/records.js';
import { freshStore, type TestStore } from './harness.js';

const config = makeConfig({ loginFailures: { count: 3, windowMinutes: 10 }, spraying: { users: 4, windowMinutes: 30 }, accessDenied: { count: 5, windowMinutes: 5 } });
const BURST_RULES = DETECTION_RULES.filter(isBurstRule) as BurstRule[];

function burstEvents(records: readonly CloudTrailRecord[], cfg: Config = config): BurstEvent[] {
  return records.flatMap((r) => BURST_RULES.flatMap((rule) => burstEventOf(rule, r, cfg) ?? []));
}

/** The distinct detections reported over all calls, as the detection store keeps them (one per eventId and rule). */
const distinct = (detections: readonly Detection[]) => [...new Map(detections.map((d) => [`${d.ruleId} ${d.eventId}`, d])).values()].sort((a, b) => (a.eventId < b.eventId ? -1 : 1));

/** One invocation's counting, as the detections it reports. */
async function countWith(counter: DynamoBurstCounter, records: readonly CloudTrailRecord[], cfg: Config): Promise<Detection[]> {
  return (await counter.count(burstEvents(records, cfg), cfg)).map((b) => b.detection);
}

let table: TestStore;
let counter: DynamoBurstCounter;
beforeAll(async () => {
  table = await freshStore('bursts');
  counter = new DynamoBurstCounter({ client: table.store.client, tableName: table.tableName, settleMs: 100 });
});
afterAll(() => table.store.close());

/** A brute force on quinn, a spray from one address, and a probing key, in eventTime order. */
function story(): CloudTrailRecord[] {
  return [
    failedConsoleLogin('quinn', at(0)),
    failedConsoleLogin('quinn', at(2)),
    failedConsoleLogin('quinn', at(5)),
    failedConsoleLogin('quinn', at(7)),
    failedConsoleLogin('sam', at(20)),
    ...['taylor', 'uma', 'victor', 'wendy', 'xavier'].map((name, i) => failedConsoleLogin(name, at(60 + i * 4), '203.0.113.200')),
    ...Array.from({ length: 7 }, (_, i) => deniedCall('iam.amazonaws.com', 'ListUsers', at(120 + i * 0.2), iamUser('legacy-uploader'))),
  ];
}

describe('DynamoBurstCounter (DynamoDB Local)', () => {
  it('finds the bursts of events spread one per invocation, with redeliveries, as the in-memory counter finds them in one call', async () => {
    const records = story();
    const expected = new MemoryBurstCounter().countNow(burstEvents(records, config), config).map((b) => b.detection);
    expect(expected.map((d) => d.ruleId).sort()).toEqual(['access-denied-burst', 'console-login-failures', 'password-spraying']);

    const reported: Detection[] = [];
    for (const r of records) reported.push(...(await countWith(counter, [r], config)));
    // EventBridge delivers some of them again, later.
    for (const r of [records[1], records[2], records[8], records[12]]) reported.push(...(await countWith(counter, [r], config)));
    expect(distinct(reported)).toEqual(distinct(expected));
    // Redelivered events of a firing window report their burst again (the store keeps one); nothing new fires.
    expect(reported.filter((d) => d.ruleId === 'console-login-failures').map((d) => d.eventId)).toEqual(Array(3).fill(records[2].eventID));
  });

  it('keeps one item per rule, account and key, with a TTL, using only Query and PutItem', async () => {
    const { Items } = await table.store.client.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': burstKey.pk('111122223333') } }),
    );
    expect((Items ?? []).map((i) => i.sk).sort()).toEqual([
      'access-denied-burst#arn:aws:iam::111122223333:user/legacy-uploader',
      'console-login-failures#user/quinn',
      'console-login-failures#user/sam',
      ...['taylor', 'uma', 'victor', 'wendy', 'xavier'].map((name) => `console-login-failures#user/${name}`),
      'password-spraying#192.0.2.10',
      'password-spraying#203.0.113.200',
    ]);
    for (const item of Items ?? []) expect(item.expiresAt).toBeGreaterThan(Date.parse(at(0)) / 1000);
    expect(new Set(table.commands)).toEqual(new Set(['QueryCommand', 'PutItemCommand']));
  });

  it('many invocations at once lose no event and fire the burst once', async () => {
    const cfg = makeConfig({ accessDenied: { count: 5, windowMinutes: 5 } });
    const identity = { ...iamUser('probe'), arn: 'arn:aws:iam::111122223333:user/probe-concurrent' };
    const records = Array.from({ length: 12 }, (_, i) => deniedCall('s3.amazonaws.com', 'ListBuckets', at(200 + i * 0.1), identity));
    const reported = (await Promise.all([...records, ...records.slice(0, 4)].map((r) => countWith(counter, [r], cfg)))).flat();
    // Which of the later events the burst is reported with depends on which invocations had counted theirs when it was decided.
    const fired = distinct(reported).map((d) => d.eventId);
    expect(fired).toHaveLength(1);
    expect(records.slice(4).map((r) => r.eventID)).toContain(fired[0]);
    // Every event was counted: a later call sees the whole run as one quiet burst.
    const later = await countWith(counter, [deniedCall('s3.amazonaws.com', 'ListBuckets', at(200 + 12 * 0.1), identity)], cfg);
    expect(later).toEqual([]);
  });

  it('the invocation that would fire waits for the others of the burst counted meanwhile, then fires with the Nth event by eventTime', async () => {
    const cfg = makeConfig({ accessDenied: { count: 3, windowMinutes: 5 } });
    const identity = { ...iamUser('probe'), arn: 'arn:aws:iam::111122223333:user/probe-settle' };
    const [first, second, third, fourth] = [0, 1, 2, 3].map((s) => deniedCall('s3.amazonaws.com', 'ListBuckets', at(400 + s / 60), identity));
    let meanwhile: Promise<Detection[]> | undefined;
    const waiting = new DynamoBurstCounter({
      client: table.store.client,
      tableName: table.tableName,
      settleMs: 1,
      // While it waits, the invocation of the second event, delivered last, counts it.
      wait: async () => {
        meanwhile ??= countWith(counter, [second], cfg);
        await meanwhile;
      },
    });
    await countWith(counter, [first], cfg);
    const decided = await countWith(waiting, [third, fourth], cfg);
    // Without the wait it would have fired on the fourth (first, third, fourth); with it, on the third, as one call over all four does.
    expect(decided.map((d) => d.eventId)).toEqual([third.eventID]);
    // The other invocation decided the same burst (the detection store keeps it once).
    expect((await meanwhile!).map((d) => d.eventId)).toEqual([third.eventID]);
    expect(new MemoryBurstCounter().countNow(burstEvents([first, second, third, fourth], cfg), cfg).map((b) => b.detection).map((d) => d.eventId)).toEqual([third.eventID]);
  });

  it('an invocation that dies after counting is retried: the redelivery reports the burst it fired', async () => {
    const records = [0, 1, 2].map((m) => failedConsoleLogin('rita', at(300 + m)));
    await countWith(counter, records.slice(0, 2), config);
    const firing = await countWith(counter, [records[2]], config);
    expect(firing.map((d) => d.eventId)).toEqual([records[2].eventID]);
    // Say the detection was never stored: the retry of the same event reports it again.
    expect((await countWith(counter, [records[2]], config)).map((d) => d.eventId)).toEqual([records[2].eventID]);
  });

  it('gives what the in-memory counter gives for the same invocations, in any order (property, DynamoDB Local)', async () => {
    let run = 0;
    // One call after another here: the wait before firing only matters for calls running at once.
    const sequential = new DynamoBurstCounter({ client: table.store.client, tableName: table.tableName, settleMs: 0 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ user: fc.constantFrom('ana', 'ben', 'cy', 'dee'), ip: fc.constantFrom('198.51.100.1', '198.51.100.2'), minute: fc.integer({ min: 0, max: 90 }) }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 25, maxLength: 25 }),
        fc.nat(),
        async (raw, sizes, seed) => {
          const account = `9${String(++run).padStart(11, '0')}`;
          const records = raw.map((r) => ({ ...failedConsoleLogin(r.user, at(r.minute), r.ip), recipientAccountId: account }) as CloudTrailRecord);
          // Arrival order: a rotation of the records, with one redelivered at the end.
          const order = [...records.slice(seed % records.length), ...records.slice(0, seed % records.length), records[seed % records.length]];
          const batches: CloudTrailRecord[][] = [];
          for (let i = 0, s = 0; i < order.length; s++) {
            batches.push(order.slice(i, i + sizes[s]));
            i += sizes[s];
          }
          const memory = new MemoryBurstCounter();
          const inMemory: Detection[] = [];
          const inTable: Detection[] = [];
          for (const batch of batches) {
            inMemory.push(...memory.countNow(burstEvents(batch), config).map((b) => b.detection));
            inTable.push(...(await countWith(sequential, batch, config)));
          }
          expect(inTable).toEqual(inMemory);
        },
      ),
      { numRuns: 15 },
    );
  });
});
