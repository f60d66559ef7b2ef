/**
 * The policy engine's public API: the one way iam-sentinel reads IAM policy
 * documents (catalog "How policies are read"). Checks, detection rules and
 * organization-level checks call these, and nothing else re-implements
 * action, resource or condition matching.
 *
 *   const doc = parsePolicyDocument(raw);               // object, JSON or URL-encoded text
 *   documentsGrantAdministrator([doc, …], { account });  // every IAM action on every resource?
 *   const e = permissionsOfDocuments([doc, …], { account, boundary });
 *   allows(e, 'iam:PassRole', 'arn:aws:iam::111122223333:role/x');
 *   administratorRights(e);                              // { admin, conditional, grants }
 *   accountRights(snapshot)?.of(principal);               // a snapshot principal's effective permissions
 *   escalationPaths(accountRights(snapshot)!);            // who can become an administrator, and how
 *
 * `account` ({ account: '111122223333', partition: 'aws' }) says which
 * account "every resource in the account" means; without it only
 * account-wide wildcards count. A `principal` context resolves policy
 * variables (`${aws:username}`); without one they match nothing.
 */
export { parsePolicyDocument, PolicyDocumentError, type PolicyDocument, type Statement } from './document.js';
export { compileDocument, compilePolicy, type CompiledDocument, type CompiledStatement } from './compile.js';
export { ACTION_DATA_SOURCE, actionSetOf, actionPatternMatches, accessLevel, actionId, actionName, type AccessLevel } from './action-index.js';
export {
  administratorRights,
  allowance,
  allowanceOnEveryResource,
  allows,
  documentsGrantAdministrator,
  effectivePermissions,
  permissionsOfDocuments,
  type AdministratorVerdict,
  type Allowance,
  type DocumentsOptions,
  type EffectivePermissions,
  type Grant,
  type PolicyInput,
  type PolicyRef,
} from './permissions.js';
export { arnMatches, resolveVariables, type AccountContext, type PrincipalContext } from './resources.js';
export { narrowsToKnownAccounts, pinsKey, isConditional } from './conditions.js';
export { anyPrincipalStatements, trustAllowsCaller, trustedServices, unguardedExternalTrusts, webIdentityTrusts } from './trust.js';
export { classifyCompiled, STATEMENT_CLASSES, type StatementClass } from './statements.js';
export { accountRights, type AccountRights, type PrincipalRights } from './principals.js';
export { escalationPaths, ESCALATION_METHODS, MAX_STEPS, type EscalationMethod, type EscalationPath, type EscalationStep } from './escalation.js';
export { isAwsManagedPolicyArn, isAdminManagedPolicyArn } from './actions.js';
export { useManagedPolicyLibrary, type ManagedPolicyLibrary } from './managed-library.js';
