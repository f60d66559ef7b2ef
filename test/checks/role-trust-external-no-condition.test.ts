import { describe, expect, it } from 'vitest';
import { roleTrustExternalNoCondition } from '../../shared/checks/role-trust-external-no-condition.js';
import { OTHER_ACCOUNT, ROOT_ARN, failures, policyDoc, roleArn } from '../helpers/account.js';
import { serviceLinkedRole, supportRole, trustStatement, trustingRole } from '../helpers/policies.js';

const THIRD_ACCOUNT = '444455556666';
const otherRoot = `arn:aws:iam::${OTHER_ACCOUNT}:root`;

describe('role-trust-external-no-condition', () => {
  it('fails for a role trusting another account with no condition', () => {
    const roles = [supportRole(), trustingRole('vendor', trustStatement({ AWS: otherRoot }))];
    expect(failures(roleTrustExternalNoCondition, { roles })).toEqual([
      {
        resource: roleArn('vendor'),
        message: `Role vendor trusts account ${OTHER_ACCOUNT} with no sts:ExternalId or MFA condition`,
        details: { roleName: 'vendor', accounts: [OTHER_ACCOUNT], trusts: [{ account: OTHER_ACCOUNT, principal: otherRoot, statementIndex: 0 }] },
      },
    ]);
  });

  it('fails once per role, listing each account once, for ids, roles and unrelated conditions', () => {
    const roles = [
      supportRole(),
      trustingRole(
        'deploy',
        trustStatement({ AWS: [THIRD_ACCOUNT, `arn:aws:iam::${OTHER_ACCOUNT}:role/ci`] }),
        trustStatement({ AWS: otherRoot }, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
      ),
    ];
    const found = failures(roleTrustExternalNoCondition, { roles });
    expect(found).toHaveLength(1);
    expect(found[0].message).toBe(`Role deploy trusts accounts ${THIRD_ACCOUNT}, ${OTHER_ACCOUNT} with no sts:ExternalId or MFA condition`);
    expect(found[0].details?.accounts).toEqual([THIRD_ACCOUNT, OTHER_ACCOUNT]);
    expect(found[0].details?.trusts).toHaveLength(3);
  });

  it('fails when the MFA condition passes without MFA (IfExists)', () => {
    const roles = [supportRole(), trustingRole('people', trustStatement({ AWS: otherRoot }, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }))];
    expect(failures(roleTrustExternalNoCondition, { roles }).map((f) => f.resource)).toEqual([roleArn('people')]);
  });

  it('passes with an ExternalId or MFA condition, for this account, and for trusted accounts', () => {
    const roles = [
      supportRole(),
      trustingRole('auditor', trustStatement({ AWS: otherRoot }, { StringEquals: { 'sts:ExternalId': 'x-41' } })),
      trustingRole('people', trustStatement({ AWS: otherRoot }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })),
      trustingRole('local', trustStatement({ AWS: ROOT_ARN })),
      trustingRole('sibling', trustStatement({ AWS: `arn:aws:iam::${THIRD_ACCOUNT}:root` })),
    ];
    expect(failures(roleTrustExternalNoCondition, { roles }, { trustedAccounts: [THIRD_ACCOUNT] })).toEqual([]);
  });

  it('near misses: a trusted account given as config, a * principal (the other check\'s), a service principal, a service-linked role', () => {
    const roles = [
      supportRole(),
      trustingRole('open', trustStatement('*')),
      trustingRole('lambda', trustStatement({ Service: 'lambda.amazonaws.com' })),
      serviceLinkedRole('AWSServiceRoleForX', { AssumeRolePolicyDocument: policyDoc(trustStatement({ AWS: otherRoot })) }),
    ];
    expect(failures(roleTrustExternalNoCondition, { roles })).toEqual([]);
    expect(failures(roleTrustExternalNoCondition, { roles: [trustingRole('vendor', trustStatement({ AWS: otherRoot }))] }, { trustedAccounts: [OTHER_ACCOUNT] })).toEqual([]);
  });
});
