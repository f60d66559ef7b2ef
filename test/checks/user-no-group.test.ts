import { describe, expect, it } from 'vitest';
import { userNoGroup } from '../../shared/checks/user-no-group.js';
import { failures, groupDetail, userArn, userDetail } from '../helpers/account.js';

describe('user-no-group', () => {
  it('fails for each user in no group', () => {
    const users = [userDetail('alice'), userDetail('build-agent', { GroupList: [] }), userDetail('legacy', { GroupList: undefined })];
    expect(failures(userNoGroup, { users })).toEqual([
      { resource: userArn('build-agent'), message: 'User build-agent belongs to no group', details: { userName: 'build-agent' } },
      { resource: userArn('legacy'), message: 'User legacy belongs to no group', details: { userName: 'legacy' } },
    ]);
  });

  it('passes when every user is in a group', () => {
    const groups = [groupDetail('Staff'), groupDetail('Ops')];
    expect(failures(userNoGroup, { users: [userDetail('alice'), userDetail('bob', { GroupList: ['Staff', 'Ops'] })], groups })).toEqual([]);
  });

  it('near miss: an empty group, and an account with no users, give nothing', () => {
    expect(failures(userNoGroup, { groups: [groupDetail('Staff'), groupDetail('Empty')] })).toEqual([]);
  });
});
