/**
 * Every real-time detection rule, in catalog order (catalog.md "Real-time
 * detections"): what detect() runs, and what the catalog, the `checks`
 * command and notifications read metadata from.
 */
import type { DetectionRule, EventSelector } from '../model.js';
import { accessDeniedBurst } from './access-denied-burst.js';
import { accessKeyCreated } from './access-key-created.js';
import { adminGranted } from './admin-granted.js';
import { backdoorCredentials } from './backdoor-credentials.js';
import { cloudtrailTampering } from './cloudtrail-tampering.js';
import { compromisedKeyQuarantine } from './compromised-key-quarantine.js';
import { consoleLoginFailures } from './console-login-failures.js';
import { consoleLoginNoMfa } from './console-login-no-mfa.js';
import { federationChanged } from './federation-changed.js';
import { federationTokenMinted } from './federation-token-minted.js';
import { IAM_SOURCE } from './lib/event.js';
import { loginProfileChanged } from './login-profile-changed.js';
import { mfaRemoved } from './mfa-removed.js';
import { monitorTampering } from './monitor-tampering.js';
import { passwordPolicyWeakened } from './password-policy-weakened.js';
import { passwordSpraying } from './password-spraying.js';
import { permissionsBoundaryChanged } from './permissions-boundary-changed.js';
import { policyDefaultVersionSet } from './policy-default-version-set.js';
import { roleTrustOpened } from './role-trust-opened.js';
import { rootAccessKeyCreated } from './root-access-key-created.js';
import { rootAccessKeyUsed } from './root-access-key-used.js';
import { rootActivity } from './root-activity.js';

export const DETECTION_RULES: readonly DetectionRule[] = [
  rootActivity,
  rootAccessKeyUsed,
  rootAccessKeyCreated,
  consoleLoginNoMfa,
  mfaRemoved,
  accessKeyCreated,
  loginProfileChanged,
  adminGranted,
  passwordPolicyWeakened,
  cloudtrailTampering,
  roleTrustOpened,
  monitorTampering,
  policyDefaultVersionSet,
  backdoorCredentials,
  federationChanged,
  compromisedKeyQuarantine,
  permissionsBoundaryChanged,
  federationTokenMinted,
  consoleLoginFailures,
  passwordSpraying,
  accessDeniedBurst,
];

export const DETECTION_RULES_BY_ID: ReadonlyMap<string, DetectionRule> = new Map(DETECTION_RULES.map((r) => [r.id, r]));

/**
 * What the two rules that do not declare `reads` themselves read (they are
 * being rebased on the policy engine elsewhere; the declaration moves into
 * them when they next change).
 */
const UNDECLARED_READS: Readonly<Record<string, readonly EventSelector[]>> = {
  'admin-granted': [
    {
      eventSource: IAM_SOURCE,
      eventNames: ['AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy', 'PutUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'CreatePolicyVersion'],
    },
  ],
  'role-trust-opened': [{ eventSource: IAM_SOURCE, eventNames: ['CreateRole', 'UpdateAssumeRolePolicy'] }],
};

/** The CloudTrail events `rule` reads: what the deployed event rule must forward for it. */
export function eventsReadBy(rule: DetectionRule): readonly EventSelector[] {
  const reads = rule.reads ?? UNDECLARED_READS[rule.id];
  if (!reads) throw new Error(`detection rule ${rule.id} declares no events it reads`);
  return reads;
}

/**
 * The event sources whose records `rule` can match, or null for any (a
 * selector without a source, or a rule that declares none): lets detect()
 * give each record only the rules of its service.
 */
export function sourcesReadBy(rule: DetectionRule): ReadonlySet<string> | null {
  const reads = rule.reads ?? UNDECLARED_READS[rule.id];
  if (!reads || reads.some((r) => r.eventSource === undefined)) return null;
  return new Set(reads.map((r) => r.eventSource!));
}
