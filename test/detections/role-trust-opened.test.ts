import { describe, expect, it } from 'vitest';
import { roleTrustOpened } from '../../shared/detections/role-trust-opened.js';
import { ACCOUNT, OTHER_ACCOUNT, iamCall, matchOf, policyJson, roleArn } from './records.js';

const assume = (principal: unknown, condition?: unknown) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {}),
});
const updateTrust = (statements: unknown[]) => iamCall('UpdateAssumeRolePolicy', { requestParameters: { roleName: 'deploy', policyDocument: policyJson(statements) } });

describe('role-trust-opened', () => {
  it('fires when a role is created trusting any AWS principal', () => {
    const record = iamCall('CreateRole', {
      requestParameters: { roleName: 'deploy', path: '/ci/', assumeRolePolicyDocument: policyJson([assume({ AWS: '*' })]) },
      responseElements: { role: { path: '/ci/', roleName: 'deploy', roleId: 'AROAEXAMPLEDEPLOY001', arn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy`, createDate: 'Nov 10, 2026, 10:00:00 AM' } },
    });
    expect(matchOf(roleTrustOpened, record)).toEqual({
      resource: `arn:aws:iam::${ACCOUNT}:role/ci/deploy`,
      message: 'Role deploy now trusts any principal (*) with no organization or account condition',
    });
  });

  it('fires for Principal * narrowed only by an ExternalId (anyone may present it)', () => {
    expect(matchOf(roleTrustOpened, updateTrust([assume('*', { StringEquals: { 'sts:ExternalId': 'abc' } })]))?.resource).toBe(roleArn('deploy'));
  });

  it('fires when a role trusts an outside account without ExternalId or MFA', () => {
    expect(matchOf(roleTrustOpened, updateTrust([assume({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` })]))?.message).toBe(
      `Role deploy now trusts account ${OTHER_ACCOUNT} with no ExternalId or MFA condition`,
    );
  });

  it('near miss: * narrowed to the organization, an outside account with ExternalId, a trusted account, this account, a service', () => {
    const safe = [
      [assume({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } })],
      [assume({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, { StringEquals: { 'sts:ExternalId': 'vendor-7f3a' } })],
      [assume({ AWS: `arn:aws:iam::${ACCOUNT}:root` })],
      [assume({ Service: 'lambda.amazonaws.com' })],
    ];
    for (const statements of safe) expect(matchOf(roleTrustOpened, updateTrust(statements))).toBeNull();
    expect(matchOf(roleTrustOpened, updateTrust([assume({ AWS: OTHER_ACCOUNT })]), { trustedAccounts: [OTHER_ACCOUNT] })).toBeNull();
  });

  it('sees through conditions that narrow nothing: StringLike o-*, *, ?*', () => {
    for (const value of ['o-*', '*', '?*']) {
      expect(matchOf(roleTrustOpened, updateTrust([assume({ AWS: '*' }, { StringLike: { 'aws:PrincipalOrgID': value } })]))?.resource, value).toBe(roleArn('deploy'));
    }
  });

  it('near miss: StringEquals with "*" matches only the string "*" (narrowed, to nothing); a pinned org path or account ARN', () => {
    const narrowed = [
      { StringEquals: { 'aws:PrincipalOrgID': '*' } },
      { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/*'] } },
      { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/*` } },
    ];
    for (const condition of narrowed) expect(matchOf(roleTrustOpened, updateTrust([assume({ AWS: '*' }, condition)])), JSON.stringify(condition)).toBeNull();
  });

  it('near miss: a rejected trust update', () => {
    const record = iamCall('UpdateAssumeRolePolicy', {
      requestParameters: { roleName: 'deploy', policyDocument: policyJson([assume({ AWS: '*' })]) },
      errorCode: 'AccessDenied',
    });
    expect(matchOf(roleTrustOpened, record)).toBeNull();
  });
});
