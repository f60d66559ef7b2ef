import { describe, expect, it } from 'vitest';
import { permissionsBoundaryChanged } from '../../shared/detections/permissions-boundary-changed.js';
import { iamCall, matchOf, policyArn, roleArn, userArn } from './records.js';

describe('permissions-boundary-changed', () => {
  it('fires when a user\'s or role\'s boundary is replaced or removed', () => {
    const put = iamCall('PutUserPermissionsBoundary', { requestParameters: { userName: 'build-agent', permissionsBoundary: policyArn('CiBoundary') } });
    expect(matchOf(permissionsBoundaryChanged, put)).toEqual({
      resource: userArn('build-agent'),
      message: `The permissions boundary of user build-agent is now ${policyArn('CiBoundary')}`,
    });
    expect(matchOf(permissionsBoundaryChanged, iamCall('DeleteRolePermissionsBoundary', { requestParameters: { roleName: 'deployer' } }))).toEqual({
      resource: roleArn('deployer'),
      message: 'The permissions boundary of role deployer was removed',
    });
    expect(matchOf(permissionsBoundaryChanged, iamCall('DeleteUserPermissionsBoundary', { requestParameters: { userName: 'x' } }))).not.toBeNull();
    expect(matchOf(permissionsBoundaryChanged, iamCall('PutRolePermissionsBoundary', { requestParameters: { roleName: 'x', permissionsBoundary: policyArn('B') } }))).not.toBeNull();
  });

  it('near miss: a failed call, and a role created with a boundary (not a change of one)', () => {
    expect(matchOf(permissionsBoundaryChanged, iamCall('DeleteRolePermissionsBoundary', { requestParameters: { roleName: 'deployer' }, errorCode: 'AccessDenied' }))).toBeNull();
    expect(matchOf(permissionsBoundaryChanged, iamCall('CreateRole', { requestParameters: { roleName: 'x', permissionsBoundary: policyArn('B') } }))).toBeNull();
  });
});
