/**
 * The burst state machine against the catalog's definition, written here a
 * second time in the plainest way (sort everything, walk it once): for any
 * set of events, delivered in any order, duplicated, in one call or spread
 * over many, the machine must give what the definition gives (over many
 * calls: whenever no event arrives after a later one of its key fired).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advance, emptyWindowState, type CountedEvent, type WindowParams, type WindowState } from '../../shared/detections/burst/window.js';

const MINUTE = 60_000;
type Event = CountedEvent<null>;

const byTime = (a: Event, b: Event) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** catalog.md, literally: the fired events' ids with their counts, in time order. */
function reference(events: readonly Event[], p: WindowParams): [string, number][] {
  const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort(byTime);
  const fired: [string, number][] = [];
  let quietThrough: number | null = null;
  let fresh = 0;
  unique.forEach((e, i) => {
    if (quietThrough !== null) {
      if (e.at - quietThrough <= p.windowMs) {
        quietThrough = e.at;
        return;
      }
      quietThrough = null;
      fresh = i;
    }
    let start = i;
    while (start > fresh && unique[start - 1].at >= e.at - p.windowMs) start--;
    const window = unique.slice(start, i + 1);
    const size = p.distinct ? new Set(window.map((x) => x.member)).size : window.length;
    if (size >= p.threshold) {
      fired.push([e.id, size]);
      quietThrough = e.at;
    }
  });
  return fired;
}

/** Runs the machine over `batches`, one call each; the ids reported for the first time, in report order. */
function run(batches: readonly (readonly Event[])[], p: WindowParams): { fired: [string, number][]; straggled: boolean; state: WindowState<null> } {
  let state = emptyWindowState<null>();
  const fired: [string, number][] = [];
  const reported = new Set<string>();
  const seen = new Set<string>();
  let latestFiring = -Infinity;
  let straggled = false;
  for (const batch of batches) {
    // The condition under which spreading over calls changes nothing: no new event at or before a firing already made.
    if (batch.some((e) => !seen.has(e.id) && e.at <= latestFiring)) straggled = true;
    for (const e of batch) seen.add(e.id);
    const outcome = advance(state, batch, p);
    state = outcome.state;
    for (const b of outcome.fired) {
      latestFiring = Math.max(latestFiring, b.at);
      fired.push([b.id, b.count]);
    }
    for (const b of outcome.reported) reported.add(b.id);
  }
  expect(new Set(fired.map(([id]) => id)).size, 'a burst fires once').toBe(fired.length);
  for (const [id] of fired) expect(reported.has(id)).toBe(true);
  return { fired: [...fired].sort(), straggled, state };
}

const paramsArb = fc.record({
  threshold: fc.integer({ min: 1, max: 5 }),
  windowMs: fc.integer({ min: 1, max: 20 }).map((m) => m * MINUTE),
  distinct: fc.boolean(),
  lateMs: fc.constant(24 * 60 * MINUTE),
});

/** Up to 40 events within a few hours, on whole minutes (ties and exact-window gaps are common), some ids repeated. */
const eventsArb = fc
  .array(fc.record({ minute: fc.integer({ min: 0, max: 180 }), member: fc.constantFrom('ana', 'ben', 'cy', 'dee', 'eli', 'fay') }), { maxLength: 40 })
  .chain((raw) => {
    const events: Event[] = raw.map((r, i) => ({ id: `e${String(i).padStart(3, '0')}`, at: r.minute * MINUTE, member: r.member, data: null }));
    return fc.subarray(events).map((again) => [...events, ...again]);
  });

const shuffled = <T>(items: readonly T[]) => fc.shuffledSubarray(items as T[], { minLength: items.length, maxLength: items.length });

describe('burst window: the catalog definition, whatever the order', () => {
  it('one call with every event gives the definition, in any order, duplicates included', () => {
    fc.assert(
      fc.property(paramsArb, eventsArb.chain((events) => shuffled(events)), (p, events) => {
        const { fired } = run([events], p);
        expect(fired).toEqual([...reference(events, p)].sort());
      }),
      { numRuns: 400 },
    );
  });

  it('spread over many calls (one per invocation), it gives the definition unless an event arrived after a later one fired', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        paramsArb,
        eventsArb.chain((events) => shuffled(events)),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 40, maxLength: 40 }),
        (p, events, sizes) => {
          const batches: Event[][] = [];
          for (let i = 0, s = 0; i < events.length; i += sizes[s++ % sizes.length]) batches.push(events.slice(i, i + sizes[s % sizes.length]));
          const { fired, straggled } = run(batches, p);
          if (straggled) return;
          compared++;
          expect(fired).toEqual([...reference(events, p)].sort());
        },
      ),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(100);
  });

  it('events in time order, one per call, with redeliveries anywhere, give exactly the definition', () => {
    fc.assert(
      fc.property(paramsArb, eventsArb, fc.array(fc.nat(), { maxLength: 20 }), (p, events, picks) => {
        const ordered = [...new Map(events.map((e) => [e.id, e])).values()].sort(byTime);
        const calls: Event[][] = ordered.map((e) => [e]);
        // A redelivery of an event already counted, later on: counted once, so it changes nothing.
        for (const pick of picks) if (calls.length > 0) calls.splice(1 + (pick % calls.length), 0, [calls[pick % calls.length][0]]);
        expect(run(calls, p).fired).toEqual([...reference(events, p)].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps its state small: fewer than the threshold per window and member, however many events', () => {
    const p: WindowParams = { threshold: 10, windowMs: 60 * MINUTE, distinct: true, lateMs: 2 * 60 * MINUTE };
    // A brute force on three users from one address: 3000 failures, never ten distinct names.
    const events: Event[] = Array.from({ length: 3000 }, (_, i) => ({ id: `f${i}`, at: i * 5_000, member: ['ana', 'ben', 'cy'][i % 3], data: null }));
    const { state, fired } = run([events.slice(0, 1500), events.slice(1500)], p);
    expect(fired).toEqual([]);
    expect(state.events.length).toBeLessThanOrEqual(3 * 2 * 4);
  });
});

describe('burst window: the contract, case by case', () => {
  const p: WindowParams = { threshold: 3, windowMs: 10 * MINUTE, distinct: false, lateMs: 2 * 60 * MINUTE };
  const e = (id: string, minute: number, member?: string): Event => ({ id, at: minute * MINUTE, ...(member ? { member } : {}), data: null });

  it('the edge is in: events exactly a window apart share it', () => {
    expect(advance(emptyWindowState(), [e('a', 0), e('b', 5), e('c', 10)], p).fired.map((b) => b.id)).toEqual(['c']);
    expect(advance(emptyWindowState(), [e('a', 0), e('b', 5), e('c', 10.01)], p).fired).toEqual([]);
  });

  it('fires with the Nth event by eventTime, whatever the arrival order', () => {
    const outcome = advance(emptyWindowState(), [e('c', 9), e('d', 12), e('a', 1), e('b', 4)], p);
    expect(outcome.fired.map((b) => [b.id, b.count, b.from])).toEqual([['c', 3, 1 * MINUTE]]);
  });

  it('is quiet until a full window passes with no event, then counts afresh', () => {
    const first = advance(emptyWindowState(), [e('a', 0), e('b', 1), e('c', 2), e('d', 12), e('e', 22), e('f', 31), e('g', 32)], p);
    // d, e and f keep it quiet (each at most 10 minutes after the last); g is the third since.
    expect(first.fired.map((b) => b.id)).toEqual(['c']);
    const later = advance(first.state, [e('h', 45), e('i', 46), e('j', 47)], p);
    expect(later.fired.map((b) => b.id)).toEqual(['j']);
  });

  it('counts each eventId once, and reports a burst again when an event of its firing window is delivered again', () => {
    const first = advance(emptyWindowState(), [e('a', 0), e('a', 0), e('b', 1)], p);
    expect(first.fired).toEqual([]);
    const second = advance(first.state, [e('b', 1), e('c', 2)], p);
    expect(second.fired.map((b) => b.id)).toEqual(['c']);
    const again = advance(second.state, [e('b', 1)], p);
    expect(again.fired).toEqual([]);
    expect(again.reported.map((b) => b.id)).toEqual(['c']);
    expect(advance(again.state, [e('z', 5)], p).reported).toEqual([]);
  });

  it('a straggler into a burst already reported joins it: no second detection', () => {
    const first = advance(emptyWindowState(), [e('a', 0), e('c', 4), e('d', 6)], p);
    expect(first.fired.map((b) => b.id)).toEqual(['d']);
    // One call with all four would have fired at c; the burst keeps the eventId it was reported with.
    const late = advance(first.state, [e('b', 2)], p);
    expect(late.fired).toEqual([]);
    expect(late.reported.map((b) => b.id)).toEqual(['d']);
  });

  it('ignores an event arriving more than lateMs behind the newest of its key', () => {
    const state = advance(emptyWindowState(), [e('a', 300)], p).state;
    const outcome = advance(state, [e('b', 100), e('c', 101), e('d', 102)], p);
    expect(outcome.late).toBe(3);
    expect(outcome.fired).toEqual([]);
  });

  it('distinct counting counts members, not events', () => {
    const d: WindowParams = { ...p, distinct: true };
    const outcome = advance(emptyWindowState(), [e('a', 0, 'ana'), e('b', 1, 'ana'), e('c', 2, 'ben'), e('d', 3, 'ana'), e('f', 4, 'cy')], d);
    expect(outcome.fired.map((b) => [b.id, b.count])).toEqual([['f', 3]]);
  });
});
