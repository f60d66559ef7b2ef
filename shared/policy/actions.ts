/**
 * What a policy statement allows, read the way IAM reads it: action names
 * are case-insensitive, `*` matches any run of characters and `?` one.
 */
import type { PolicyDocument, Statement } from './document.js';
import pmData from './permissions-management-actions.json' with { type: 'json' };

const patternCache = new Map<string, RegExp>();

/** Compiles an IAM action pattern ("iam:Put*", "s3:Get?bject") to an anchored, case-insensitive regex. */
export function actionPattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    re = new RegExp(`^${body}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re;
}

export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  return actionPattern(pattern).test(action);
}

const isAllowWithAction = (s: Statement): s is Statement & { action: readonly string[] } =>
  s.effect === 'Allow' && s.action !== undefined;

const onAnyResource = (s: Statement) => s.resource?.includes('*') === true;

const isEverything = (a: string) => a === '*' || a === '*:*';

/** An Allow of Action `*` on Resource `*`: full administrator access. */
export function isAdminStatement(s: Statement): boolean {
  return isAllowWithAction(s) && onAnyResource(s) && s.action.some(isEverything);
}

/**
 * Whole-service grants of a statement: `s3:*`, `iam:*`, or `*` on specific
 * resources (every service, limited to those resources).
 */
export function serviceWildcards(s: Statement): string[] {
  if (!isAllowWithAction(s)) return [];
  return s.action.filter((a) => /^[a-z0-9-]+:\*$/i.test(a) || (isEverything(a) && !onAnyResource(s)));
}

/** Permissions-management actions by lower-cased service prefix, from the AWS service authorization reference. */
const pmByService: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries((pmData as { services: Record<string, string[]> }).services).map(([svc, names]) => [
    svc.toLowerCase(),
    names.map((n) => `${svc}:${n}`),
  ]),
);

/** Where the access-level data comes from (package and version), for reports. */
export const accessLevelSource: string = (pmData as { source: string }).source;

// Thousands of policies repeat the same few patterns; a cross-service pattern tests every action once.
const pmActionsCache = new Map<string, readonly string[]>();

/** Every permissions-management action (as "service:Action") that an action pattern covers. */
export function permissionsManagementActions(pattern: string): string[] {
  let actions = pmActionsCache.get(pattern);
  if (!actions) {
    actions = expandPermissionsManagement(pattern);
    pmActionsCache.set(pattern, actions);
  }
  return [...actions];
}

function expandPermissionsManagement(pattern: string): string[] {
  const colon = pattern.indexOf(':');
  if (colon < 0) return isEverything(pattern) ? [...pmByService.values()].flat() : [];
  const servicePattern = pattern.slice(0, colon);
  const services = /[*?]/.test(servicePattern)
    ? [...pmByService.keys()].filter((svc) => actionMatches(servicePattern, svc))
    : [servicePattern.toLowerCase()];
  const out: string[] = [];
  for (const svc of services) {
    for (const action of pmByService.get(svc) ?? []) {
      if (actionMatches(pattern, action)) out.push(action);
    }
  }
  return out;
}

/** The statement's Action patterns that allow some permissions-management action on Resource `*`. */
export function permissionsManagementGrants(s: Statement): { pattern: string; actions: string[] }[] {
  if (!isAllowWithAction(s) || !onAnyResource(s)) return [];
  return s.action
    .map((pattern) => ({ pattern, actions: permissionsManagementActions(pattern) }))
    .filter((g) => g.actions.length > 0);
}

/** Classification of one statement by the first matching policy check, per catalog precedence. */
export type StatementClass = 'admin-policy' | 'service-wildcard' | 'permissions-management-wildcard';

export function classifyStatement(s: Statement): StatementClass | null {
  if (isAdminStatement(s)) return 'admin-policy';
  if (serviceWildcards(s).length > 0) return 'service-wildcard';
  if (permissionsManagementGrants(s).length > 0) return 'permissions-management-wildcard';
  return null;
}

/**
 * Administrator rights as privileged-user-no-mfa and admin-granted define
 * them: an Allow of `*` or `iam:*` on Resource `*`.
 */
export function grantsAdministrator(doc: PolicyDocument): boolean {
  return doc.statements.some(
    (s) => isAllowWithAction(s) && onAnyResource(s) && s.action.some((a) => isEverything(a) || a.toLowerCase() === 'iam:*'),
  );
}

/** AWS managed policies that are administrator rights by name. */
export const ADMIN_MANAGED_POLICY_ARNS: ReadonlySet<string> = new Set([
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/IAMFullAccess',
]);

/** True for an AWS managed policy ARN in any partition (arn:aws:, arn:aws-cn:, arn:aws-us-gov:). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::aws:policy\//.test(arn);
}

/** Normalizes AWS managed policy ARNs across partitions to the arn:aws: form used in ADMIN_MANAGED_POLICY_ARNS. */
export function isAdminManagedPolicyArn(arn: string): boolean {
  return ADMIN_MANAGED_POLICY_ARNS.has(arn.replace(/^arn:aws[a-z-]*:/, 'arn:aws:'));
}
