/**
 * Every periodic check, in catalog order. The `checks` command, the README
 * table and the HTML report are generated from this list.
 */
import type { Check } from '../model.js';
import { isOrganizationInput } from '../snapshot/organization.js';
import { rootAccessKey } from './root-access-key.js';
import { rootMfa } from './root-mfa.js';
import { rootHardwareMfa } from './root-hardware-mfa.js';
import { rootRecentUse } from './root-recent-use.js';
import { passwordPolicyMissing } from './password-policy-missing.js';
import { passwordPolicyWeak } from './password-policy-weak.js';
import { userConsoleNoMfa } from './user-console-no-mfa.js';
import { accessKeyAge } from './access-key-age.js';
import { passwordAge } from './password-age.js';
import { unusedCredentials } from './unused-credentials.js';
import { multipleActiveKeys } from './multiple-active-keys.js';
import { workloadUserKeys } from './workload-user-keys.js';
import { userAttachedPolicies } from './user-attached-policies.js';
import { userNoGroup } from './user-no-group.js';
import { inlinePolicy } from './inline-policy.js';
import { adminPolicy } from './admin-policy.js';
import { serviceWildcard } from './service-wildcard.js';
import { notActionAllow } from './not-action-allow.js';
import { permissionsManagementWildcard } from './permissions-management-wildcard.js';
import { privilegedUserNoMfa } from './privileged-user-no-mfa.js';
import { roleTrustAnyPrincipal } from './role-trust-any-principal.js';
import { roleTrustExternalNoCondition } from './role-trust-external-no-condition.js';
import { unusedRole } from './unused-role.js';
import { supportRoleMissing } from './support-role-missing.js';
import { cloudtrailMultiRegion } from './cloudtrail-multi-region.js';
import { cloudtrailLogValidation } from './cloudtrail-log-validation.js';
import { accountAliasMissing } from './account-alias-missing.js';
import { adminPrincipal } from './admin-principal.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { passroleAnyRole } from './passrole-any-role.js';
import { assumeAnyRole } from './assume-any-role.js';
import { kmsDecryptAnyKey } from './kms-decrypt-any-key.js';
import { roleTrustOidcUnscoped } from './role-trust-oidc-unscoped.js';
import { roleTrustServiceNoSource } from './role-trust-service-no-source.js';
import { cloudshellFullAccess } from './cloudshell-full-access.js';
import { initialAccessKeyUnused } from './initial-access-key-unused.js';
import { serverCertificateExpired } from './server-certificate-expired.js';
import { accessAnalyzerDisabled } from './access-analyzer-disabled.js';
import { securityContactMissing } from './security-contact-missing.js';
import { ssoAdminPermissionSet } from './sso-admin-permission-set.js';
import { ssoAdminAssignedToUser } from './sso-admin-assigned-to-user.js';
import { ssoManagementAccountAccess } from './sso-management-account-access.js';
import { rootCredentialsUnmanaged } from './root-credentials-unmanaged.js';
import { collectionGap } from './collection-gap.js';

export const CHECKS: readonly Check[] = [
  rootAccessKey,
  rootMfa,
  rootHardwareMfa,
  rootRecentUse,
  passwordPolicyMissing,
  passwordPolicyWeak,
  userConsoleNoMfa,
  accessKeyAge,
  passwordAge,
  unusedCredentials,
  multipleActiveKeys,
  workloadUserKeys,
  userAttachedPolicies,
  userNoGroup,
  inlinePolicy,
  adminPolicy,
  serviceWildcard,
  notActionAllow,
  permissionsManagementWildcard,
  privilegedUserNoMfa,
  roleTrustAnyPrincipal,
  roleTrustExternalNoCondition,
  unusedRole,
  supportRoleMissing,
  cloudtrailMultiRegion,
  cloudtrailLogValidation,
  accountAliasMissing,
  adminPrincipal,
  privilegeEscalation,
  passroleAnyRole,
  assumeAnyRole,
  kmsDecryptAnyKey,
  roleTrustOidcUnscoped,
  roleTrustServiceNoSource,
  cloudshellFullAccess,
  initialAccessKeyUnused,
  serverCertificateExpired,
  accessAnalyzerDisabled,
  securityContactMissing,
  // Organization checks (catalog "Organization checks"): they apply where the organization inputs are, the management account.
  ssoAdminPermissionSet,
  ssoAdminAssignedToUser,
  ssoManagementAccountAccess,
  rootCredentialsUnmanaged,
  collectionGap,
];

/** Organization checks (catalog "Organization checks") read an organization-level input; the rest judge one account. */
export const isOrganizationCheck = (c: Check): boolean => c.inputs.some(isOrganizationInput);

/** The checks that apply to any one account's snapshot. */
export const ACCOUNT_CHECKS: readonly Check[] = CHECKS.filter((c) => !isOrganizationCheck(c));

export const CHECKS_BY_ID: ReadonlyMap<string, Check> = new Map(CHECKS.map((c) => [c.id, c]));
