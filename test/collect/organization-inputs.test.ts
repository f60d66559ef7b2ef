import { IAMClient, ListOrganizationsFeaturesCommand } from '@aws-sdk/client-iam';
import { DescribeGroupCommand, DescribeUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  DescribePermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { collectIdentityCenter, collectOrganizationInputs, collectOrganizationsFeatures } from '../../shared/collect/organization-inputs.js';
import { identityCenterSchema, normalizeIdentityCenter } from '../../shared/snapshot/organization.js';
import { awsError } from './fake-aws.js';

const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
const ssoAdmin = new SSOAdminClient({ region: 'eu-west-1', credentials });
const identityStore = new IdentitystoreClient({ region: 'eu-west-1', credentials });
const iam = new IAMClient({ region: 'us-east-1', credentials });
const sso = mockClient(ssoAdmin);
const store = mockClient(identityStore);
const iamMock = mockClient(iam);
const instant = { retry: { sleep: async () => {} } };
afterEach(() => {
  sso.reset();
  store.reset();
  iamMock.reset();
});

const INSTANCE = 'arn:aws:sso:::instance/ssoins-1';
const ADMIN = 'arn:aws:sso:::permissionSet/ssoins-1/ps-admin';
const DEV = 'arn:aws:sso:::permissionSet/ssoins-1/ps-dev';

function serveInstance() {
  sso.on(ListInstancesCommand).resolves({ Instances: [{ InstanceArn: INSTANCE, IdentityStoreId: 'd-1', OwnerAccountId: '111111111111', Status: 'ACTIVE' }] });
  sso.on(ListPermissionSetsCommand, { InstanceArn: INSTANCE, NextToken: undefined, MaxResults: 100 }).resolves({ PermissionSets: [ADMIN], NextToken: 'n' });
  sso.on(ListPermissionSetsCommand, { InstanceArn: INSTANCE, NextToken: 'n', MaxResults: 100 }).resolves({ PermissionSets: [DEV] });
  sso.on(DescribePermissionSetCommand, { PermissionSetArn: ADMIN }).resolves({ PermissionSet: { Name: 'Admin', SessionDuration: 'PT1H' } });
  sso.on(DescribePermissionSetCommand, { PermissionSetArn: DEV }).resolves({ PermissionSet: { Name: 'Dev', SessionDuration: 'PT8H' } });
  sso.on(ListManagedPoliciesInPermissionSetCommand, { PermissionSetArn: ADMIN }).resolves({ AttachedManagedPolicies: [{ Name: 'AdministratorAccess', Arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }] });
  sso.on(ListManagedPoliciesInPermissionSetCommand, { PermissionSetArn: DEV }).resolves({ AttachedManagedPolicies: [] });
  sso.on(ListCustomerManagedPolicyReferencesInPermissionSetCommand, { PermissionSetArn: ADMIN }).resolves({ CustomerManagedPolicyReferences: [] });
  sso.on(ListCustomerManagedPolicyReferencesInPermissionSetCommand, { PermissionSetArn: DEV }).resolves({ CustomerManagedPolicyReferences: [{ Name: 'DevTools', Path: '/teams/' }] });
  sso.on(GetInlinePolicyForPermissionSetCommand, { PermissionSetArn: ADMIN }).resolves({ InlinePolicy: '' });
  sso.on(GetInlinePolicyForPermissionSetCommand, { PermissionSetArn: DEV }).resolves({ InlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' });
  sso.on(GetPermissionsBoundaryForPermissionSetCommand, { PermissionSetArn: ADMIN }).rejects(awsError('ResourceNotFoundException', 'no boundary', 404));
  sso.on(GetPermissionsBoundaryForPermissionSetCommand, { PermissionSetArn: DEV }).resolves({ PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' } });
  sso.on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: ADMIN }).resolves({ AccountIds: ['111111111111', '222222222222'] });
  sso.on(ListAccountsForProvisionedPermissionSetCommand, { PermissionSetArn: DEV }).resolves({ AccountIds: ['222222222222'] });
  sso.on(ListAccountAssignmentsCommand, { PermissionSetArn: ADMIN, AccountId: '111111111111' }).resolves({ AccountAssignments: [{ AccountId: '111111111111', PermissionSetArn: ADMIN, PrincipalType: 'USER', PrincipalId: 'u-1' }] });
  sso.on(ListAccountAssignmentsCommand, { PermissionSetArn: ADMIN, AccountId: '222222222222' }).resolves({ AccountAssignments: [{ AccountId: '222222222222', PermissionSetArn: ADMIN, PrincipalType: 'GROUP', PrincipalId: 'g-1' }] });
  sso.on(ListAccountAssignmentsCommand, { PermissionSetArn: DEV, AccountId: '222222222222' }).resolves({ AccountAssignments: [{ AccountId: '222222222222', PermissionSetArn: DEV, PrincipalType: 'USER', PrincipalId: 'u-gone' }] });
  store.on(DescribeUserCommand, { UserId: 'u-1' }).resolves({ UserName: 'alice', UserId: 'u-1', IdentityStoreId: 'd-1' });
  store.on(DescribeUserCommand, { UserId: 'u-gone' }).rejects(awsError('ResourceNotFoundException', 'no such user', 404));
  store.on(DescribeGroupCommand, { GroupId: 'g-1' }).resolves({ DisplayName: 'Platform', GroupId: 'g-1', IdentityStoreId: 'd-1' });
}

describe('collectIdentityCenter', () => {
  it('reads every permission set (all pages) with its policies, boundary and assignments, principals by name, in the identity-center.json format', async () => {
    serveInstance();
    const ic = await collectIdentityCenter({ ssoAdmin, identityStore }, { ...instant, managementAccountId: '111111111111' });
    expect(ic).toEqual({
      instanceArn: INSTANCE,
      identityStoreId: 'd-1',
      managementAccountId: '111111111111',
      permissionSets: [
        { arn: ADMIN, name: 'Admin', sessionDuration: 'PT1H', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'], customerManagedPolicies: [], inlinePolicy: null, permissionsBoundary: null },
        {
          arn: DEV,
          name: 'Dev',
          sessionDuration: 'PT8H',
          managedPolicies: [],
          customerManagedPolicies: [{ name: 'DevTools', path: '/teams/' }],
          inlinePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
          permissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
        },
      ],
      assignments: [
        { permissionSetArn: ADMIN, accountId: '111111111111', principalType: 'USER', principalId: 'u-1', principalName: 'alice' },
        { permissionSetArn: ADMIN, accountId: '222222222222', principalType: 'GROUP', principalId: 'g-1', principalName: 'Platform' },
        { permissionSetArn: DEV, accountId: '222222222222', principalType: 'USER', principalId: 'u-gone', principalName: null },
      ],
    });
    // What is collected reads back as the file would.
    expect(identityCenterSchema.safeParse(ic).success).toBe(true);
    expect(normalizeIdentityCenter(ic!).permissionSets[1].inlinePolicy?.statements[0].action).toEqual(['s3:*']);
  });

  it('is absent (not a gap) where the caller sees no Identity Center: denied, or no instance in this Region', async () => {
    sso.on(ListInstancesCommand).rejects(awsError('AccessDeniedException', 'not authorized', 403));
    expect(await collectIdentityCenter({ ssoAdmin, identityStore }, instant)).toBeUndefined();
    sso.reset();
    sso.on(ListInstancesCommand).resolves({ Instances: [] });
    expect(await collectIdentityCenter({ ssoAdmin, identityStore }, instant)).toBeUndefined();
  });

  it('once an instance is found, a read that fails is a gap, and the organization features are still kept', async () => {
    serveInstance();
    sso.on(ListAccountAssignmentsCommand).rejects(awsError('AccessDeniedException', 'User is not authorized to perform: sso:ListAccountAssignments', 403));
    iamMock.on(ListOrganizationsFeaturesCommand).resolves({ OrganizationId: 'o-abc', EnabledFeatures: ['RootCredentialsManagement'] });
    const result = await collectOrganizationInputs({ ssoAdmin, identityStore, iam }, instant);
    expect(result.raw).toEqual({ organizationsFeatures: { OrganizationId: 'o-abc', EnabledFeatures: ['RootCredentialsManagement'] } });
    expect(result.gaps).toEqual([{ input: 'identityCenter', reason: 'AccessDeniedException: User is not authorized to perform: sso:ListAccountAssignments' }]);
  });
});

describe('collectOrganizationsFeatures', () => {
  it('reads the enabled features', async () => {
    iamMock.on(ListOrganizationsFeaturesCommand).resolves({ OrganizationId: 'o-abc', EnabledFeatures: ['RootSessions'] });
    expect(await collectOrganizationsFeatures(iam, instant)).toEqual({ OrganizationId: 'o-abc', EnabledFeatures: ['RootSessions'] });
  });

  it("IAM's trusted access not enabled means nothing is managed centrally: that is the answer, not a failure", async () => {
    iamMock.on(ListOrganizationsFeaturesCommand).rejects(awsError('ServiceAccessNotEnabledException', 'trusted access is not enabled'));
    expect(await collectOrganizationsFeatures(iam, instant)).toEqual({ EnabledFeatures: [] });
  });

  it('outside an organization it is absent; a caller that may not ask fails (a gap)', async () => {
    iamMock.on(ListOrganizationsFeaturesCommand).rejects(awsError('OrganizationNotFoundException', 'not in an organization'));
    expect(await collectOrganizationsFeatures(iam, instant)).toBeUndefined();
    iamMock.reset();
    iamMock.on(ListOrganizationsFeaturesCommand).rejects(awsError('AccountNotManagementOrDelegatedAdministratorException', 'not the management account'));
    await expect(collectOrganizationsFeatures(iam, instant)).rejects.toThrow('not the management account');
  });
});
