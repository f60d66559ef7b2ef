import type { DetectionRule } from '../model.js';
import { passwordPolicyFailures } from '../policy/password-policy.js';
import type { PasswordPolicy } from '../snapshot/types.js';
import type { CloudTrailRecord } from './record.js';
import { IAM_SOURCE, isSuccessfulCall, rootArnOf } from './lib/event.js';
import { cis } from '../checks/lib/references.js';

const EVENTS: ReadonlySet<string> = new Set(['DeleteAccountPasswordPolicy', 'UpdateAccountPasswordPolicy']);

function flag(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A positive whole number, or null (AWS's 0 / absent: the setting is off). */
function count(value: unknown): number | null {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * The policy an UpdateAccountPasswordPolicy call leaves in force. The call
 * replaces the whole policy: a parameter left out takes its AWS default
 * (length 8, no character classes, no expiry, no reuse prevention).
 */
export function policyFromUpdate(record: CloudTrailRecord): PasswordPolicy {
  const p = record.requestParameters ?? {};
  const maxPasswordAge = count(p.maxPasswordAge);
  return {
    minimumPasswordLength: count(p.minimumPasswordLength) ?? 8,
    requireSymbols: flag(p.requireSymbols),
    requireNumbers: flag(p.requireNumbers),
    requireUppercaseCharacters: flag(p.requireUppercaseCharacters),
    requireLowercaseCharacters: flag(p.requireLowercaseCharacters),
    allowUsersToChangePassword: flag(p.allowUsersToChangePassword),
    expirePasswords: maxPasswordAge !== null,
    maxPasswordAge,
    passwordReusePrevention: count(p.passwordReusePrevention),
    hardExpiry: flag(p.hardExpiry),
  };
}

export const passwordPolicyWeakened: DetectionRule = {
  id: 'password-policy-weakened',
  title: 'Account password policy weakened',
  severity: 'high',
  practice:
    'Keep a strong account password policy (length, character classes, expiry, reuse prevention) so that IAM users\' console passwords resist guessing and reuse.',
  references: [
    ...cis('1.8', '1.7'),
    ...cis('1.9', '1.8'),
    { standard: 'SecurityHub', id: 'IAM.7' },
    { standard: 'AWSConfig', id: 'iam-password-policy' },
  ],
  remediation:
    'Restore a policy that meets the requirements: aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters --require-numbers --require-symbols --max-password-age 90 --password-reuse-prevention 24 --allow-users-to-change-password',
  reads: [{ eventSource: IAM_SOURCE, eventNames: [...EVENTS] }],
  match(record, config) {
    if (!isSuccessfulCall(record, IAM_SOURCE, EVENTS)) return null;
    const resource = rootArnOf(record);
    if (record.eventName === 'DeleteAccountPasswordPolicy') {
      return { resource, message: 'The account password policy was deleted: IAM users may now choose any password' };
    }
    const failures = passwordPolicyFailures(policyFromUpdate(record), config.passwordPolicy);
    if (failures.length === 0) return null;
    const what = failures.map((f) => `${f.requirement} ${f.actual} (expected ${f.expected})`).join('; ');
    return { resource, message: `The account password policy was updated below the requirements: ${what}` };
  },
};
