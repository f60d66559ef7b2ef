import type { DetectionRule, RuleMatch } from '../model.js';
import { isAdminManagedPolicyArn } from '../policy/actions.js';
import { parsePolicyDocument } from '../policy/document.js';
import { documentsGrantAdministrator } from '../policy/permissions.js';
import type { PrincipalContext } from '../policy/resources.js';
import type { CloudTrailRecord } from './record.js';
import { IAM_SOURCE, accountOf, iamArn, isFailed, partitionOf, stringParam, type IamKind } from './lib/event.js';

/** The principal each attach/put event grants to, by its request parameter. */
const PRINCIPAL_EVENTS: ReadonlyMap<string, { kind: IamKind; param: string; inline: boolean }> = new Map([
  ['AttachUserPolicy', { kind: 'user', param: 'userName', inline: false }],
  ['AttachGroupPolicy', { kind: 'group', param: 'groupName', inline: false }],
  ['AttachRolePolicy', { kind: 'role', param: 'roleName', inline: false }],
  ['PutUserPolicy', { kind: 'user', param: 'userName', inline: true }],
  ['PutGroupPolicy', { kind: 'group', param: 'groupName', inline: true }],
  ['PutRolePolicy', { kind: 'role', param: 'roleName', inline: true }],
]);

/**
 * Whether the document the event sets grants administrator rights, read by
 * the policy engine in the event's account (and, for a user's or role's own
 * policy, with that principal's policy variables). CloudTrail records the
 * document as a JSON string; IAM accepted it, but a malformed one grants
 * nothing.
 */
function documentGrantsAdministrator(raw: unknown, record: CloudTrailRecord, principal: PrincipalContext | null): boolean {
  if (raw === undefined || raw === null) return false;
  // Every IAM resource is named only by a wildcard or by NotResource, and URL-encoding keeps both
  // readable: most documents are ruled out without being parsed.
  if (typeof raw === 'string' && !raw.includes('*') && !raw.includes('NotResource')) return false;
  try {
    const account = { account: accountOf(record) ?? '*', partition: partitionOf(record) };
    return documentsGrantAdministrator([parsePolicyDocument(raw)], { account, principal });
  } catch {
    return false;
  }
}

function principalGrant(record: CloudTrailRecord): RuleMatch | null {
  const target = PRINCIPAL_EVENTS.get(record.eventName);
  if (!target) return null;
  const name = stringParam(record, target.param);
  const principal = name ? iamArn(record, target.kind, name) : null;
  const who = `${target.kind} ${name ?? '(unnamed)'}`;
  if (target.inline) {
    const holder: PrincipalContext | null =
      name && principal ? { kind: target.kind as 'user' | 'group' | 'role', name, arn: principal, account: accountOf(record) ?? '*', partition: partitionOf(record) } : null;
    if (!documentGrantsAdministrator(record.requestParameters?.policyDocument, record, holder)) return null;
    const policyName = stringParam(record, 'policyName') ?? '(unnamed)';
    return { resource: principal, message: `Inline policy ${policyName} granting administrator access was put on ${who}` };
  }
  const policyArn = stringParam(record, 'policyArn');
  if (!policyArn || !isAdminManagedPolicyArn(policyArn)) return null;
  return { resource: principal, message: `${policyArn.slice(policyArn.lastIndexOf('/') + 1)} was attached to ${who}` };
}

/** A new default version rewrites what every holder of the policy may do. */
function policyVersionGrant(record: CloudTrailRecord): RuleMatch | null {
  const setAsDefault = record.requestParameters?.setAsDefault;
  if (setAsDefault !== true && setAsDefault !== 'true') return null;
  if (!documentGrantsAdministrator(record.requestParameters?.policyDocument, record, null)) return null;
  const policyArn = stringParam(record, 'policyArn') ?? null;
  return { resource: policyArn, message: `Policy ${policyArn ?? '(unnamed)'} got a default version granting administrator access` };
}

export const adminGranted: DetectionRule = {
  id: 'admin-granted',
  title: 'Administrator access granted',
  severity: 'high',
  practice:
    'Grant least privilege: full administrator rights (AdministratorAccess, IAMFullAccess, or any policy allowing every IAM action on every resource, however it is spelt) belong to very few, known principals, and each grant should be deliberate and reviewed.',
  references: [
    { standard: 'CIS', id: 'v3.0.0 1.16' },
    { standard: 'CIS', id: 'v5.0.0 1.15' },
    { standard: 'SecurityHub', id: 'IAM.1' },
    { standard: 'AWSConfig', id: 'iam-policy-no-statements-with-admin-access' },
    { standard: 'CIS', id: 'v3.0.0 4.4' },
    { standard: 'SecurityHub', id: 'CloudWatch.4' },
  ],
  remediation:
    'Confirm the grant was approved. If not, take it back: aws iam detach-user-policy --user-name <user> --policy-arn <arn> (detach-group-policy, detach-role-policy likewise); for an inline policy aws iam delete-user-policy --user-name <user> --policy-name <name>; for a policy version aws iam set-default-policy-version --policy-arn <arn> --version-id <previous> and aws iam delete-policy-version --policy-arn <arn> --version-id <new>.',
  match(record) {
    if (record.eventSource !== IAM_SOURCE || isFailed(record)) return null;
    if (record.eventName === 'CreatePolicyVersion') return policyVersionGrant(record);
    return principalGrant(record);
  },
};
