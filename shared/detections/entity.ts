/**
 * The IAM user, group, role or policy a state-changing IAM event names, for
 * targeted re-evaluation (catalog: "Every successful IAM event that changes
 * state … triggers a targeted re-evaluation of the periodic checks for the
 * principal or policy it names"). The principals its change reaches beyond
 * the one named (a policy's holders, a group's members) are found by the
 * collection (shared/collect/entity.ts), which reads the account.
 */
import type { EntityRef, EventSelector } from '../model.js';
import type { CloudTrailRecord } from './record.js';
import { IAM_SOURCE, iamArn, isFailed, isIamUserCaller, responseObject, stringParam, type IamKind } from './lib/event.js';

/** SetDefaultPolicyVersion among them: rolling a policy back changes what every holder may do. */
const STATE_CHANGING_PREFIXES = ['Create', 'Delete', 'Attach', 'Detach', 'Put', 'Update', 'Add', 'Remove', 'Deactivate', 'Enable', 'Change', 'Upload', 'Set'];
const STATE_CHANGING = new RegExp(`^(${STATE_CHANGING_PREFIXES.join('|')})`);

/** What the re-evaluation reads (for the deployed event rule): IAM's state-changing events. */
export const REEVALUATION_READS: readonly EventSelector[] = [{ eventSource: IAM_SOURCE, eventNames: STATE_CHANGING_PREFIXES.map((prefix) => ({ prefix })) }];
const TAGGING = /^(Tag|Untag)/;

/**
 * Calls that act on the caller's own credentials when no userName is given
 * (the IAM API's default): they name the caller when it is an IAM user.
 */
const CALLER_DEFAULT: ReadonlySet<string> = new Set([
  'ChangePassword',
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'UploadSigningCertificate',
  'UpdateSigningCertificate',
  'DeleteSigningCertificate',
  'EnableMFADevice',
  'DeactivateMFADevice',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'DeleteLoginProfile',
]);

/**
 * Which request parameter names the entity, most specific first:
 * AddUserToGroup names a user and a group, and it is the user whose rights
 * change; AttachUserPolicy names a user and a policy, likewise. A rename
 * (UpdateUser, UpdateGroup) is looked up under its new name.
 */
const NAME_PARAMS: readonly (readonly [kind: Exclude<IamKind, 'policy'>, params: readonly string[]])[] = [
  ['user', ['newUserName', 'userName']],
  ['group', ['newGroupName', 'groupName']],
  ['role', ['roleName']],
];

/** The response object that carries the created entity's ARN (with its path). */
const RESPONSE_OBJECT: Readonly<Record<IamKind, string>> = { user: 'user', group: 'group', role: 'role', policy: 'policy' };

function ref(record: CloudTrailRecord, kind: IamKind, name: string): EntityRef | null {
  const created = responseObject(record, RESPONSE_OBJECT[kind]);
  const createdArn = typeof created?.arn === 'string' && created.arn.endsWith(`/${name}`) ? created.arn : null;
  const arn = createdArn ?? iamArn(record, kind, name, stringParam(record, 'newPath') ?? stringParam(record, 'path'));
  return arn ? { kind, name, arn } : null;
}

function policyRef(arn: string): EntityRef {
  return { kind: 'policy', name: arn.slice(arn.lastIndexOf('/') + 1), arn };
}

/** The entity a successful state-changing IAM event names; null for account settings and everything else. */
export function entityOfEvent(record: CloudTrailRecord): EntityRef | null {
  if (record.eventSource !== IAM_SOURCE || isFailed(record)) return null;
  if (!STATE_CHANGING.test(record.eventName) || TAGGING.test(record.eventName)) return null;

  for (const [kind, params] of NAME_PARAMS) {
    for (const param of params) {
      const name = stringParam(record, param);
      if (name) return ref(record, kind, name);
    }
  }

  const policyArn = stringParam(record, 'policyArn');
  if (policyArn) return policyRef(policyArn);
  if (record.eventName === 'CreatePolicy') {
    const created = responseObject(record, 'policy');
    if (typeof created?.arn === 'string') return policyRef(created.arn);
    const name = stringParam(record, 'policyName');
    return name ? ref(record, 'policy', name) : null;
  }
  // A service-linked role is named by AWS, not in the request.
  if (record.eventName === 'CreateServiceLinkedRole') {
    const role = responseObject(record, 'role');
    return typeof role?.roleName === 'string' ? ref(record, 'role', role.roleName) : null;
  }

  if (CALLER_DEFAULT.has(record.eventName) && isIamUserCaller(record)) {
    const { userName, arn } = record.userIdentity;
    if (userName && arn) return { kind: 'user', name: userName, arn };
  }
  return null;
}
