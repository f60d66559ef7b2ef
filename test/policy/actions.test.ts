import { describe, expect, it } from 'vitest';
import {
  accessLevelSource,
  actionMatches,
  classifyStatement,
  grantsAdministrator,
  isAdminManagedPolicyArn,
  isAdminStatement,
  isAwsManagedPolicyArn,
  permissionsManagementActions,
  permissionsManagementGrants,
  serviceWildcards,
} from '../../shared/policy/actions.js';
import { SERVICES, accessLevel, actionName } from '../../shared/policy/action-index.js';
import { allow } from '../helpers/account.js';
import { parsed } from '../helpers/policies.js';

const statement = (s: Record<string, unknown>) => parsed(s).statements[0];
// The permissions-management actions, listed from the action index one by one.
const pmOf = (svc: string) => {
  const r = SERVICES.find((s) => s.service === svc)!;
  return Array.from({ length: r.end - r.start }, (_, i) => r.start + i).filter((id) => accessLevel(id) === 'Permissions management').map(actionName);
};
const allPm = SERVICES.flatMap((s) => pmOf(s.service));
const iamPm = pmOf('iam');

describe('actionMatches', () => {
  it('matches case-insensitively, * as any run and ? as one character', () => {
    expect(actionMatches('iam:Put*', 'iam:PutUserPolicy')).toBe(true);
    expect(actionMatches('IAM:put*', 'iam:PutUserPolicy')).toBe(true);
    expect(actionMatches('iam:*Policy', 'iam:AttachRolePolicy')).toBe(true);
    expect(actionMatches('s3:Get?bject', 's3:GetObject')).toBe(true);
    expect(actionMatches('*', 'anything:AtAll')).toBe(true);
  });

  it('is anchored and treats regex characters literally', () => {
    expect(actionMatches('iam:Put', 'iam:PutUserPolicy')).toBe(false);
    expect(actionMatches('iam:*Policy', 'iam:DeleteRolePermissionsBoundary')).toBe(false);
    expect(actionMatches('s3.GetObject', 's3:GetObject')).toBe(false);
    expect(actionMatches('s3:Get?bject', 's3:GetObjectAcl')).toBe(false);
  });
});

describe('isAdminStatement', () => {
  it('is an Allow of * or *:* on Resource *, alone or among other values', () => {
    expect(isAdminStatement(statement(allow('*')))).toBe(true);
    expect(isAdminStatement(statement(allow('*:*')))).toBe(true);
    expect(isAdminStatement(statement(allow(['s3:GetObject', '*'], ['arn:aws:s3:::b/*', '*'])))).toBe(true);
  });

  it('near misses: specific resources, Deny, NotAction, a service wildcard', () => {
    expect(isAdminStatement(statement(allow('*', 'arn:aws:s3:::b')))).toBe(false);
    expect(isAdminStatement(statement({ Effect: 'Deny', Action: '*', Resource: '*' }))).toBe(false);
    expect(isAdminStatement(statement({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toBe(false);
    expect(isAdminStatement(statement(allow('iam:*')))).toBe(false);
  });
});

describe('serviceWildcards', () => {
  it('lists whole-service grants, whatever their case', () => {
    expect(serviceWildcards(statement(allow(['s3:*', 'IAM:*', 'ec2:DescribeInstances'])))).toEqual(['s3:*', 'IAM:*']);
    expect(serviceWildcards(statement(allow('ecr:*', 'arn:aws:ecr:us-east-1:111122223333:repository/x')))).toEqual(['ecr:*']);
  });

  it('counts * on specific resources as every service on those resources', () => {
    expect(serviceWildcards(statement(allow('*', 'arn:aws:s3:::b')))).toEqual(['*']);
    expect(serviceWildcards(statement(allow('*')))).toEqual([]);
  });

  it('near misses: partial wildcards, Deny, NotAction', () => {
    expect(serviceWildcards(statement(allow(['s3:Get*', 's3:*Object', 'iam:Put*'])))).toEqual([]);
    expect(serviceWildcards(statement({ Effect: 'Deny', Action: 's3:*', Resource: '*' }))).toEqual([]);
    expect(serviceWildcards(statement({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }))).toEqual([]);
  });
});

describe('permissionsManagementActions', () => {
  it('expands a prefix wildcard against the access-level data', () => {
    expect(permissionsManagementActions('iam:Put*').sort()).toEqual(iamPm.filter((a) => a.startsWith('iam:Put')).sort());
    expect(permissionsManagementActions('iam:Put*')).toEqual(
      expect.arrayContaining(['iam:PutUserPolicy', 'iam:PutRolePolicy', 'iam:PutGroupPolicy', 'iam:PutRolePermissionsBoundary']),
    );
  });

  it('expands a suffix wildcard', () => {
    const expected = iamPm.filter((a) => a.endsWith('Policy'));
    expect(permissionsManagementActions('iam:*Policy').sort()).toEqual(expected.sort());
    expect(expected).toEqual(expect.arrayContaining(['iam:AttachRolePolicy', 'iam:CreatePolicy', 'iam:UpdateAssumeRolePolicy']));
    expect(permissionsManagementActions('iam:*Policy')).not.toContain('iam:DeleteRolePermissionsBoundary');
  });

  it('expands *:* and * to every permissions-management action of every service', () => {
    expect(permissionsManagementActions('*:*').sort()).toEqual([...allPm].sort());
    expect(permissionsManagementActions('*').sort()).toEqual([...allPm].sort());
  });

  it('expands wildcards in the service part', () => {
    const found = permissionsManagementActions('*:PutBucketPolicy');
    expect(found).toContain('s3:PutBucketPolicy');
    expect(found.every((a) => a.endsWith(':PutBucketPolicy'))).toBe(true);
  });

  it('matches exact names case-insensitively and returns the data\'s spelling', () => {
    expect(permissionsManagementActions('IAM:attachrolepolicy')).toEqual(['iam:AttachRolePolicy']);
    expect(permissionsManagementActions('s3:PutBucket?olicy')).toEqual(['s3:PutBucketPolicy']);
  });

  it('gives nothing for actions of other access levels, unknown services or malformed patterns', () => {
    expect(permissionsManagementActions('iam:Get*')).toEqual([]);
    expect(permissionsManagementActions('iam:PassRole')).toEqual([]);
    expect(permissionsManagementActions('nosuchservice:*')).toEqual([]);
    expect(permissionsManagementActions('iamPut')).toEqual([]);
  });

  it('gives each caller its own list, so changing one does not change the next', () => {
    const first = permissionsManagementActions('iam:Put*');
    first.length = 0;
    expect(permissionsManagementActions('iam:Put*').length).toBeGreaterThan(0);
  });

  it('says where the access levels come from', () => {
    expect(accessLevelSource).toMatch(/^@cloud-copilot\/iam-data@/);
  });
});

describe('permissionsManagementGrants', () => {
  it('lists each Action pattern that allows some permissions-management action on Resource *', () => {
    const grants = permissionsManagementGrants(statement(allow(['iam:Put*', 's3:GetObject', 's3:PutBucketPolicy'])));
    expect(grants.map((g) => g.pattern)).toEqual(['iam:Put*', 's3:PutBucketPolicy']);
    expect(grants[1].actions).toEqual(['s3:PutBucketPolicy']);
  });

  it('near misses: specific resources, Deny, NotAction', () => {
    expect(permissionsManagementGrants(statement(allow('iam:Put*', 'arn:aws:iam::111122223333:role/app-*')))).toEqual([]);
    expect(permissionsManagementGrants(statement({ Effect: 'Deny', Action: 'iam:Put*', Resource: '*' }))).toEqual([]);
    expect(permissionsManagementGrants(statement({ Effect: 'Allow', NotAction: 'iam:Put*', Resource: '*' }))).toEqual([]);
  });
});

describe('classifyStatement', () => {
  it('reports a statement by the first matching check: admin, then service wildcard, then permissions management', () => {
    expect(classifyStatement(statement(allow(['*', 'iam:*', 'iam:Put*'])))).toBe('admin-policy');
    expect(classifyStatement(statement(allow(['iam:*', 'iam:Put*'])))).toBe('service-wildcard');
    expect(classifyStatement(statement(allow(['iam:Put*', 's3:GetObject'])))).toBe('permissions-management-wildcard');
    expect(classifyStatement(statement(allow(['s3:GetObject', 'iam:Get*'])))).toBeNull();
  });

  it('leaves NotAction statements to not-action-allow', () => {
    expect(classifyStatement(statement({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }))).toBeNull();
  });
});

describe('grantsAdministrator', () => {
  it('is an Allow of *, *:* or iam:* on Resource *', () => {
    expect(grantsAdministrator(parsed(allow('*')))).toBe(true);
    expect(grantsAdministrator(parsed(allow('s3:GetObject', 'arn:aws:s3:::b/*'), allow('IAM:*')))).toBe(true);
  });

  it('near misses: iam:* on a specific resource, iam:Put*, a Deny', () => {
    expect(grantsAdministrator(parsed(allow('iam:*', 'arn:aws:iam::111122223333:user/x')))).toBe(false);
    expect(grantsAdministrator(parsed(allow('iam:Put*')))).toBe(false);
    expect(grantsAdministrator(parsed({ Effect: 'Deny', Action: '*', Resource: '*' }))).toBe(false);
  });
});

describe('managed policy ARNs', () => {
  it('recognizes AWS managed policies and the administrator ones in every partition', () => {
    expect(isAwsManagedPolicyArn('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBe(true);
    expect(isAwsManagedPolicyArn('arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess')).toBe(true);
    expect(isAwsManagedPolicyArn('arn:aws:iam::111122223333:policy/AdministratorAccess')).toBe(false);
    expect(isAdminManagedPolicyArn('arn:aws-cn:iam::aws:policy/AdministratorAccess')).toBe(true);
    expect(isAdminManagedPolicyArn('arn:aws:iam::aws:policy/IAMFullAccess')).toBe(true);
    expect(isAdminManagedPolicyArn('arn:aws:iam::111122223333:policy/AdministratorAccess')).toBe(false);
    expect(isAdminManagedPolicyArn('arn:aws:iam::aws:policy/IAMReadOnlyAccess')).toBe(false);
  });
});
