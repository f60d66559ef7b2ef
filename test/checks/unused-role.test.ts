import { describe, expect, it } from 'vitest';
import { unusedRole } from '../../shared/checks/unused-role.js';
import { daysAgo, failures, roleArn, roleDetail } from '../helpers/account.js';
import { serviceLinkedRole, supportRole } from '../helpers/policies.js';

const usedDaysAgo = (name: string, days: number) => roleDetail(name, { RoleLastUsed: { LastUsedDate: daysAgo(days), Region: 'us-east-1' } });
const neverUsed = (name: string, createdDaysAgo: number) => roleDetail(name, { CreateDate: daysAgo(createdDaysAgo), RoleLastUsed: {} });

describe('unused-role', () => {
  it('fails for a role last used one day more than unusedRoleDays ago', () => {
    expect(failures(unusedRole, { roles: [supportRole(), usedDaysAgo('old', 91)] })).toEqual([
      {
        resource: roleArn('old'),
        message: 'Role old was last used 91 days ago (more than 90)',
        details: { roleName: 'old', lastUsed: daysAgo(91).slice(0, 10), created: daysAgo(300).slice(0, 10), daysUnused: 91, thresholdDays: 90 },
      },
    ]);
  });

  it('fails for a role never used, counting from its creation', () => {
    const found = failures(unusedRole, { roles: [supportRole(), neverUsed('idle', 91)] });
    expect(found.map((f) => [f.resource, f.message])).toEqual([[roleArn('idle'), 'Role idle was never used and was created 91 days ago (more than 90)']]);
    expect(found[0].details?.lastUsed).toBeNull();
  });

  it('follows the configured threshold', () => {
    expect(failures(unusedRole, { roles: [supportRole(), usedDaysAgo('old', 31)] }, { unusedRoleDays: 30 }).map((f) => f.resource)).toEqual([roleArn('old')]);
    expect(failures(unusedRole, { roles: [supportRole(), usedDaysAgo('old', 30)] }, { unusedRoleDays: 30 })).toEqual([]);
  });

  it('passes for roles used recently', () => {
    expect(failures(unusedRole, { roles: [supportRole(), usedDaysAgo('busy', 0)] })).toEqual([]);
  });

  it('near misses: exactly unusedRoleDays since use or creation, a long-used role created long ago, a service-linked role', () => {
    const roles = [
      supportRole(),
      usedDaysAgo('edge', 90),
      usedDaysAgo('almost', 90.9),
      neverUsed('new', 90),
      serviceLinkedRole('AWSServiceRoleForX', { RoleLastUsed: {}, CreateDate: daysAgo(900) }),
    ];
    expect(failures(unusedRole, { roles })).toEqual([]);
  });
});
