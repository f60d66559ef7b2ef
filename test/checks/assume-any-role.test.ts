import { describe, expect, it } from 'vitest';
import { assumeAnyRole } from '../../shared/checks/assume-any-role.js';
import { allow, failures, managedPolicy, policyArn, policyDoc, run, userArn, userDetail } from '../helpers/account.js';
import { inline } from '../helpers/policies.js';

describe('assume-any-role', () => {
  it('fails for sts:AssumeRole on every resource or every role', () => {
    const policies = [managedPolicy('Hop', policyDoc(allow('sts:AssumeRole')))];
    const users = [userDetail('u', { UserPolicyList: [inline('roles', policyDoc(allow('sts:Assume*', 'arn:aws:iam::*:role/*')))] })];
    const found = failures(assumeAnyRole, { policies, users });
    expect(found.map((f) => [f.resource, f.qualifier])).toEqual([
      [policyArn('Hop'), undefined],
      [userArn('u'), 'inline:roles'],
    ]);
    expect(found[0].message).toBe('Customer managed policy Hop allows sts:AssumeRole on every role (statement 0)');
    expect(found[1].details?.statements).toEqual([{ index: 0, sid: null, actions: ['sts:Assume*'], resources: ['arn:aws:iam::*:role/*'], conditionKeys: [] }]);
  });

  it('is conditional (severity low, details.conditional) when the statement carries a condition', () => {
    const policies = [managedPolicy('Hop', policyDoc(allow('sts:AssumeRole', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-west-2' } } })))];
    const e = run([assumeAnyRole], { policies });
    expect(e.findings.map((f) => [f.severity, f.details.conditional])).toEqual([['low', true]]);
  });

  it('passes for named roles', () => {
    const policies = [managedPolicy('Hop', policyDoc(allow('sts:AssumeRole', ['arn:aws:iam::111122223333:role/deploy', 'arn:aws:iam::111122223333:role/ci-*'])))];
    expect(failures(assumeAnyRole, { policies })).toEqual([]);
  });

  it('near misses: another account\'s roles, a statement claimed by passrole-any-role first, a Deny', () => {
    const policies = [
      managedPolicy('Other', policyDoc(allow('sts:AssumeRole', 'arn:aws:iam::999999999999:role/*'))),
      managedPolicy('Both', policyDoc(allow(['iam:PassRole', 'sts:AssumeRole']))),
      managedPolicy('Deny', policyDoc({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' })),
    ];
    expect(failures(assumeAnyRole, { policies })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(assumeAnyRole).toMatchObject({ id: 'assume-any-role', severity: 'medium', inputs: ['authorizationDetails'] });
    expect(assumeAnyRole.references.map((r) => r.id)).toEqual(['Prowler iam_no_custom_policy_permissive_role_assumption']);
  });
});
