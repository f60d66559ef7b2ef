import { describe, expect, it } from 'vitest';
import { ssoAdminAssignedToUser } from '../../shared/checks/sso-admin-assigned-to-user.js';
import { failures } from '../helpers/account.js';
import { MEMBER, assignment, identityCenter, permissionSet, permissionSetArn } from '../helpers/identity-center.js';

const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('sso-admin-assigned-to-user', () => {
  it('fails for an administrator set assigned to a user, naming the users and accounts', () => {
    const ic = identityCenter(
      [permissionSet('Admin', { managedPolicies: [admin] })],
      [assignment('Admin', MEMBER, 'USER', 'bob'), assignment('Admin', '777788889999', 'USER', 'bob'), assignment('Admin', MEMBER, 'GROUP', 'Platform')],
    );
    expect(failures(ssoAdminAssignedToUser, { identityCenter: ic })).toEqual([
      {
        resource: permissionSetArn('Admin'),
        message: 'Administrator permission set Admin is assigned directly to 1 user (bob) rather than to a group',
        details: {
          permissionSet: 'Admin',
          userAssignments: [
            { accountId: MEMBER, principalType: 'USER', principalId: 'id-bob', principalName: 'bob' },
            { accountId: '777788889999', principalType: 'USER', principalId: 'id-bob', principalName: 'bob' },
          ],
        },
      },
    ]);
  });

  it('passes when the administrator set is assigned to groups only', () => {
    const ic = identityCenter([permissionSet('Admin', { managedPolicies: [admin] })], [assignment('Admin', MEMBER, 'GROUP', 'Platform')]);
    expect(failures(ssoAdminAssignedToUser, { identityCenter: ic })).toEqual([]);
  });

  it('near miss: a user assigned a set without administrator rights', () => {
    const ic = identityCenter([permissionSet('ReadOnly', { managedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })], [assignment('ReadOnly', MEMBER, 'USER', 'bob')]);
    expect(failures(ssoAdminAssignedToUser, { identityCenter: ic })).toEqual([]);
  });

  it('names a user by id when the identity store had no name for it', () => {
    const ic = identityCenter([permissionSet('Admin', { managedPolicies: [admin] })], [{ ...assignment('Admin', MEMBER, 'USER', 'x'), principalId: 'u-42', principalName: null }]);
    expect(failures(ssoAdminAssignedToUser, { identityCenter: ic })[0].message).toContain('(u-42)');
  });
});
