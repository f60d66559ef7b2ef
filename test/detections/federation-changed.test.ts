import { describe, expect, it } from 'vitest';
import { federationChanged } from '../../shared/detections/federation-changed.js';
import { apiCall, iamCall, matchOf } from './records.js';

const OIDC = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
const SAML = 'arn:aws:iam::111122223333:saml-provider/okta';
const PERMISSION_SET = 'arn:aws:sso:::permissionSet/ssoins-7223e1a0b9c4d5f6/ps-0f1e2d3c4b5a6978';

describe('federation-changed', () => {
  it('fires on every change to a SAML or OIDC provider', () => {
    expect(matchOf(federationChanged, iamCall('AddClientIDToOpenIDConnectProvider', { requestParameters: { openIDConnectProviderArn: OIDC, clientID: 'sigstore' } }))).toEqual({
      resource: OIDC,
      message: `OIDC identity provider ${OIDC} gained a client ID (audience)`,
    });
    const created = iamCall('CreateSAMLProvider', { requestParameters: { name: 'okta', sAMLMetadataDocument: '<md:EntityDescriptor/>' }, responseElements: { sAMLProviderArn: SAML } });
    expect(matchOf(federationChanged, created)?.resource).toBe(SAML);
    const oidc = iamCall('CreateOpenIDConnectProvider', { requestParameters: { url: 'https://token.actions.githubusercontent.com', clientIDList: ['sts.amazonaws.com'] } });
    expect(matchOf(federationChanged, oidc)?.resource).toBe(OIDC);
    for (const name of ['UpdateSAMLProvider', 'DeleteSAMLProvider']) {
      expect(matchOf(federationChanged, iamCall(name, { requestParameters: { sAMLProviderArn: SAML } }))?.resource, name).toBe(SAML);
    }
    for (const name of ['UpdateOpenIDConnectProviderThumbprint', 'RemoveClientIDFromOpenIDConnectProvider', 'DeleteOpenIDConnectProvider']) {
      expect(matchOf(federationChanged, iamCall(name, { requestParameters: { openIDConnectProviderArn: OIDC } }))?.resource, name).toBe(OIDC);
    }
  });

  it('fires on Roles Anywhere trust anchors and Identity Center permission sets', () => {
    const anchor = apiCall('rolesanywhere.amazonaws.com', 'DisableTrustAnchor', { requestParameters: { trustAnchorId: '2a0b5e9c-1234-4d5e-8f9a-0b1c2d3e4f5a' } });
    expect(matchOf(federationChanged, anchor)?.resource).toBe('arn:aws:rolesanywhere:us-east-1:111122223333:trust-anchor/2a0b5e9c-1234-4d5e-8f9a-0b1c2d3e4f5a');
    const assignment = apiCall('sso.amazonaws.com', 'CreateAccountAssignment', {
      awsRegion: 'us-west-2',
      requestParameters: { instanceArn: 'arn:aws:sso:::instance/ssoins-7223e1a0b9c4d5f6', targetId: '111122223333', targetType: 'AWS_ACCOUNT', permissionSetArn: PERMISSION_SET, principalType: 'GROUP', principalId: 'a4c8e2f0' },
    });
    expect(matchOf(federationChanged, assignment)).toEqual({
      resource: PERMISSION_SET,
      message: `IAM Identity Center permission set ${PERMISSION_SET} was assigned to group a4c8e2f0 in 111122223333`,
    });
    const inline = apiCall('sso.amazonaws.com', 'PutInlinePolicyToPermissionSet', { requestParameters: { permissionSetArn: PERMISSION_SET, inlinePolicy: '{}' } });
    expect(matchOf(federationChanged, inline)?.message).toContain('got an inline policy');
  });

  it('near miss: a failed call, reads, and a name outside the list or from another service', () => {
    expect(matchOf(federationChanged, iamCall('DeleteSAMLProvider', { requestParameters: { sAMLProviderArn: SAML }, errorCode: 'AccessDenied' }))).toBeNull();
    expect(matchOf(federationChanged, iamCall('GetOpenIDConnectProvider', { requestParameters: { openIDConnectProviderArn: OIDC }, readOnly: true }))).toBeNull();
    expect(matchOf(federationChanged, apiCall('sso.amazonaws.com', 'DeleteAccountAssignment', { requestParameters: { permissionSetArn: PERMISSION_SET } }))).toBeNull();
    expect(matchOf(federationChanged, apiCall('sso.amazonaws.com', 'CreateSAMLProvider', { requestParameters: { name: 'okta' } }))).toBeNull();
  });
});
