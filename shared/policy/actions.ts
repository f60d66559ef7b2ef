/**
 * Action-level questions about policies, answered by the policy engine
 * (action-index.ts, statements.ts, permissions.ts): kept under their
 * original names for the callers that ask them.
 */
import { ACTION_DATA_SOURCE, accessLevel, actionName, actionPatternMatches, actionSetOf } from './action-index.js';
import type { PolicyDocument, Statement } from './document.js';
import { globRegExp } from './glob.js';
import { documentsGrantAdministrator, type DocumentsOptions } from './permissions.js';
import {
  classifyCompiled,
  compileStatementAlone,
  grantsEverything,
  permissionsManagementGrant,
  wholeServiceGrants,
  type StatementClass,
} from './statements.js';

export type { StatementClass } from './statements.js';

/** Where the action list and access levels come from (package and version), for reports. */
export const accessLevelSource: string = ACTION_DATA_SOURCE;

/** An IAM action pattern ("iam:Put*", "s3:Get?bject") as an anchored, case-insensitive regex. */
export function actionPattern(pattern: string): RegExp {
  return globRegExp(pattern.toLowerCase(), true);
}

export function actionMatches(pattern: string, action: string): boolean {
  return actionPatternMatches(pattern, action);
}

/** An Allow of every action on every resource: full administrator access. */
export function isAdminStatement(s: Statement): boolean {
  return grantsEverything(compileStatementAlone(s));
}

/** The statement's Action patterns that make it allow whole services (`s3:*`, `iam:*?`; `*` on specific resources). */
export function serviceWildcards(s: Statement): string[] {
  const whole = new Set(wholeServiceGrants(compileStatementAlone(s)).flatMap((g) => g.patterns));
  return (s.action ?? []).filter((p) => whole.has(p));
}

/** Every permissions-management action (as "service:Action") an action pattern covers, sorted. */
export function permissionsManagementActions(pattern: string): string[] {
  return Array.from(actionSetOf(pattern).ids)
    .filter((id) => accessLevel(id) === 'Permissions management')
    .map(actionName)
    .sort();
}

/** The statement's Action patterns that allow some permissions-management action on every resource, with the actions. */
export function permissionsManagementGrants(s: Statement): { pattern: string; actions: string[] }[] {
  const grant = permissionsManagementGrant(compileStatementAlone(s));
  if (!grant) return [];
  return grant.patterns.map((pattern) => ({ pattern, actions: grant.actions.filter((a) => actionPatternMatches(pattern, a)) }));
}

/** The first policy check that claims the statement, per catalog precedence. */
export function classifyStatement(s: Statement): StatementClass | null {
  return classifyCompiled(compileStatementAlone(s));
}

/** Whether the document (alone) grants administrator rights: every IAM action on every resource, after its Denies. */
export function grantsAdministrator(doc: PolicyDocument, options: DocumentsOptions = {}): boolean {
  return documentsGrantAdministrator([doc], options);
}

/** AWS managed policies that are administrator rights by name (attach events carry no document). */
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
