import { describe, expect, it } from 'vitest';
import { kmsDecryptAnyKey } from '../../shared/checks/kms-decrypt-any-key.js';
import { allow, failures, managedPolicy, policyArn, policyDoc, roleArn, roleDetail } from '../helpers/account.js';
import { inline, supportRole } from '../helpers/policies.js';

describe('kms-decrypt-any-key', () => {
  it('fails for kms:Decrypt or kms:ReEncryptFrom on every KMS resource of the account', () => {
    const roles = [supportRole(), roleDetail('etl', { RolePolicyList: [inline('etl', policyDoc(allow('ecs:RunTask'), allow('kms:Decrypt')))] })];
    const policies = [managedPolicy('Reencrypt', policyDoc(allow('kms:ReEncrypt*', 'arn:aws:kms:*:111122223333:*')))];
    const found = failures(kmsDecryptAnyKey, { roles, policies });
    expect(found.map((f) => [f.resource, f.message])).toEqual([
      [policyArn('Reencrypt'), 'Customer managed policy Reencrypt allows kms:ReEncryptFrom on every KMS key (statement 0)'],
      [roleArn('etl'), 'Inline policy etl of role etl allows kms:Decrypt on every KMS key (statement 1)'],
    ]);
  });

  it('passes for named keys', () => {
    const policies = [managedPolicy('One', policyDoc(allow('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')))];
    expect(failures(kmsDecryptAnyKey, { policies })).toEqual([]);
  });

  it('near misses: one region only, key/* is not every KMS resource, other KMS actions, a statement claimed by service-wildcard', () => {
    const policies = [
      managedPolicy('Region', policyDoc(allow('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:*'))),
      managedPolicy('Keys', policyDoc(allow('kms:Decrypt', 'arn:aws:kms:*:111122223333:key/*'))),
      managedPolicy('Encrypt', policyDoc(allow(['kms:Encrypt', 'kms:GenerateDataKey']))),
      managedPolicy('AllKms', policyDoc(allow('kms:*'))),
    ];
    expect(failures(kmsDecryptAnyKey, { policies })).toEqual([]);
  });

  it('carries its catalog metadata', () => {
    expect(kmsDecryptAnyKey).toMatchObject({ id: 'kms-decrypt-any-key', severity: 'medium', inputs: ['authorizationDetails'] });
    expect(kmsDecryptAnyKey.references.map((r) => `${r.standard} ${r.id}`)).toEqual(['SecurityHub KMS.1', 'SecurityHub KMS.2']);
  });
});
