import type { DetectionRule } from '../model.js';
import { IAM_SOURCE, iamArn, isSuccessfulCall, stringParam } from './lib/event.js';

const EVENTS: ReadonlyMap<string, { kind: 'user' | 'role'; removed: boolean }> = new Map([
  ['DeleteUserPermissionsBoundary', { kind: 'user', removed: true }],
  ['DeleteRolePermissionsBoundary', { kind: 'role', removed: true }],
  ['PutUserPermissionsBoundary', { kind: 'user', removed: false }],
  ['PutRolePermissionsBoundary', { kind: 'role', removed: false }],
]);
const NAMES: ReadonlySet<string> = new Set(EVENTS.keys());

export const permissionsBoundaryChanged: DetectionRule = {
  id: 'permissions-boundary-changed',
  title: 'Permissions boundary removed or replaced',
  severity: 'high',
  practice:
    'A permissions boundary caps what a user or role can ever do, whatever policies it is given (delegated administration relies on it): removing or swapping it lifts the cap, so only administrators should, and deliberately.',
  references: [
    { standard: 'IAMBestPractices', id: 'Use permissions boundaries to delegate permissions management within an account', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html' },
  ],
  remediation:
    'Confirm the change was approved. If not, put the intended boundary back: aws iam put-user-permissions-boundary --user-name <user> --permissions-boundary <policy arn> (put-role-permissions-boundary --role-name <role> for a role), and review what the principal did without it.',
  reads: [{ eventSource: IAM_SOURCE, eventNames: [...NAMES] }],
  match(record) {
    if (!isSuccessfulCall(record, IAM_SOURCE, NAMES)) return null;
    const { kind, removed } = EVENTS.get(record.eventName)!;
    const name = stringParam(record, kind === 'user' ? 'userName' : 'roleName');
    const principal = name ? iamArn(record, kind, name) : null;
    const who = `${kind === 'user' ? 'user' : 'role'} ${name ?? '(unnamed)'}`;
    if (removed) return { resource: principal, message: `The permissions boundary of ${who} was removed` };
    return { resource: principal, message: `The permissions boundary of ${who} is now ${stringParam(record, 'permissionsBoundary') ?? '(unnamed policy)'}` };
  },
};
