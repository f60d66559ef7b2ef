/**
 * The Resource side of a statement: ARN patterns matched segment by segment
 * (partition, service, region, account, resource), policy variables
 * replaced by the judged principal's own values, and the catalog's "on every
 * resource": `*`, or an ARN pattern matching every resource of the action's
 * service in the account (`arn:aws:iam::*:*`, `arn:aws:iam::<account>:*`).
 */
import { serviceRange } from './action-index.js';
import { LITERAL_QUESTION, LITERAL_STAR, globCoversPrefix, globMatch, globMayMatchPrefix, matchesEverything } from './glob.js';

/** The account a policy is judged in. */
export interface AccountContext {
  readonly account: string;
  /** "aws", "aws-cn", "aws-us-gov". */
  readonly partition: string;
}

/** Whom a statement is judged for: policy variables take this principal's values. */
export interface PrincipalContext extends AccountContext {
  readonly kind: 'user' | 'role' | 'group';
  readonly name: string;
  readonly arn: string;
  /** The unique id (AIDA…, AROA…), where known. */
  readonly id?: string;
}

/** A statement's resources as written: a Resource list, or a NotResource list (everything but). */
export interface ResourceSpec {
  readonly not: boolean;
  readonly patterns: readonly string[];
}

const VARIABLE = /\$\{([^}]*)\}/g;

/** Policy variables only exist in documents of version 2012-10-17; elsewhere `${…}` is plain text. */
export function usesVariables(pattern: string, version: string | undefined): boolean {
  return version === '2012-10-17' && pattern.includes('${');
}

function variableValue(key: string, principal: PrincipalContext | null): string | undefined {
  switch (key.toLowerCase()) {
    case '*':
      return LITERAL_STAR;
    case '?':
      return LITERAL_QUESTION;
    case '$':
      return '$';
  }
  if (!principal) return undefined;
  switch (key.toLowerCase()) {
    case 'aws:username':
      // A role has no user name: aws:username is absent from its requests.
      return principal.kind === 'user' ? principal.name : undefined;
    case 'aws:userid':
      return principal.kind === 'user' ? principal.id : undefined;
    case 'aws:principalaccount':
      return principal.account;
    case 'aws:principalarn':
      return principal.kind === 'group' ? undefined : principal.arn;
    case 'aws:principaltype':
      return principal.kind === 'user' ? 'User' : principal.kind === 'role' ? 'AssumedRole' : undefined;
    default:
      return undefined;
  }
}

/**
 * A pattern with its policy variables replaced by the principal's values;
 * null when a variable has no value for it (the pattern then matches
 * nothing). `${key, 'default'}` takes the default where the key has none.
 * Without a principal (a policy judged on its own) only `${*}`, `${?}` and
 * `${$}` resolve.
 */
export function resolveVariables(pattern: string, version: string | undefined, principal: PrincipalContext | null): string | null {
  if (!usesVariables(pattern, version)) return pattern;
  let unresolved = false;
  const out = pattern.replace(VARIABLE, (_whole, inner: string) => {
    const m = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    const value = m ? variableValue(m[1], principal) ?? m[2] : undefined;
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? null : out;
}

/** An ARN or ARN pattern in its six parts; null when it has fewer than six. */
function arnParts(value: string): string[] | null {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const colon = value.indexOf(':', from);
    if (colon < 0) return null;
    parts.push(value.slice(from, colon));
    from = colon + 1;
  }
  parts.push(value.slice(from));
  return parts;
}

/**
 * Whether a resolved Resource pattern matches an ARN: each of the six parts
 * on its own (a `*` does not run across the colons between them); a
 * pattern of fewer parts, which IAM would not accept as an ARN, as one
 * wildcard string.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (matchesEverything(pattern)) return true;
  const p = arnParts(pattern);
  if (!p) return globMatch(pattern, arn);
  const a = arnParts(arn);
  if (!a) return false;
  for (let i = 0; i < 6; i++) if (!globMatch(p[i], a[i], i === 2)) return false;
  return true;
}

const everyRegion = (part: string, service: string | null) =>
  matchesEverything(part) || (part === '' && service !== null && serviceRange(service)?.regionless === true);
const everyAccount = (part: string, service: string | null, ctx: AccountContext) =>
  matchesEverything(part) || (service !== null && (globMatch(part, ctx.account) || (part === '' && serviceRange(service)?.accountless === true)));

/**
 * Whether a resolved pattern matches every resource of `service` in the
 * account (`null`: of every service, as `*` does).
 */
export function coversEveryResource(pattern: string, service: string | null, ctx: AccountContext): boolean {
  if (matchesEverything(pattern)) return true;
  const p = arnParts(pattern);
  if (!p) return globCoversPrefix(pattern, service === null ? `arn:${ctx.partition}:` : `arn:${ctx.partition}:${service}:`);
  return (
    globMatch(p[0], 'arn') &&
    globMatch(p[1], ctx.partition) &&
    (service === null ? matchesEverything(p[2]) : globMatch(p[2], service, true)) &&
    everyRegion(p[3], service) &&
    everyAccount(p[4], service, ctx) &&
    matchesEverything(p[5])
  );
}

/** Whether a resolved pattern matches every role of the account (`arn:aws:iam::*:role/*`, `arn:aws:iam::<account>:role/*`). */
export function coversEveryRole(pattern: string, ctx: AccountContext): boolean {
  if (coversEveryResource(pattern, 'iam', ctx)) return true;
  const p = arnParts(pattern);
  if (!p) return globCoversPrefix(pattern, `arn:${ctx.partition}:iam::${ctx.account}:role/`);
  return (
    globMatch(p[0], 'arn') &&
    globMatch(p[1], ctx.partition) &&
    globMatch(p[2], 'iam', true) &&
    (p[3] === '' || matchesEverything(p[3])) &&
    globMatch(p[4], ctx.account) &&
    globCoversPrefix(p[5], 'role/')
  );
}

/** Whether a resolved pattern may match some resource of `service` (`null`: of any service) in the account. */
export function mayMatchService(pattern: string, service: string | null, ctx: AccountContext): boolean {
  if (matchesEverything(pattern)) return true;
  const p = arnParts(pattern);
  if (!p) return globMayMatchPrefix(pattern, service === null ? 'arn:' : `arn:${ctx.partition}:${service}:`);
  if (!globMatch(p[0], 'arn') || !globMatch(p[1], ctx.partition)) return false;
  if (service === null) return true;
  return globMatch(p[2], service, true) && (globMatch(p[4], ctx.account) || p[4] === '');
}

/** Whether a resolved pattern may match some role of the account. */
function mayMatchRole(pattern: string, ctx: AccountContext): boolean {
  if (matchesEverything(pattern)) return true;
  const p = arnParts(pattern);
  if (!p) return globMayMatchPrefix(pattern, `arn:${ctx.partition}:iam::${ctx.account}:role/`);
  return mayMatchService(pattern, 'iam', ctx) && globMayMatchPrefix(p[5], 'role/');
}

/** A resource spec with its variables resolved for one principal (patterns that cannot resolve left out). */
function resolved(spec: ResourceSpec, version: string | undefined, principal: PrincipalContext | null): string[] {
  const out: string[] = [];
  for (const pattern of spec.patterns) {
    const r = resolveVariables(pattern, version, principal);
    if (r !== null) out.push(r);
  }
  return out;
}

/** Whether the statement's resources take in the ARN, for this principal. */
export function specMatches(spec: ResourceSpec, arn: string, version: string | undefined, principal: PrincipalContext | null): boolean {
  const patterns = resolved(spec, version, principal);
  const hit = patterns.some((p) => arnMatches(p, arn));
  return spec.not ? !hit : hit;
}

/** Whether the statement's resources take in every resource of the service in the account. */
export function specCoversService(
  spec: ResourceSpec,
  service: string | null,
  ctx: AccountContext,
  version: string | undefined,
  principal: PrincipalContext | null,
): boolean {
  const patterns = resolved(spec, version, principal);
  if (spec.not) return !patterns.some((p) => mayMatchService(p, service, ctx));
  return patterns.some((p) => coversEveryResource(p, service, ctx));
}

/** Whether the statement's resources take in every role of the account. */
export function specCoversEveryRole(spec: ResourceSpec, ctx: AccountContext, version: string | undefined, principal: PrincipalContext | null): boolean {
  const patterns = resolved(spec, version, principal);
  if (spec.not) return !patterns.some((p) => mayMatchRole(p, ctx));
  return patterns.some((p) => coversEveryRole(p, ctx));
}

/** Whether the statement's resources may take in some resource of the service in the account. */
export function specTouchesService(
  spec: ResourceSpec,
  service: string | null,
  ctx: AccountContext,
  version: string | undefined,
  principal: PrincipalContext | null,
): boolean {
  const patterns = resolved(spec, version, principal);
  if (spec.not) return !patterns.some((p) => coversEveryResource(p, service, ctx));
  return patterns.some((p) => mayMatchService(p, service, ctx));
}
