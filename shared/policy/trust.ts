/**
 * Reading role trust policies: who may assume the role, and under which
 * conditions. Shared by the role-trust-* checks, the role-trust-opened
 * detection and the privilege-escalation graph, so that all judge a trust
 * document the same way (catalog "Trust narrowing").
 */
import { actionPatternMatches } from './action-index.js';
import { conditionExcludes, narrowsToKnownAccounts, restrictingConditionKeys, type CallerContext } from './conditions.js';
import type { PolicyDocument, PrincipalSpec, Statement } from './document.js';

export { restrictingConditionKeys } from './conditions.js';

/** Condition keys that make a cross-account trust acceptable (catalog: role-trust-external-no-condition). */
const EXTERNAL_GUARD_KEYS = ['sts:externalid', 'aws:multifactorauthpresent', 'aws:multifactorauthage'];

/** The actions that take on a role. */
export const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] as const;

/** Whether the statement's Action (or NotAction) takes in `action`, matched as IAM matches actions. */
export function statementCoversAction(s: Statement, action: string): boolean {
  if (s.action) return s.action.some((p) => actionPatternMatches(p, action));
  if (s.notAction) return !s.notAction.some((p) => actionPatternMatches(p, action));
  return false;
}

const lettingIn = (s: Statement) => ASSUME_ACTIONS.some((a) => statementCoversAction(s, a));

function principalsOf(spec: PrincipalSpec | undefined, kind: 'AWS' | 'Service' | 'Federated'): readonly string[] {
  if (spec === undefined) return [];
  if (spec === '*') return kind === 'AWS' ? ['*'] : [];
  return spec[kind] ?? [];
}

function awsPrincipals(s: Statement): readonly string[] {
  return principalsOf(s.principal, 'AWS');
}

/**
 * Trust statements that let anyone (Principal `*` or `"AWS": "*"`) assume
 * the role with no condition narrowing the caller to an organization or
 * account. An ExternalId is no narrowing: anyone may present it.
 */
export function anyPrincipalStatements(doc: PolicyDocument): Statement[] {
  return doc.statements.filter((s) => s.effect === 'Allow' && awsPrincipals(s).includes('*') && lettingIn(s) && !narrowsToKnownAccounts(s));
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
export function unguardedExternalTrusts(doc: PolicyDocument, accountId: string, trustedAccounts: readonly string[]): ExternalTrust[] {
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

/** Whether a Principal element names the caller: its ARN, its account's root (ARN or bare id), or `*`. */
function namesCaller(principals: readonly string[], caller: CallerContext): boolean {
  return principals.some((p) => {
    if (p === '*' || p === caller.account || p === caller.arn) return true;
    return /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(p)?.[1] === caller.account;
  });
}

/**
 * Whether the trust policy lets a caller of this account call
 * sts:AssumeRole on the role (catalog "assume-role"): an Allow names it (its
 * ARN, its account's root, or `*`) with no condition that excludes it, and
 * no unconditional Deny names it.
 */
export function trustAllowsCaller(doc: PolicyDocument, caller: CallerContext): boolean {
  const assumes = (s: Statement) => statementCoversAction(s, 'sts:AssumeRole');
  if (doc.statements.some((s) => s.effect === 'Deny' && s.condition === undefined && assumes(s) && namesCaller(awsPrincipals(s), caller))) return false;
  return doc.statements.some((s) => s.effect === 'Allow' && assumes(s) && namesCaller(awsPrincipals(s), caller) && !conditionExcludes(s, caller));
}

/** A service principal trusted to assume the role, with the statement that trusts it. */
export interface ServiceTrust {
  /** As written: "ecs-tasks.amazonaws.com". */
  readonly service: string;
  readonly statement: Statement;
}

/** Service principals the trust policy lets call sts:AssumeRole. */
export function trustedServices(doc: PolicyDocument): ServiceTrust[] {
  const out: ServiceTrust[] = [];
  for (const s of doc.statements) {
    if (s.effect !== 'Allow' || !statementCoversAction(s, 'sts:AssumeRole')) continue;
    for (const service of principalsOf(s.principal, 'Service')) out.push({ service, statement: s });
  }
  return out;
}

/** A web-identity (OIDC) provider trusted to assume the role, with the statement that trusts it. */
export interface WebIdentityTrust {
  /** As written: an oidc-provider ARN or a bare provider ("cognito-identity.amazonaws.com"). */
  readonly federated: string;
  /** The provider's host and path, the prefix of its condition keys ("token.actions.githubusercontent.com"). */
  readonly provider: string;
  readonly statement: Statement;
}

/** Federated principals the trust policy lets call sts:AssumeRoleWithWebIdentity. */
export function webIdentityTrusts(doc: PolicyDocument): WebIdentityTrust[] {
  const out: WebIdentityTrust[] = [];
  for (const s of doc.statements) {
    if (s.effect !== 'Allow' || !statementCoversAction(s, 'sts:AssumeRoleWithWebIdentity')) continue;
    for (const federated of principalsOf(s.principal, 'Federated')) {
      if (/:saml-provider\//.test(federated)) continue;
      const m = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/.exec(federated);
      out.push({ federated, provider: m ? m[1] : federated, statement: s });
    }
  }
  return out;
}
