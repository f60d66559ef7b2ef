import { describe, expect, it } from 'vitest';
import { MAX_LISTED_ACTIONS, permissionsManagementWildcard } from '../../shared/checks/permissions-management-wildcard.js';
import { accessLevelSource, permissionsManagementActions } from '../../shared/policy/actions.js';
import { allow, failures, groupArn, groupDetail, managedPolicy, policyArn, policyDoc, urlEncoded } from '../helpers/account.js';
import { inline } from '../helpers/policies.js';

describe('permissions-management-wildcard', () => {
  it('fails for iam:Put* on Resource *, with the expanded actions', () => {
    const policies = [managedPolicy('Delegate', policyDoc({ Sid: 'Put', ...allow(['iam:Put*', 'iam:GetRole']) }))];
    const found = failures(permissionsManagementWildcard, { policies });
    const expanded = permissionsManagementActions('iam:Put*').sort();
    expect(expanded).toContain('iam:PutRolePolicy');
    expect(found).toEqual([
      {
        resource: policyArn('Delegate'),
        message: `Customer managed policy Delegate allows ${expanded.length} permissions-management actions on Resource "*" via iam:Put* (statement 0 (Sid Put))`,
        details: {
          policyName: 'Delegate',
          policyArn: policyArn('Delegate'),
          statements: [{ index: 0, sid: 'Put', patterns: ['iam:Put*'], actions: expanded, actionCount: expanded.length }],
          accessLevelSource,
        },
      },
    ]);
  });

  it('expands suffix wildcards and exact names, case-insensitively, without counting overlaps twice', () => {
    const groups = [groupDetail('Staff', { GroupPolicyList: [inline('policies', urlEncoded(policyDoc(allow(['iam:*Policy', 'IAM:attachrolepolicy']))))] })];
    const found = failures(permissionsManagementWildcard, { groups });
    const expanded = permissionsManagementActions('iam:*Policy').sort();
    expect(found.map((f) => [f.resource, f.qualifier])).toEqual([[groupArn('Staff'), 'inline:policies']]);
    expect(found[0].details?.statements).toEqual([
      { index: 0, sid: null, patterns: ['iam:*Policy', 'IAM:attachrolepolicy'], actions: expanded.slice(0, MAX_LISTED_ACTIONS), actionCount: expanded.length },
    ]);
    expect(found[0].message).toContain(`allows ${expanded.length} permissions-management actions`);
  });

  it('caps the listed actions of a cross-service wildcard and gives their count', () => {
    const policies = [managedPolicy('PutPolicies', policyDoc(allow('*:Put*Policy')))];
    const [finding] = failures(permissionsManagementWildcard, { policies });
    const [statement] = finding.details?.statements as { actions: string[]; actionCount: number }[];
    const all = permissionsManagementActions('*:Put*Policy');
    expect(all.length).toBeGreaterThan(MAX_LISTED_ACTIONS);
    expect(statement.actions).toHaveLength(MAX_LISTED_ACTIONS);
    expect(statement.actionCount).toBe(all.length);
    expect(finding.message).toBe(`Customer managed policy PutPolicies allows ${all.length} permissions-management actions on Resource "*" via *:Put*Policy (statement 0)`);
  });

  it('fails for a single exact permissions-management action on Resource *', () => {
    const policies = [managedPolicy('BucketPolicy', policyDoc(allow('s3:PutBucketPolicy')))];
    const [finding] = failures(permissionsManagementWildcard, { policies });
    expect(finding.message).toBe('Customer managed policy BucketPolicy allows 1 permissions-management action on Resource "*" via s3:PutBucketPolicy (statement 0)');
  });

  it('passes for permissions management scoped to specific resources', () => {
    const policies = [managedPolicy('AppRoles', policyDoc(allow(['iam:PutRolePolicy', 'iam:AttachRolePolicy'], 'arn:aws:iam::111122223333:role/app-*')))];
    expect(failures(permissionsManagementWildcard, { policies })).toEqual([]);
  });

  it('near misses: other access levels, and statements the admin and service-wildcard checks report', () => {
    const policies = [
      managedPolicy('ReadIam', policyDoc(allow(['iam:Get*', 'iam:List*', 'iam:PassRole']))),
      managedPolicy('AllIam', policyDoc(allow('iam:*'))),
      managedPolicy('Everything', policyDoc(allow('*'))),
      managedPolicy('DenyPut', policyDoc({ Effect: 'Deny', Action: 'iam:Put*', Resource: '*' })),
      managedPolicy('NotPut', policyDoc({ Effect: 'Allow', NotAction: 'iam:Put*', Resource: '*' })),
    ];
    expect(failures(permissionsManagementWildcard, { policies })).toEqual([]);
  });
});
