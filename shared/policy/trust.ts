/**
 * Reading role trust policies: who may assume the role, and under which
 * conditions. Shared by the role-trust-* checks and the role-trust-opened
 * detection so that both judge a trust document the same way.
 */
import type { PolicyDocument, Statement } from './document.js';

/** Condition keys that narrow a `*` principal to known accounts (catalog: role-trust-any-principal). */
const NARROWING_KEYS = ['aws:principalorgid', 'aws:principalaccount', 'aws:sourceaccount'];
/** Condition keys that make a cross-account trust acceptable (catalog: role-trust-external-no-condition). */
const EXTERNAL_GUARD_KEYS = ['sts:externalid', 'aws:multifactorauthpresent', 'aws:multifactorauthage'];

/**
 * Condition keys a statement requires to be present and to match, lower-cased.
 * Only these restrict who may assume a role: a key under a negated operator
 * (StringNotEquals), an …IfExists operator or ForAllValues (both pass when
 * the key is absent, as it is for principals outside any organization), the
 * Null operator (presence, any value), a Bool that is not "true", or a
 * pattern that is only "*" lets the caller through.
 */
export function restrictingConditionKeys(s: Statement): Set<string> {
  const keys = new Set<string>();
  for (const [operator, entries] of Object.entries(s.condition ?? {})) {
    const op = operator.toLowerCase();
    if (op.startsWith('forallvalues:') || op.endsWith('ifexists') || op.includes('not') || op === 'null') continue;
    for (const [key, values] of Object.entries(entries)) {
      if (values.length === 0 || values.every((v) => v === '*')) continue;
      if (op === 'bool' && !values.some((v) => v.toLowerCase() === 'true')) continue;
      keys.add(key.toLowerCase());
    }
  }
  return keys;
}

function awsPrincipals(s: Statement): readonly string[] {
  if (s.principal === undefined) return [];
  if (s.principal === '*') return ['*'];
  return s.principal.AWS ?? [];
}

/** Trust statements that allow anyone (`*` or AWS `*`) with no org/account narrowing condition. */
export function anyPrincipalStatements(doc: PolicyDocument): Statement[] {
  return doc.statements.filter((s) => {
    if (s.effect !== 'Allow' || !awsPrincipals(s).includes('*')) return false;
    const keys = restrictingConditionKeys(s);
    return !NARROWING_KEYS.some((k) => keys.has(k));
  });
}

/**
 * The account id an AWS principal names: a bare 12-digit id or the account
 * part of an ARN (arn:aws:iam::123456789012:root, :role/x, :user/x, sts assumed-role).
 * Returns null for `*` and for anything that does not name an account.
 */
export function principalAccount(principal: string): string | null {
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(principal);
  return m ? m[1] : null;
}

export interface ExternalTrust {
  readonly account: string;
  readonly principal: string;
  readonly statementIndex: number;
}

/**
 * AWS principals in other accounts (neither `accountId` nor trusted) that an
 * Allow statement trusts with no ExternalId or MFA condition.
 */
export function unguardedExternalTrusts(
  doc: PolicyDocument,
  accountId: string,
  trustedAccounts: readonly string[],
): ExternalTrust[] {
  const out: ExternalTrust[] = [];
  for (const s of doc.statements) {
    if (s.effect !== 'Allow') continue;
    const keys = restrictingConditionKeys(s);
    if (EXTERNAL_GUARD_KEYS.some((k) => keys.has(k))) continue;
    for (const principal of awsPrincipals(s)) {
      const account = principalAccount(principal);
      if (account && account !== accountId && !trustedAccounts.includes(account)) {
        out.push({ account, principal, statementIndex: s.index });
      }
    }
  }
  return out;
}
