import { describe, expect, it } from 'vitest';
import { ssoManagementAccountAccess } from '../../shared/checks/sso-management-account-access.js';
import { failures } from '../helpers/account.js';
import { ACCOUNT, MEMBER, assignment, identityCenter, permissionSet, permissionSetArn } from '../helpers/identity-center.js';

describe('sso-management-account-access', () => {
  it('fails for any set assigned in the management account (the snapshot\'s own account), administrator or not', () => {
    const ic = identityCenter(
      [permissionSet('Billing'), permissionSet('Member')],
      [assignment('Billing', ACCOUNT, 'GROUP', 'Finance'), assignment('Member', MEMBER, 'GROUP', 'Developers')],
    );
    expect(failures(ssoManagementAccountAccess, { identityCenter: ic })).toEqual([
      {
        resource: permissionSetArn('Billing'),
        message: `Permission set Billing is assigned in the management account ${ACCOUNT} to 1 principal (group Finance)`,
        details: {
          permissionSet: 'Billing',
          managementAccountId: ACCOUNT,
          assignments: [{ accountId: ACCOUNT, principalType: 'GROUP', principalId: 'id-Finance', principalName: 'Finance' }],
        },
      },
    ]);
  });

  it('takes the management account from the file when it names one (a delegated administrator\'s snapshot)', () => {
    const ic = identityCenter([permissionSet('Ops')], [assignment('Ops', ACCOUNT, 'GROUP', 'Ops'), assignment('Ops', MEMBER, 'USER', 'carol')], { managementAccountId: MEMBER });
    const [f] = failures(ssoManagementAccountAccess, { identityCenter: ic });
    expect(f.details).toMatchObject({ managementAccountId: MEMBER, assignments: [{ accountId: MEMBER, principalName: 'carol' }] });
  });

  it('passes when nothing is assigned in the management account', () => {
    const ic = identityCenter([permissionSet('Member')], [assignment('Member', MEMBER, 'USER', 'dan')]);
    expect(failures(ssoManagementAccountAccess, { identityCenter: ic })).toEqual([]);
  });
});
