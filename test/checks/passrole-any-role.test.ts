import { describe, expect, it } from 'vitest';
import { passroleAnyRole } from '../../shared/checks/passrole-any-role.js';
import { allow, failures, managedPolicy, policyArn, policyDoc, roleArn, roleDetail, run } from '../helpers/account.js';
import { inline, supportRole } from '../helpers/policies.js';

const passRole = (resource: string | string[], extra: Record<string, unknown> = {}) => allow('iam:PassRole', resource, extra);

describe('passrole-any-role', () => {
  it('fails for iam:PassRole on every resource with no iam:PassedToService condition, with the statement in details', () => {
    const policies = [managedPolicy('Deploy', policyDoc(allow('s3:GetObject', 'arn:aws:s3:::b/*'), { Sid: 'Pass', ...passRole('*') }))];
    expect(failures(passroleAnyRole, { policies })).toEqual([
      {
        resource: policyArn('Deploy'),
        message: 'Customer managed policy Deploy allows iam:PassRole on every role with no iam:PassedToService condition (statement 1 (Sid Pass))',
        details: { policyName: 'Deploy', policyArn: policyArn('Deploy'), statements: [{ index: 1, sid: 'Pass', actions: ['iam:PassRole'], resources: ['*'], conditionKeys: [] }] },
      },
    ]);
  });

  it('counts every role of the account as every resource, and any spelling of the action', () => {
    const roles = [
      supportRole(),
      roleDetail('a', { RolePolicyList: [inline('p', policyDoc(passRole('arn:aws:iam::*:role/*')))] }),
      roleDetail('b', { RolePolicyList: [inline('p', policyDoc(allow('IAM:Pass*', 'arn:aws:iam::111122223333:role/*')))] }),
      roleDetail('c', { RolePolicyList: [inline('p', policyDoc(allow('iam:P?ssRole')))] }),
    ];
    expect(failures(passroleAnyRole, { roles }).map((f) => f.resource)).toEqual([roleArn('a'), roleArn('b'), roleArn('c')]);
  });

  it('is conditional (severity low) when another condition guards the statement', () => {
    const policies = [managedPolicy('Deploy', policyDoc(passRole('*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })))];
    expect(run([passroleAnyRole], { policies }).findings.map((f) => [f.severity, f.details.conditional])).toEqual([['low', true]]);
  });

  it('passes with an iam:PassedToService condition, or on named roles', () => {
    const policies = [
      managedPolicy('ToEc2', policyDoc(passRole('*', { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } }))),
      managedPolicy('Named', policyDoc(passRole(['arn:aws:iam::111122223333:role/app-*']))),
    ];
    expect(failures(passroleAnyRole, { policies })).toEqual([]);
  });

  it('near misses: a PassedToService pattern of "*", a statement claimed earlier, NotAction, another account\'s roles', () => {
    const wildcardService = [managedPolicy('Any', policyDoc(passRole('*', { Condition: { StringLike: { 'iam:PassedToService': '*' } } })))];
    expect(failures(passroleAnyRole, { policies: wildcardService })).toHaveLength(1);
    const policies = [
      managedPolicy('IamAll', policyDoc(allow('iam:*'))),
      managedPolicy('NotS3', policyDoc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })),
      managedPolicy('Other', policyDoc(passRole('arn:aws:iam::999999999999:role/*'))),
    ];
    expect(failures(passroleAnyRole, { policies })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(passroleAnyRole).toMatchObject({ id: 'passrole-any-role', severity: 'medium', inputs: ['authorizationDetails'] });
  });
});
