import { describe, expect, it } from 'vitest';
import { roleTrustServiceNoSource } from '../../shared/checks/role-trust-service-no-source.js';
import { ACCOUNT, failures, roleArn } from '../helpers/account.js';
import { serviceLinkedRole, supportRole, trustStatement, trustingRole } from '../helpers/policies.js';

const service = (name: string | string[], condition?: Record<string, unknown>) => trustStatement({ Service: name }, condition);

describe('role-trust-service-no-source', () => {
  it('fails for a deputy service trusted with no source condition', () => {
    const roles = [supportRole(), trustingRole('log-shipper', service('logs.amazonaws.com'))];
    expect(failures(roleTrustServiceNoSource, { roles })).toEqual([
      {
        resource: roleArn('log-shipper'),
        message: 'Role log-shipper trusts logs.amazonaws.com with no aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths condition',
        details: { roleName: 'log-shipper', services: ['logs.amazonaws.com'], statements: [0] },
      },
    ]);
  });

  it('covers each deputy service of the catalog, and CloudWatch Logs\' regional principal', () => {
    const names = ['cloudtrail', 'config', 'sns', 's3', 'logs', 'delivery.logs', 'scheduler', 'backup'].map((s) => `${s}.amazonaws.com`);
    const roles = [supportRole(), ...names.map((n, i) => trustingRole(`r${i}`, service(n))), trustingRole('regional', service('logs.eu-west-1.amazonaws.com'))];
    expect(failures(roleTrustServiceNoSource, { roles })).toHaveLength(names.length + 1);
  });

  it('passes with any of the source conditions', () => {
    const roles = [
      supportRole(),
      trustingRole('a', service('config.amazonaws.com', { StringEquals: { 'aws:SourceAccount': ACCOUNT } })),
      trustingRole('b', service('sns.amazonaws.com', { ArnLike: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${ACCOUNT}:*` } })),
      trustingRole('c', service('backup.amazonaws.com', { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } })),
      trustingRole('d', service('scheduler.amazonaws.com', { 'ForAnyValue:StringLike': { 'aws:SourceOrgPaths': ['o-a1b2c3d4e5/r-ab12/*'] } })),
    ];
    expect(failures(roleTrustServiceNoSource, { roles })).toEqual([]);
  });

  it('near misses: services that act for the account only, a condition that holds when absent, a service-linked role', () => {
    const roles = [
      supportRole(),
      trustingRole('lambda', service(['lambda.amazonaws.com', 'ec2.amazonaws.com'])),
      trustingRole('if-exists', service('s3.amazonaws.com', { StringEqualsIfExists: { 'aws:SourceAccount': ACCOUNT } })),
      serviceLinkedRole('AWSServiceRoleForX', { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [service('config.amazonaws.com')] } }),
    ];
    expect(failures(roleTrustServiceNoSource, { roles }).map((f) => f.resource)).toEqual([roleArn('if-exists')]);
  });

  it('carries its catalog metadata', () => {
    expect(roleTrustServiceNoSource).toMatchObject({ id: 'role-trust-service-no-source', severity: 'low', resourceKinds: ['role'] });
  });
});
