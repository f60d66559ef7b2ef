import { describe, expect, it } from 'vitest';
import * as policy from '../../shared/policy/index.js';

describe('the policy engine\'s public API (shared/policy/index.ts)', () => {
  it('answers "do these documents grant administrator rights?", e.g. for a permission set', () => {
    const account = { account: '111122223333', partition: 'aws' };
    const inline = policy.parsePolicyDocument('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*?","Resource":"*"}]}');
    const readOnly = policy.parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*'], Resource: '*' }] });
    expect(policy.documentsGrantAdministrator([readOnly, inline], { account })).toBe(true);
    expect(policy.documentsGrantAdministrator([readOnly], { account })).toBe(false);
    const boundary = policy.parsePolicyDocument({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    expect(policy.documentsGrantAdministrator([inline], { account, boundary })).toBe(false);
  });

  it('answers "does this allow that action on that resource?", e.g. for a policy inside an event', () => {
    const doc = policy.parsePolicyDocument(encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Pass*', Resource: 'arn:aws:iam::*:role/app-*' }] })));
    const e = policy.permissionsOfDocuments([doc]);
    expect(policy.allows(e, 'iam:PassRole', 'arn:aws:iam::111122223333:role/app-web')).toBe(true);
    expect(policy.allows(e, 'iam:PassRole', 'arn:aws:iam::111122223333:role/admin')).toBe(false);
    expect(policy.actionSetOf('iam:Pass*').size).toBeGreaterThan(0);
  });

  it('lists the escalation methods in the catalog\'s order', () => {
    expect(policy.ESCALATION_METHODS).toEqual(['policy-version', 'attach-policy', 'put-inline-policy', 'add-to-group', 'remove-boundary', 'credentials-of', 'assume-role', 'update-trust', 'pass-role']);
    expect(policy.MAX_STEPS).toBe(5);
  });
});
