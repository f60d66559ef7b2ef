/**
 * What one Allow statement grants, judged on its own, for the policy checks
 * (admin-policy, service-wildcard, permissions-management-wildcard,
 * passrole-any-role, assume-any-role, kms-decrypt-any-key). They read
 * `Action` only: a NotAction statement is not-action-allow's alone. A
 * statement is reported once, by the first of them that matches it.
 */
import { ACTION_COUNT, ActionSet, accessLevel, actionId, actionName, actionSetOf, serviceOf, type ServiceRange } from './action-index.js';
import { pinsKey } from './conditions.js';
import { compileDocument, coversEveryRole, coversService, type CompiledStatement } from './compile.js';
import type { PolicyDocument, Statement } from './document.js';
import { hasWildcard } from './glob.js';
import type { AccountContext } from './resources.js';

/** The policy checks that read statements, in the catalog's order of precedence. */
export const STATEMENT_CLASSES = [
  'admin-policy',
  'service-wildcard',
  'permissions-management-wildcard',
  'passrole-any-role',
  'assume-any-role',
  'kms-decrypt-any-key',
] as const;
export type StatementClass = (typeof STATEMENT_CLASSES)[number];

/** Judged without an account: only account-wide wildcards count as every resource. */
export const ANY_ACCOUNT: AccountContext = { account: '*', partition: 'aws' };

const judgeable = (s: CompiledStatement) => s.effect === 'Allow' && !s.notAction && s.resources !== null;

/** Every action (the statement's Action holds a wildcard pattern, so its set is every known action). */
function everyAction(s: CompiledStatement): boolean {
  return s.actions.isEverything && s.patterns.some(hasWildcard);
}

/** An Allow of every action on every resource. */
export function grantsEverything(s: CompiledStatement, ctx: AccountContext = ANY_ACCOUNT): boolean {
  return judgeable(s) && everyAction(s) && coversService(s, null, ctx, null);
}

export interface ServiceGrant {
  /** "*" for every service (on the statement's resources), else the service prefix. */
  readonly service: string;
  /** The statement's patterns, as written, that make it whole. */
  readonly patterns: readonly string[];
}

/**
 * Whole services the statement allows: a service all of whose known actions
 * its Action patterns take in, with a wildcard among them (a list of exact
 * names grants nothing AWS adds later), whatever the resources; every
 * service at once when the statement allows every action on fewer than
 * every resource.
 */
export function wholeServiceGrants(s: CompiledStatement, ctx: AccountContext = ANY_ACCOUNT): ServiceGrant[] {
  if (!judgeable(s)) return [];
  const wildcards = s.patterns.filter(hasWildcard);
  if (wildcards.length === 0) return [];
  if (everyAction(s)) {
    if (coversService(s, null, ctx, null)) return [];
    const all = wildcards.filter((p) => actionSetOf(p).isEverything);
    return [{ service: '*', patterns: all.length > 0 ? all : wildcards }];
  }
  const out: ServiceGrant[] = [];
  for (const range of s.actions.wholeServices()) {
    const patterns = wildcards.filter((p) => actionSetOf(p).touchesService(range));
    if (patterns.length > 0) out.push({ service: range.service, patterns: s.patterns.filter((p) => actionSetOf(p).touchesService(range)) });
  }
  return out;
}

const PM_IDS: readonly number[] = Array.from({ length: ACTION_COUNT }, (_, id) => id).filter((id) => accessLevel(id) === 'Permissions management');

export interface PermissionsManagementGrant {
  /** The patterns, as written, that take in the actions. */
  readonly patterns: readonly string[];
  /** The permissions-management actions allowed on every resource of their service, sorted. */
  readonly actions: readonly string[];
}

const pmMemo = new WeakMap<CompiledStatement, Map<string, PermissionsManagementGrant | null>>();

/** The permissions-management actions the statement allows on every resource of their service in the account. */
export function permissionsManagementGrant(s: CompiledStatement, ctx: AccountContext = ANY_ACCOUNT): PermissionsManagementGrant | null {
  if (!judgeable(s)) return null;
  let memo = pmMemo.get(s);
  if (!memo) pmMemo.set(s, (memo = new Map()));
  const key = `${ctx.partition}|${ctx.account}`;
  if (memo.has(key)) return memo.get(key)!;
  const everyResourceOf = new Map<ServiceRange, boolean>();
  const ids: number[] = [];
  // Walk the smaller side: most statements name a few actions, a wildcard may name thousands.
  const candidates: Iterable<number> = s.actions.size < PM_IDS.length ? s.actions.ids : PM_IDS;
  for (const id of candidates) {
    if (candidates === PM_IDS ? !s.actions.has(id) : accessLevel(id) !== 'Permissions management') continue;
    const range = serviceOf(id);
    let covered = everyResourceOf.get(range);
    if (covered === undefined) everyResourceOf.set(range, (covered = coversService(s, range.service, ctx, null)));
    if (covered) ids.push(id);
  }
  let grant: PermissionsManagementGrant | null = null;
  if (ids.length > 0) {
    const set = ActionSet.of(ids);
    grant = {
      patterns: s.patterns.filter((p) => actionSetOf(p).ids.some((id) => set.has(id))),
      actions: ids.map(actionName).sort(),
    };
  }
  memo.set(key, grant);
  return grant;
}

const PASS_ROLE = actionId('iam:PassRole')!;
const ASSUME_ROLE = actionId('sts:AssumeRole')!;
const DECRYPT = [actionId('kms:Decrypt')!, actionId('kms:ReEncryptFrom')!];

/** iam:PassRole on every role with no iam:PassedToService condition (to any service, any role). */
export function passesAnyRole(s: CompiledStatement, ctx: AccountContext = ANY_ACCOUNT): boolean {
  return judgeable(s) && s.actions.has(PASS_ROLE) && coversEveryRole(s, ctx, null) && !pinsKey(s.statement, 'iam:PassedToService');
}

/** sts:AssumeRole on every role. */
export function assumesAnyRole(s: CompiledStatement, ctx: AccountContext = ANY_ACCOUNT): boolean {
  return judgeable(s) && s.actions.has(ASSUME_ROLE) && coversEveryRole(s, ctx, null);
}

/** kms:Decrypt or kms:ReEncryptFrom on every KMS resource of the account. */
export function decryptsAnyKey(s: CompiledStatement, ctx: AccountContext = ANY_ACCOUNT): string[] {
  if (!judgeable(s)) return [];
  const actions = DECRYPT.filter((id) => s.actions.has(id));
  // The actions first: most statements name no KMS action, and resources cost more to judge.
  return actions.length > 0 && coversService(s, 'kms', ctx, null) ? actions.map(actionName) : [];
}

/** The first policy check that claims the statement (catalog precedence), or null. */
export function classifyCompiled(s: CompiledStatement, ctx: AccountContext = ANY_ACCOUNT): StatementClass | null {
  if (!judgeable(s)) return null;
  if (grantsEverything(s, ctx)) return 'admin-policy';
  if (wholeServiceGrants(s, ctx).length > 0) return 'service-wildcard';
  if (permissionsManagementGrant(s, ctx)) return 'permissions-management-wildcard';
  if (passesAnyRole(s, ctx)) return 'passrole-any-role';
  if (assumesAnyRole(s, ctx)) return 'assume-any-role';
  if (decryptsAnyKey(s, ctx).length > 0) return 'kms-decrypt-any-key';
  return null;
}

/** The compiled form of one statement of a document. */
export function compiledStatement(doc: PolicyDocument, s: Statement): CompiledStatement {
  return compileDocument(doc).statements[doc.statements.indexOf(s)];
}

const alone = new WeakMap<Statement, CompiledStatement>();

/** A lone statement, compiled as part of a 2012-10-17 document (for callers holding a statement without its document). */
export function compileStatementAlone(s: Statement): CompiledStatement {
  let c = alone.get(s);
  if (!c) {
    c = compileDocument({ version: '2012-10-17', statements: [s] }).statements[0];
    alone.set(s, c);
  }
  return c;
}
