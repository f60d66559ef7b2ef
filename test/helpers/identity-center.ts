/** Identity Center inputs in the identity-center.json format of design.md, for the sso-* check tests. */
import type { RawAccountAssignment, RawIdentityCenter, RawPermissionSet } from '../../shared/snapshot/organization.js';
import { ACCOUNT } from './account.js';

export const INSTANCE = 'arn:aws:sso:::instance/ssoins-1111222233334444';
export const MEMBER = '444455556666';
export const permissionSetArn = (id: string) => `arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-${id}`;

export function permissionSet(id: string, overrides: Partial<RawPermissionSet> = {}): RawPermissionSet {
  return {
    arn: permissionSetArn(id),
    name: id,
    sessionDuration: 'PT1H',
    managedPolicies: [],
    customerManagedPolicies: [],
    inlinePolicy: null,
    permissionsBoundary: null,
    ...overrides,
  };
}

export function assignment(set: string, accountId: string, principalType: 'USER' | 'GROUP', principalName: string): RawAccountAssignment {
  return { permissionSetArn: permissionSetArn(set), accountId, principalType, principalId: `id-${principalName}`, principalName };
}

/** Identity Center read from the management account ACCOUNT (the snapshot's own). */
export function identityCenter(permissionSets: RawPermissionSet[], assignments: RawAccountAssignment[] = [], extra: Partial<RawIdentityCenter> = {}): RawIdentityCenter {
  return { instanceArn: INSTANCE, identityStoreId: 'd-1234567890', permissionSets, assignments, ...extra };
}

export { ACCOUNT };
