import { describe, expect, it } from 'vitest';
import { roleTrustOidcUnscoped } from '../../shared/checks/role-trust-oidc-unscoped.js';
import { ACCOUNT, failures, roleArn } from '../helpers/account.js';
import { serviceLinkedRole, supportRole, trustingRole } from '../helpers/policies.js';

const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const EKS = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/0A1B2C3D4E5F`;
const web = (federated: string, condition?: Record<string, unknown>, action = 'sts:AssumeRoleWithWebIdentity') => ({
  Effect: 'Allow',
  Principal: { Federated: federated },
  Action: action,
  ...(condition ? { Condition: condition } : {}),
});
const aud = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

describe('role-trust-oidc-unscoped', () => {
  it('fails for a provider with no condition on <provider>:sub, naming the missing key', () => {
    const roles = [supportRole(), trustingRole('irsa', web(EKS))];
    expect(failures(roleTrustOidcUnscoped, { roles })).toEqual([
      {
        resource: roleArn('irsa'),
        message:
          'Role irsa trusts web identities of oidc.eks.us-west-2.amazonaws.com/id/0A1B2C3D4E5F with no condition pinning who (oidc.eks.us-west-2.amazonaws.com/id/0A1B2C3D4E5F:sub): anyone with an identity there can assume it',
        details: {
          roleName: 'irsa',
          trusts: [{ provider: 'oidc.eks.us-west-2.amazonaws.com/id/0A1B2C3D4E5F', federated: EKS, missingCondition: 'oidc.eks.us-west-2.amazonaws.com/id/0A1B2C3D4E5F:sub', statementIndex: 0 }],
        },
      },
    ]);
  });

  it('fails for GitHub when the sub\'s owner part holds a wildcard, or only aud is pinned', () => {
    const roles = [
      supportRole(),
      trustingRole('any-owner', web(GITHUB, { StringEquals: aud, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*/infra:ref:refs/heads/main' } })),
      trustingRole('owner-prefix', web(GITHUB, { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme*/infra:*' } })),
      trustingRole('everything', web(GITHUB, { StringLike: { 'token.actions.githubusercontent.com:sub': '*' } })),
      trustingRole('aud-only', web(GITHUB, { StringEquals: aud })),
      trustingRole('one-open-value', web(GITHUB, { StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/app:*', 'repo:?cme/app:*'] } })),
    ];
    expect(failures(roleTrustOidcUnscoped, { roles }).map((f) => f.resource)).toEqual(
      ['any-owner', 'owner-prefix', 'everything', 'aud-only', 'one-open-value'].map(roleArn),
    );
  });

  it('for Cognito, where the subject is an identity id, asks for an aud condition instead', () => {
    const roles = [
      supportRole(),
      trustingRole('open-pool', web('cognito-identity.amazonaws.com', { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } })),
      trustingRole('pinned-pool', web('cognito-identity.amazonaws.com', { StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:12345678-1234-1234-1234-123456789012' } })),
    ];
    expect(failures(roleTrustOidcUnscoped, { roles }).map((f) => [f.resource, f.details?.trusts])).toEqual([
      [roleArn('open-pool'), [expect.objectContaining({ missingCondition: 'cognito-identity.amazonaws.com:aud' })]],
    ]);
  });

  it('passes when the subject is pinned: a GitHub owner named, an EKS service account', () => {
    const roles = [
      supportRole(),
      trustingRole('gh', web(GITHUB, { StringEquals: aud, StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' } })),
      trustingRole('gh-env', web(GITHUB, { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:environment:prod' } })),
      trustingRole('eks', web(EKS, { StringEquals: { 'oidc.eks.us-west-2.amazonaws.com/id/0A1B2C3D4E5F:sub': 'system:serviceaccount:payments:api' } })),
    ];
    expect(failures(roleTrustOidcUnscoped, { roles })).toEqual([]);
  });

  it('near misses: SAML providers, another action, a Deny, a condition that holds when absent, a service-linked role', () => {
    const roles = [
      supportRole(),
      trustingRole('saml', web(`arn:aws:iam::${ACCOUNT}:saml-provider/okta`, undefined, 'sts:AssumeRoleWithSAML')),
      trustingRole('wrong-action', web(EKS, undefined, 'sts:TagSession')),
      trustingRole('deny', { ...web(EKS), Effect: 'Deny' }),
      serviceLinkedRole('AWSServiceRoleForX', { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [web(EKS)] } }),
    ];
    expect(failures(roleTrustOidcUnscoped, { roles })).toEqual([]);
    const ifExists = [supportRole(), trustingRole('if-exists', web(EKS, { StringEqualsIfExists: { 'oidc.eks.us-west-2.amazonaws.com/id/0A1B2C3D4E5F:sub': 'system:serviceaccount:a:b' } }))];
    expect(failures(roleTrustOidcUnscoped, { roles: ifExists })).toHaveLength(1);
  });

  it('carries its catalog metadata', () => {
    expect(roleTrustOidcUnscoped).toMatchObject({ id: 'role-trust-oidc-unscoped', severity: 'critical', resourceKinds: ['role'], inputs: ['authorizationDetails'] });
  });
});
