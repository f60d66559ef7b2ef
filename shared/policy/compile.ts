/**
 * Policy documents compiled once for judging: each statement's actions as
 * a set of known actions (Action's patterns united, or every known action
 * but NotAction's), its resources as written, whether a condition guards
 * it, and memoized verdicts on "every resource of a service". Thousands of
 * principals share a few managed policies, so a document is compiled once
 * per process (keyed by the parsed document object).
 */
import type { ActionSet } from './action-index.js';
import { actionId, actionPatternMatches, actionSetOfList, serviceRange } from './action-index.js';
import { isConditional } from './conditions.js';
import { parsePolicyDocument, type Effect, type PolicyDocument, type Statement } from './document.js';
import {
  specCoversEveryRole,
  specCoversService,
  specMatches,
  specTouchesService,
  usesVariables,
  type AccountContext,
  type PrincipalContext,
  type ResourceSpec,
} from './resources.js';

export interface CompiledStatement {
  readonly statement: Statement;
  readonly effect: Effect;
  /** Known actions the statement covers. */
  readonly actions: ActionSet;
  /** Written with NotAction. */
  readonly notAction: boolean;
  /** The Action (or NotAction) patterns as written. */
  readonly patterns: readonly string[];
  /** Resource or NotResource as written; null when the statement has neither (it applies to nothing). */
  readonly resources: ResourceSpec | null;
  /** A Condition guards it: an Allow that may not apply, a Deny that may not either. */
  readonly conditional: boolean;
  /** The document's Version: policy variables exist only in 2012-10-17. */
  readonly version: string | undefined;
  /** Its resources hold policy variables, so what they cover depends on the principal. */
  readonly perPrincipal: boolean;
  /** Memoized resource verdicts of a statement without variables, for one account at a time. */
  readonly memo: ResourceMemo;
}

interface ResourceMemo {
  account: AccountContext | null;
  readonly verdicts: Map<string, boolean>;
}

export interface CompiledDocument {
  readonly document: PolicyDocument;
  readonly statements: readonly CompiledStatement[];
  /** Allow statements. */
  readonly allows: readonly CompiledStatement[];
  /** Deny statements without a condition: a conditional Deny takes nothing away (it may not apply). */
  readonly denies: readonly CompiledStatement[];
}

function compileStatement(s: Statement, version: string | undefined): CompiledStatement {
  const notAction = s.action === undefined && s.notAction !== undefined;
  const patterns = s.action ?? s.notAction ?? [];
  const written = actionSetOfList(patterns);
  const resources: ResourceSpec | null = s.resource ? { not: false, patterns: s.resource } : s.notResource ? { not: true, patterns: s.notResource } : null;
  return {
    statement: s,
    effect: s.effect,
    actions: notAction ? written.complement() : written,
    notAction,
    patterns,
    resources,
    conditional: isConditional(s),
    version,
    perPrincipal: resources !== null && resources.patterns.some((p) => usesVariables(p, version)),
    memo: { account: null, verdicts: new Map() },
  };
}

const compiled = new WeakMap<PolicyDocument, CompiledDocument>();

/** A parsed document, compiled (once per document object). */
export function compileDocument(doc: PolicyDocument): CompiledDocument {
  let c = compiled.get(doc);
  if (!c) {
    const statements = doc.statements.map((s) => compileStatement(s, doc.version));
    c = {
      document: doc,
      statements,
      allows: statements.filter((s) => s.effect === 'Allow'),
      denies: statements.filter((s) => s.effect === 'Deny' && !s.conditional),
    };
    compiled.set(doc, c);
  }
  return c;
}

/** Parses (where needed) and compiles a document given in any form parsePolicyDocument accepts. */
export function compilePolicy(raw: PolicyDocument | unknown): CompiledDocument {
  const doc = isParsed(raw) ? raw : parsePolicyDocument(raw);
  return compileDocument(doc);
}

function isParsed(raw: unknown): raw is PolicyDocument {
  return typeof raw === 'object' && raw !== null && Array.isArray((raw as PolicyDocument).statements);
}

/**
 * Whether the statement covers an action, known or not: a known one by its
 * id, an unknown one (newer than the bundled data) by the patterns as
 * written, so that `*` and NotAction still take it in.
 */
export function coversAction(s: CompiledStatement, action: string): boolean {
  const id = actionId(action);
  if (id !== undefined) return s.actions.has(id);
  const written = s.patterns.some((p) => actionPatternMatches(p, action));
  return s.notAction ? !written : written;
}

function memoized(s: CompiledStatement, key: string, ctx: AccountContext, compute: () => boolean): boolean {
  if (s.perPrincipal) return compute();
  const memo = s.memo;
  // Verdicts hold for one account; a statement judged in another (tests, an organization) starts afresh.
  if (memo.account !== ctx && (memo.account === null || memo.account.account !== ctx.account || memo.account.partition !== ctx.partition)) {
    memo.verdicts.clear();
  }
  memo.account = ctx;
  let v = memo.verdicts.get(key);
  if (v === undefined) {
    v = compute();
    memo.verdicts.set(key, v);
  }
  return v;
}

/** The statement applies to this ARN (for this principal's policy variables). */
export function appliesTo(s: CompiledStatement, arn: string, principal: PrincipalContext | null): boolean {
  return s.resources !== null && specMatches(s.resources, arn, s.version, principal);
}

/** The statement applies to every resource of the service in the account (`null`: of every service). */
export function coversService(s: CompiledStatement, service: string | null, ctx: AccountContext, principal: PrincipalContext | null): boolean {
  if (s.resources === null) return false;
  return memoized(s, `every|${service}`, ctx, () =>
    specCoversService(s.resources!, service, ctx, s.version, principal),
  );
}

/** The statement applies to every role of the account. */
export function coversEveryRole(s: CompiledStatement, ctx: AccountContext, principal: PrincipalContext | null): boolean {
  if (s.resources === null) return false;
  return memoized(s, 'roles', ctx, () => specCoversEveryRole(s.resources!, ctx, s.version, principal));
}

/** The statement may apply to some resource of the service in the account. */
export function touchesService(s: CompiledStatement, service: string | null, ctx: AccountContext, principal: PrincipalContext | null): boolean {
  if (s.resources === null) return false;
  return memoized(s, `some|${service}`, ctx, () =>
    specTouchesService(s.resources!, service, ctx, s.version, principal),
  );
}

/**
 * The statement applies to every resource an action can name: every
 * resource of the action's service, or for iam:PassRole and sts:AssumeRole
 * (whose resources are roles) every role of the account.
 */
export function coversEveryResourceOf(s: CompiledStatement, action: string, ctx: AccountContext, principal: PrincipalContext | null): boolean {
  const lower = action.toLowerCase();
  if (lower === 'iam:passrole' || lower === 'sts:assumerole') return coversEveryRole(s, ctx, principal);
  const service = lower.slice(0, lower.indexOf(':'));
  return coversService(s, serviceRange(service)?.service ?? service, ctx, principal);
}
