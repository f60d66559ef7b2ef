import type { DetectionRule, EventSelector } from '../model.js';
import type { CloudTrailRecord } from './record.js';
import { accountOf, IAM_SOURCE, isFailed, partitionOf, responseObject, stringParam } from './lib/event.js';

const ROLES_ANYWHERE_SOURCE = 'rolesanywhere.amazonaws.com';
/** IAM Identity Center's administration API (sso-admin) logs under this source. */
const IDENTITY_CENTER_SOURCE = 'sso.amazonaws.com';

type Kind = 'saml' | 'oidc' | 'trust-anchor' | 'permission-set';

/** The whole rule, by event source: what each event changes, in words. */
const EVENTS: Readonly<Record<string, Readonly<Record<string, readonly [Kind, string]>>>> = {
  [IAM_SOURCE]: {
    CreateSAMLProvider: ['saml', 'was created'],
    UpdateSAMLProvider: ['saml', 'got new metadata'],
    DeleteSAMLProvider: ['saml', 'was deleted'],
    CreateOpenIDConnectProvider: ['oidc', 'was created'],
    UpdateOpenIDConnectProviderThumbprint: ['oidc', 'got new thumbprints'],
    AddClientIDToOpenIDConnectProvider: ['oidc', 'gained a client ID (audience)'],
    RemoveClientIDFromOpenIDConnectProvider: ['oidc', 'lost a client ID (audience)'],
    DeleteOpenIDConnectProvider: ['oidc', 'was deleted'],
  },
  [ROLES_ANYWHERE_SOURCE]: {
    CreateTrustAnchor: ['trust-anchor', 'was created'],
    UpdateTrustAnchor: ['trust-anchor', 'was changed'],
    DeleteTrustAnchor: ['trust-anchor', 'was deleted'],
    DisableTrustAnchor: ['trust-anchor', 'was disabled'],
  },
  [IDENTITY_CENTER_SOURCE]: {
    CreatePermissionSet: ['permission-set', 'was created'],
    UpdatePermissionSet: ['permission-set', 'was changed'],
    AttachManagedPolicyToPermissionSet: ['permission-set', 'got an AWS managed policy'],
    AttachCustomerManagedPolicyReferenceToPermissionSet: ['permission-set', 'got a customer managed policy'],
    PutInlinePolicyToPermissionSet: ['permission-set', 'got an inline policy'],
    PutPermissionsBoundaryToPermissionSet: ['permission-set', 'got a permissions boundary'],
    CreateAccountAssignment: ['permission-set', 'was assigned'],
  },
};

const NAMES: Readonly<Record<Kind, string>> = {
  saml: 'SAML identity provider',
  oidc: 'OIDC identity provider',
  'trust-anchor': 'IAM Roles Anywhere trust anchor',
  'permission-set': 'IAM Identity Center permission set',
};

function iamProviderArn(record: CloudTrailRecord, kind: 'saml' | 'oidc'): string | null {
  const param = kind === 'saml' ? 'sAMLProviderArn' : 'openIDConnectProviderArn';
  const given = stringParam(record, param) ?? record.responseElements?.[param];
  if (typeof given === 'string' && given) return given;
  const account = accountOf(record);
  const name = kind === 'saml' ? stringParam(record, 'name') : stringParam(record, 'url')?.replace(/^https:\/\//, '');
  return name && account ? `arn:${partitionOf(record)}:iam::${account}:${kind === 'saml' ? 'saml-provider' : 'oidc-provider'}/${name}` : null;
}

function trustAnchorArn(record: CloudTrailRecord): string | null {
  const created = responseObject(record, 'trustAnchor')?.trustAnchorArn;
  if (typeof created === 'string' && created) return created;
  const id = stringParam(record, 'trustAnchorId');
  const account = accountOf(record);
  return id && account && record.awsRegion ? `arn:${partitionOf(record)}:rolesanywhere:${record.awsRegion}:${account}:trust-anchor/${id}` : (id ?? null);
}

function permissionSetArn(record: CloudTrailRecord): string | null {
  const created = responseObject(record, 'permissionSet')?.permissionSetArn;
  return stringParam(record, 'permissionSetArn') ?? (typeof created === 'string' && created ? created : null);
}

function resourceOf(record: CloudTrailRecord, kind: Kind): string | null {
  switch (kind) {
    case 'saml':
    case 'oidc':
      return iamProviderArn(record, kind);
    case 'trust-anchor':
      return trustAnchorArn(record);
    case 'permission-set':
      return permissionSetArn(record);
  }
}

export const federationChanged: DetectionRule = {
  id: 'federation-changed',
  title: 'Federation trust changed',
  severity: 'high',
  practice:
    'Identity providers, Roles Anywhere trust anchors and Identity Center permission sets decide who from outside IAM may become whom inside it: a new or changed one is a new way in, and an attacker\'s favourite persistence, so each change should be a reviewed one.',
  references: [
    { standard: 'IAMBestPractices', id: 'Require human users to use federation with an identity provider', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' },
    { standard: 'Other', id: 'MITRE ATT&CK T1484.002 (trust modification)', url: 'https://attack.mitre.org/techniques/T1484/002/' },
  ],
  remediation:
    'Confirm the change with the team that owns federation. If it was not planned, undo it: aws iam delete-saml-provider --saml-provider-arn <arn> / aws iam delete-open-id-connect-provider --open-id-connect-provider-arn <arn> (or remove-client-id-from-open-id-connect-provider), aws rolesanywhere disable-trust-anchor --trust-anchor-id <id>, aws sso-admin delete-account-assignment ... / detach the policy from the permission set; then review the roles that trust the provider (their trust policies) and what was done through it.',
  reads: Object.entries(EVENTS).map(([eventSource, names]): EventSelector => ({ eventSource, eventNames: Object.keys(names) })),
  match(record) {
    const event = EVENTS[record.eventSource]?.[record.eventName];
    if (!event || isFailed(record)) return null;
    const [kind, what] = event;
    const resource = resourceOf(record, kind);
    const assignment =
      record.eventName === 'CreateAccountAssignment'
        ? ` to ${(stringParam(record, 'principalType') ?? 'principal').toLowerCase()} ${stringParam(record, 'principalId') ?? '(unnamed)'} in ${stringParam(record, 'targetId') ?? 'an account'}`
        : '';
    return { resource, message: `${NAMES[kind]} ${resource ?? '(unnamed)'} ${what}${assignment}` };
  },
};
