/**
 * The burst rules' windowed state machine (catalog.md "Real-time
 * detections", the paragraph on burst rules), for one key: pure data in,
 * data out, so the in-memory backend and the DynamoDB backend run the very
 * same code and differ only in where the state lives between calls.
 *
 * The contract, for the events of one key sorted by eventTime (ties by
 * eventId): a window is every event within `windowMs` before an event, that
 * event included (the edge is in: events exactly windowMs apart share a
 * window). The first window holding `threshold` events (distinct members
 * when `distinct`) fires, with its last event as the detection's event.
 * After firing the key is quiet while events keep coming at most windowMs
 * apart; once a full window passes with none, counting starts afresh.
 *
 * State kept between calls, bounded by construction:
 *
 * - `events`: the counting events not part of any burst. No window of them
 *   holds `threshold` (it would have fired), so a key keeps fewer than
 *   `threshold` per window; for distinct counting, a member's event between
 *   two of its events at most windowMs apart is dropped (it changes no
 *   window's set of members), which bounds the events per member as well.
 * - `bursts`: each firing with the last event time of the quiet run after
 *   it (`through`). Events inside a run are not kept: they only move
 *   `through`, which is idempotent, so a redelivered one changes nothing.
 * - events and bursts older than `lateMs` (plus a window) behind the newest
 *   event are dropped; an event arriving later than that is not counted.
 *
 * Order independence: one call with every event gives exactly the contract,
 * whatever order the events came in. Over several calls (the deployed
 * function: one event per invocation) the result is the same whenever no
 * event arrives after a later event of its key already fired a burst, which
 * covers any order among a burst's first `threshold` events, concurrent
 * invocations and redeliveries. A straggler into a burst already reported
 * is absorbed into it (no second detection for one burst; the detection
 * keeps the eventId it was reported with, where one call would have named
 * an earlier event), and one that reveals an earlier burst whose quiet run
 * reaches a later, reported one leaves both reported.
 */

export interface WindowParams {
  /** Events (or distinct members) in one window that make a burst. */
  readonly threshold: number;
  readonly windowMs: number;
  /** Count distinct `member`s instead of events (password-spraying counts user names). */
  readonly distinct: boolean;
  /** How far behind the newest event of its key an event may arrive and still count. */
  readonly lateMs: number;
}

export interface CountedEvent<T> {
  readonly id: string;
  /** eventTime, epoch milliseconds. */
  readonly at: number;
  /** What distinct counting counts (a user name); absent when counting events. */
  readonly member?: string;
  /** What a detection needs of the event if it turns out to be the one that crossed the threshold. */
  readonly data: T;
}

export interface BurstRecord<T> {
  /** eventId of the event that crossed the threshold. */
  readonly id: string;
  readonly at: number;
  /** eventTime of the first event of the window that fired. */
  readonly from: number;
  /** eventTime of the last event of the quiet run that follows the firing. */
  readonly through: number;
  /** Events (or distinct members) in the window that fired: the threshold. */
  readonly count: number;
  readonly data: T;
}

export interface WindowState<T> {
  /** Newest eventTime counted so far; null before the first event. */
  readonly newest: number | null;
  /** Counting events, in (eventTime, eventId) order. */
  readonly events: readonly CountedEvent<T>[];
  /** Bursts, oldest first. */
  readonly bursts: readonly BurstRecord<T>[];
}

export interface WindowOutcome<T> {
  readonly state: WindowState<T>;
  /** Bursts this call made fire. */
  readonly fired: readonly BurstRecord<T>[];
  /**
   * Bursts whose firing window holds one of this call's events, those that
   * just fired included: what a redelivery of the events that fired a burst
   * reports again, so a run that fired it and died before storing the
   * detection still gets it stored (stores keep one per eventId and rule).
   */
  readonly reported: readonly BurstRecord<T>[];
  /** Whether the state differs from the one given (the DynamoDB backend writes only then). */
  readonly changed: boolean;
  /** Events ignored because they arrived more than lateMs behind the newest event of the key. */
  readonly late: number;
}

export function emptyWindowState<T>(): WindowState<T> {
  return { newest: null, events: [], bursts: [] };
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byTime = (a: { at: number; id: string }, b: { at: number; id: string }) => a.at - b.at || compareIds(a.id, b.id);

/** The working copy of one key's state during one call. */
class Machine<T> {
  newest: number | null;
  events: CountedEvent<T>[];
  bursts: BurstRecord<T>[];
  readonly fired: BurstRecord<T>[] = [];
  readonly reported = new Map<string, BurstRecord<T>>();
  changed = false;
  late = 0;
  private readonly counting: Set<string>;

  constructor(
    state: WindowState<T>,
    private readonly p: WindowParams,
  ) {
    this.newest = state.newest;
    this.events = [...state.events];
    this.bursts = [...state.bursts];
    this.counting = new Set(this.events.map((e) => e.id));
  }

  /**
   * Counts a call's events: first each one joins the burst whose span holds
   * it or the counting events, then the counting events are walked in time
   * order for the windows that reach the threshold, as if every event had
   * been there from the start. So the order within a call never matters.
   */
  addAll(sorted: readonly CountedEvent<T>[], fire: boolean): void {
    const oldest = this.newest === null ? -Infinity : this.newest - this.p.lateMs;
    let added = false;
    let newest = this.newest;
    for (const e of sorted) {
      if (e.at < oldest) {
        this.late++;
        continue;
      }
      if (newest === null || e.at > newest) newest = e.at;
      const burst = this.burstSpanning(e.at);
      if (burst >= 0) this.absorb(burst, e);
      else if (!this.counting.has(e.id)) {
        this.insert(e);
        added = true;
      }
    }
    // Also without new events: a state counted without firing (see AdvanceOptions) may hold a window that fires now.
    if (fire && this.events.length > 0) this.scan();
    if (added && this.p.distinct) this.thin();
    if (newest !== this.newest) {
      this.newest = newest;
      this.changed = true;
      this.prune();
    }
  }

  /**
   * The burst whose span holds `at`: from a window before its firing event
   * (where a straggler belongs to the burst already reported) to a window
   * after its quiet run (where an event keeps it quiet); -1 for none.
   */
  private burstSpanning(at: number): number {
    const w = this.p.windowMs;
    return this.bursts.findIndex((b) => at >= b.at - w && at <= b.through + w);
  }

  private absorb(index: number, e: CountedEvent<T>): void {
    const b = this.bursts[index];
    if (e.at <= b.at) this.reported.set(b.id, b);
    if (e.at > b.through) {
      this.bursts[index] = { ...b, through: e.at };
      this.changed = true;
      this.extend(index);
    }
  }

  private insert(e: CountedEvent<T>): void {
    let at = this.events.length;
    while (at > 0 && byTime(this.events[at - 1], e) > 0) at--;
    this.events.splice(at, 0, e);
    this.counting.add(e.id);
    this.changed = true;
  }

  private remove(ids: ReadonlySet<string>): void {
    this.events = this.events.filter((x) => !ids.has(x.id));
    for (const id of ids) this.counting.delete(id);
  }

  /**
   * After a burst's quiet run grew: counting events it now reaches join it,
   * and so does a later burst whose firing window it now reaches (both were
   * reported; the run is one from here on).
   */
  private extend(i: number): void {
    const w = this.p.windowMs;
    for (;;) {
      const b = this.bursts[i];
      const joining = this.events.filter((x) => byTime(x, b) > 0 && x.at <= b.through + w);
      const next = this.bursts[i + 1];
      if (joining.length > 0) {
        this.remove(new Set(joining.map((x) => x.id)));
        this.bursts[i] = { ...b, through: Math.max(b.through, ...joining.map((x) => x.at)) };
      } else if (next && next.from <= b.through + w) {
        this.bursts[i] = { ...b, through: Math.max(b.through, next.through) };
        this.bursts.splice(i + 1, 1);
      } else {
        return;
      }
      this.changed = true;
    }
  }

  /** The windows of the counting events, in time order; the first to reach the threshold fires, and so on after its quiet run. */
  private scan(): void {
    const w = this.p.windowMs;
    let start = 0;
    for (let end = 0; end < this.events.length; end++) {
      const last = this.events[end];
      while (this.events[start].at < last.at - w) start++;
      const size = this.measure(start, end);
      if (size < this.p.threshold) continue;
      this.fire(start, end, size);
      // The window's events left the list and the quiet run took what followed: go on from the first event left after it.
      end = start - 1;
    }
  }

  private measure(start: number, end: number): number {
    if (!this.p.distinct) return end - start + 1;
    const members = new Set<string | undefined>();
    for (let i = start; i <= end; i++) members.add(this.events[i].member);
    return members.size;
  }

  private fire(start: number, end: number, count: number): void {
    const last = this.events[end];
    const burst: BurstRecord<T> = { id: last.id, at: last.at, from: this.events[start].at, through: last.at, count, data: last.data };
    this.remove(new Set(this.events.slice(start, end + 1).map((x) => x.id)));
    let i = this.bursts.length;
    while (i > 0 && byTime(this.bursts[i - 1], burst) > 0) i--;
    this.bursts.splice(i, 0, burst);
    this.fired.push(burst);
    this.reported.set(burst.id, burst);
    this.changed = true;
    this.extend(i);
  }

  /**
   * Distinct counting only asks whether a member has an event in a window.
   * Of three consecutive events of one member spanning at most a window, any
   * window holding the middle one holds one of the other two, so the middle
   * one is dropped; the event that crosses a threshold is never such a middle
   * one (its member has no other event in its window).
   */
  private thin(): void {
    const w = this.p.windowMs;
    const kept = new Map<string | undefined, CountedEvent<T>[]>();
    const dropped = new Set<string>();
    for (const x of this.events) {
      let list = kept.get(x.member);
      if (!list) kept.set(x.member, (list = []));
      list.push(x);
      while (list.length >= 3 && list[list.length - 1].at - list[list.length - 3].at <= w) {
        dropped.add(list[list.length - 2].id);
        list.splice(list.length - 2, 1);
      }
    }
    if (dropped.size > 0) this.remove(dropped);
  }

  /** Forgets what no event still allowed to arrive can reach. */
  private prune(): void {
    const newest = this.newest!;
    const w = this.p.windowMs;
    const oldestCounted = newest - this.p.lateMs;
    const stale = this.events.filter((x) => x.at < oldestCounted - w);
    if (stale.length > 0) this.remove(new Set(stale.map((x) => x.id)));
    const bursts = this.bursts.filter((b) => b.through + w >= oldestCounted);
    if (bursts.length !== this.bursts.length) this.bursts = bursts;
  }
}

export interface AdvanceOptions {
  /**
   * false: count the events but fire nothing yet; the next call that fires
   * decides over everything counted by then. The DynamoDB backend counts
   * this way first when a call would fire, so that events of the same burst
   * counted by concurrent invocations a moment later are in the window it
   * decides on.
   */
  readonly fire?: boolean;
}

/**
 * Counts `events` (of one key) into `state`. Each eventId counts once
 * however often it is given, in this call or a later one.
 */
export function advance<T>(state: WindowState<T>, events: readonly CountedEvent<T>[], params: WindowParams, options: AdvanceOptions = {}): WindowOutcome<T> {
  const machine = new Machine(state, params);
  machine.addAll([...events].sort(byTime), options.fire ?? true);
  return {
    state: { newest: machine.newest, events: machine.events, bursts: machine.bursts },
    fired: machine.fired,
    reported: [...machine.reported.values()],
    changed: machine.changed,
    late: machine.late,
  };
}
