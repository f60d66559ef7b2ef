import { describe, expect, it } from 'vitest';
import { roleTrustAnyPrincipal } from '../../shared/checks/role-trust-any-principal.js';
import { ACCOUNT, failures, roleArn, urlEncoded, policyDoc, roleDetail } from '../helpers/account.js';
import { serviceLinkedRole, supportRole, trustStatement, trustingRole } from '../helpers/policies.js';

describe('role-trust-any-principal', () => {
  it('fails for a role anyone may assume, with the statement in details', () => {
    const roles = [supportRole(), trustingRole('open', trustStatement({ AWS: '*' }, { StringEquals: { 'sts:ExternalId': 'shared' } }, { Sid: 'Anyone' }))];
    expect(failures(roleTrustAnyPrincipal, { roles })).toEqual([
      {
        resource: roleArn('open'),
        message:
          'Role open can be assumed by any AWS principal (Principal "*" with no condition pinning an organization or account)',
        details: { roleName: 'open', statements: [{ index: 0, sid: 'Anyone', actions: ['sts:AssumeRole'], conditionKeys: ['sts:ExternalId'] }] },
      },
    ]);
  });

  it('fails for Principal "*" in a URL-encoded trust document, and for conditions that do not narrow', () => {
    const roles = [
      supportRole(),
      roleDetail('encoded', { AssumeRolePolicyDocument: urlEncoded(policyDoc(trustStatement('*'))) }),
      trustingRole('if-exists', trustStatement({ AWS: ['*'] }, { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } })),
      trustingRole('negated', trustStatement('*', { StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } })),
    ];
    expect(failures(roleTrustAnyPrincipal, { roles }).map((f) => f.resource)).toEqual([roleArn('encoded'), roleArn('if-exists'), roleArn('negated')]);
  });

  it('sees through conditions that pin nothing (StringLike "o-*", "*", "?*"), and accepts a literal "*" (it narrows, to nothing)', () => {
    const roles = [
      supportRole(),
      ...['o-*', '*', '?*'].map((v, i) => trustingRole(`like-${i}`, trustStatement({ AWS: '*' }, { StringLike: { 'aws:PrincipalOrgID': v } }))),
      trustingRole('literal', trustStatement({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': '*' } })),
      trustingRole('org-path', trustStatement('*', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/*'] } })),
    ];
    expect(failures(roleTrustAnyPrincipal, { roles }).map((f) => f.resource)).toEqual([roleArn('like-0'), roleArn('like-1'), roleArn('like-2')]);
  });

  it('passes when a * principal is narrowed to the organization or an account', () => {
    const roles = [
      supportRole(),
      trustingRole('org', trustStatement('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } })),
      trustingRole('account', trustStatement({ AWS: '*' }, { StringEquals: { 'AWS:PrincipalAccount': ACCOUNT } })),
      trustingRole('source', trustStatement({ AWS: '*' }, { StringEquals: { 'aws:SourceAccount': ACCOUNT } })),
    ];
    expect(failures(roleTrustAnyPrincipal, { roles })).toEqual([]);
  });

  it('near misses: a Deny of *, a service principal, a named account, a service-linked role', () => {
    const roles = [
      supportRole(),
      trustingRole('deny', { ...trustStatement('*'), Effect: 'Deny' }, trustStatement({ Service: 'ec2.amazonaws.com' })),
      trustingRole('vendor', trustStatement({ AWS: 'arn:aws:iam::777788889999:root' })),
      serviceLinkedRole('AWSServiceRoleForX', { AssumeRolePolicyDocument: policyDoc(trustStatement('*')) }),
    ];
    expect(failures(roleTrustAnyPrincipal, { roles })).toEqual([]);
  });
});
