/**
 * Every real-time detection rule, in catalog order (catalog.md "Real-time
 * detections"): what detect() runs, and what the catalog, the `checks`
 * command and notifications read metadata from.
 */
import type { DetectionRule } from '../model.js';
import { accessKeyCreated } from './access-key-created.js';
import { adminGranted } from './admin-granted.js';
import { cloudtrailTampering } from './cloudtrail-tampering.js';
import { consoleLoginNoMfa } from './console-login-no-mfa.js';
import { loginProfileChanged } from './login-profile-changed.js';
import { mfaRemoved } from './mfa-removed.js';
import { monitorTampering } from './monitor-tampering.js';
import { passwordPolicyWeakened } from './password-policy-weakened.js';
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
];

export const DETECTION_RULES_BY_ID: ReadonlyMap<string, DetectionRule> = new Map(DETECTION_RULES.map((r) => [r.id, r]));
