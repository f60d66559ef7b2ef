/**
 * Reading a statement's Condition block: which keys it really pins, and
 * the catalog's "Trust narrowing" (a condition narrows who may assume a
 * role only when it pins an organization or an account).
 *
 * An operator reads as: an optional set qualifier (`ForAnyValue:`,
 * `ForAllValues:`), a base (`StringEquals`, `ArnLike`, `Bool`, …) and an
 * optional `IfExists`. A condition restricts the caller only under a
 * positive operator: negated operators (`StringNotEquals`, `ArnNotLike`),
 * `…IfExists` and `ForAllValues:` hold when the key is absent or for
 * everyone else, and `Null` tests presence, not value.
 */
import type { Statement } from './document.js';
import { arnMatches } from './resources.js';
import { globMatch, hasWildcard, matchesEverything } from './glob.js';

export interface ConditionOperator {
  /** Lower-cased base operator: "stringequals", "stringlike", "arnlike", "bool", … */
  readonly base: string;
  readonly qualifier: 'foranyvalue' | 'forallvalues' | null;
  readonly ifExists: boolean;
  /** StringNotEquals, StringNotLike, ArnNotEquals, ArnNotLike, NumericNotEquals, … */
  readonly negated: boolean;
}

export function parseOperator(operator: string): ConditionOperator {
  let op = operator.toLowerCase();
  let qualifier: ConditionOperator['qualifier'] = null;
  const colon = op.indexOf(':');
  if (colon >= 0) {
    const q = op.slice(0, colon);
    if (q === 'foranyvalue' || q === 'forallvalues') qualifier = q;
    op = op.slice(colon + 1);
  }
  const ifExists = op.endsWith('ifexists');
  if (ifExists) op = op.slice(0, -'ifexists'.length);
  return { base: op, qualifier, ifExists, negated: /not(equals|like)/.test(op) };
}

/** Literal comparisons: a value with `*` in it matches only that very string. */
const LITERAL_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'arnequals']);
/** Wildcard comparisons. */
const PATTERN_OPERATORS = new Set(['stringlike', 'arnlike']);

/** A positive operator: one that can only hold for callers whose value it names. */
export function isRestricting(op: ConditionOperator): boolean {
  return !op.negated && !op.ifExists && op.qualifier !== 'forallvalues' && op.base !== 'null';
}

/** A value that a wildcard operator would match against anything (`*`, `?*`, `??*` as a practical matter). */
const isWildcardOnly = (value: string) => value.length > 0 && /^[*?]+$/.test(value) && value.includes('*');

export interface ConditionEntry {
  readonly operator: string;
  readonly op: ConditionOperator;
  /** As written. */
  readonly key: string;
  readonly values: readonly string[];
}

/** Every operator, key and values of a statement's condition. */
export function conditionEntries(s: Statement): ConditionEntry[] {
  const out: ConditionEntry[] = [];
  for (const [operator, entries] of Object.entries(s.condition ?? {})) {
    const op = parseOperator(operator);
    for (const [key, values] of Object.entries(entries)) out.push({ operator, op, key, values });
  }
  return out;
}

/** A statement with a condition of any kind (an Allow that may not apply). */
export function isConditional(s: Statement): boolean {
  return conditionEntries(s).length > 0;
}

/**
 * Whether the statement pins `key` to known values: some positive condition
 * on it whose values are not all wildcards (a literal operator pins with any
 * value, since `*` there matches only the string `*`). `valuePins` narrows
 * what a wildcard operator's value must look like to count.
 */
export function pinsKey(s: Statement, key: string, valuePins: (value: string) => boolean = (v) => !isWildcardOnly(v)): boolean {
  const wanted = key.toLowerCase();
  return conditionEntries(s).some((e) => {
    if (e.key.toLowerCase() !== wanted || !isRestricting(e.op) || e.values.length === 0) return false;
    if (LITERAL_OPERATORS.has(e.op.base)) return true;
    if (PATTERN_OPERATORS.has(e.op.base)) return e.values.every(valuePins);
    return !e.values.every(isWildcardOnly);
  });
}

// ---------------------------------------------------------------- trust narrowing

/** Keys that pin who may assume a role to an organization or account, and the part of their value that does. */
const NARROWING_KEYS: ReadonlyMap<string, (value: string) => string | null> = new Map([
  ['aws:principalorgid', (v) => v],
  ['aws:sourceorgid', (v) => v],
  ['aws:principalaccount', (v) => v],
  ['aws:sourceaccount', (v) => v],
  // An organization path starts with the organization id: o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/.
  ['aws:principalorgpaths', (v) => (v.includes('/') ? v.slice(0, v.indexOf('/')) : v)],
  // An ARN's account is its fifth part.
  ['aws:principalarn', (v) => v.split(':')[4] ?? null],
  ['aws:sourcearn', (v) => v.split(':')[4] ?? null],
]);

/** The catalog's trust narrowing: the statement pins the caller's organization or account. */
export function narrowsToKnownAccounts(s: Statement): boolean {
  return conditionEntries(s).some((e) => {
    const pinnedPart = NARROWING_KEYS.get(e.key.toLowerCase());
    if (!pinnedPart || !isRestricting(e.op) || e.values.length === 0) return false;
    if (LITERAL_OPERATORS.has(e.op.base)) return true;
    if (!PATTERN_OPERATORS.has(e.op.base)) return false;
    return e.values.every((v) => {
      const part = pinnedPart(v);
      return part !== null && part.length > 0 && !hasWildcard(part);
    });
  });
}

// ---------------------------------------------------------------- one principal against a trust condition

export interface CallerContext {
  readonly account: string;
  readonly arn: string;
}

/** What a caller of this account brings to a trust policy's condition, for the keys that can exclude it. */
function callerValue(key: string, caller: CallerContext): string | undefined {
  switch (key.toLowerCase()) {
    case 'aws:principalaccount':
    case 'aws:sourceaccount':
      return caller.account;
    case 'aws:principalarn':
    case 'aws:sourcearn':
      return caller.arn;
    default:
      return undefined;
  }
}

function valueMatches(base: string, pattern: string, actual: string): boolean {
  switch (base) {
    case 'stringequals':
    case 'arnequals':
      return pattern === actual;
    case 'stringequalsignorecase':
      return pattern.toLowerCase() === actual.toLowerCase();
    case 'stringlike':
      return globMatch(pattern, actual);
    case 'arnlike':
      return arnMatches(pattern, actual);
    default:
      return true;
  }
}

const STRING_BASES = /^(string|arn)/;

/**
 * Whether a trust statement's condition shuts out a caller of this account:
 * it names accounts or principal ARNs that are not the caller's. Conditions
 * on the caller's organization are taken as its own organization's, and
 * other keys (MFA, ExternalId, tags) as ones the caller can meet.
 */
export function conditionExcludes(s: Statement, caller: CallerContext): boolean {
  for (const e of conditionEntries(s)) {
    const actual = callerValue(e.key, caller);
    if (actual === undefined || e.op.qualifier === 'forallvalues' || e.op.base === 'null' || !STRING_BASES.test(e.op.base)) continue;
    const base = e.op.base.replace('not', '');
    const hit = e.values.some((v) => valueMatches(base, v, actual));
    if (e.op.negated ? hit : !hit) return true;
  }
  return false;
}

/** Lower-cased keys that a statement's conditions pin (positive operators, values not all `*`, Bool only when "true"). */
export function restrictingConditionKeys(s: Statement): Set<string> {
  const keys = new Set<string>();
  for (const e of conditionEntries(s)) {
    if (!isRestricting(e.op) || e.values.length === 0) continue;
    if (e.values.every((v) => matchesEverything(v))) continue;
    if (e.op.base === 'bool' && !e.values.some((v) => v.toLowerCase() === 'true')) continue;
    keys.add(e.key.toLowerCase());
  }
  return keys;
}
