import { describe, expect, it } from 'vitest';
import { PolicyDocumentError, conditionKeys, parsePolicyDocument } from '../../shared/policy/document.js';
import { policyDoc, urlEncoded } from '../helpers/account.js';

const pushPolicy = policyDoc({ Sid: 'Push images', Effect: 'Allow', Action: 'ecr:*', Resource: '*' });

function errorOf(raw: unknown): PolicyDocumentError {
  try {
    parsePolicyDocument(raw);
  } catch (e) {
    if (e instanceof PolicyDocumentError) return e;
    throw e;
  }
  throw new Error('expected a PolicyDocumentError');
}

describe('parsePolicyDocument', () => {
  it('reads a JSON object (AWS CLI) and a URL-encoded string (raw API) to the same document', () => {
    const fromObject = parsePolicyDocument(pushPolicy);
    const fromEncoded = parsePolicyDocument(urlEncoded(pushPolicy));
    expect(fromEncoded).toEqual(fromObject);
    expect(fromObject).toEqual({
      version: '2012-10-17',
      statements: [{ sid: 'Push images', effect: 'Allow', action: ['ecr:*'], resource: ['*'], index: 0 }],
    });
  });

  it('reads a plain JSON string, surrounding whitespace included', () => {
    expect(parsePolicyDocument(`  ${JSON.stringify(pushPolicy)}\n`)).toEqual(parsePolicyDocument(pushPolicy));
  });

  it('decodes the handbook fixture encoding (%2A for *, / left as is)', () => {
    const doc = parsePolicyDocument(
      '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%5B%22ec2%3AStartInstances%22%2C%22ec2%3AStopInstances%22%5D%2C%22Resource%22%3A%22arn%3Aaws%3Aec2%3A%2A%3A111122223333%3Ainstance/%2A%22%7D%5D%7D',
    );
    expect(doc.statements[0].action).toEqual(['ec2:StartInstances', 'ec2:StopInstances']);
    expect(doc.statements[0].resource).toEqual(['arn:aws:ec2:*:111122223333:instance/*']);
  });

  it('accepts a single statement object as well as an array, numbering statements from 0', () => {
    const single = parsePolicyDocument({ Version: '2012-10-17', Statement: { Effect: 'Deny', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::b' } });
    expect(single.statements).toEqual([{ effect: 'Deny', notAction: ['iam:*'], notResource: ['arn:aws:s3:::b'], index: 0 }]);
    const many = parsePolicyDocument(policyDoc({ Effect: 'Allow', Action: 'a:b', Resource: '*' }, { Effect: 'Allow', Action: ['c:d', 'e:f'], Resource: ['x', 'y'] }));
    expect(many.statements.map((s) => [s.index, s.action, s.resource])).toEqual([
      [0, ['a:b'], ['*']],
      [1, ['c:d', 'e:f'], ['x', 'y']],
    ]);
  });

  it('turns single principal values into arrays and keeps "*" as is', () => {
    const doc = parsePolicyDocument(
      policyDoc(
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::777788889999:root', Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: '*' },
      ),
    );
    expect(doc.statements[0].principal).toBe('*');
    expect(doc.statements[1].principal).toEqual({ AWS: ['arn:aws:iam::777788889999:root'], Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] });
    expect(doc.statements[2].notPrincipal).toEqual({ AWS: ['*'] });
  });

  it('reads condition values given as strings, booleans and numbers, single or listed', () => {
    const doc = parsePolicyDocument(
      policyDoc({
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: '777788889999' },
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': true }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, StringEquals: { 'sts:ExternalId': ['a', 'b'] } },
      }),
    );
    expect(doc.statements[0].condition).toEqual({
      Bool: { 'aws:MultiFactorAuthPresent': ['true'] },
      NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600'] },
      StringEquals: { 'sts:ExternalId': ['a', 'b'] },
    });
  });

  it('gives an empty statement list when Statement is absent', () => {
    expect(parsePolicyDocument({ Version: '2012-10-17' })).toEqual({ version: '2012-10-17', statements: [] });
  });

  it('names the place of a malformed element', () => {
    expect(errorOf(policyDoc({ Effect: 'Allow', Action: 'a:b', Resource: '*' }, { Effect: 'allow', Action: 'a:b' })).path).toBe('Statement[1].Effect');
    expect(errorOf(policyDoc({ Effect: 'Allow', Action: ['s3:GetObject', 7], Resource: '*' })).path).toBe('Statement[0].Action');
    expect(errorOf({ Statement: { Effect: 'Allow', Principal: ['x'] } }).path).toBe('Statement.Principal');
    expect(errorOf(policyDoc({ Effect: 'Allow', Action: 'a:b', Condition: { StringEquals: { k: [{}] } } })).path).toBe(
      'Statement[0].Condition.StringEquals.k[0]',
    );
  });

  it('rejects text that is neither JSON nor URL-encoded JSON, and non-object documents', () => {
    expect(errorOf('%E0%A4%A').message).toBe('expected JSON or URL-encoded JSON');
    expect(errorOf('{"Statement": [').message).toBe('expected a JSON policy document');
    expect(errorOf(encodeURIComponent('not json')).message).toBe('expected a JSON policy document');
    expect(errorOf('[]').message).toBe('expected a policy document object');
    expect(errorOf([]).message).toBe('expected a policy document object');
    expect(errorOf(null).message).toBe('expected a policy document object');
  });
});

describe('conditionKeys', () => {
  it('collects keys under every operator, lower-cased', () => {
    const doc = parsePolicyDocument(
      policyDoc({ Effect: 'Allow', Action: 'a:b', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' }, Bool: { 'AWS:SecureTransport': 'true' } } }),
    );
    expect([...conditionKeys(doc.statements[0])].sort()).toEqual(['aws:principalorgid', 'aws:securetransport']);
    expect(conditionKeys(parsePolicyDocument(policyDoc({ Effect: 'Allow', Action: 'a:b' })).statements[0]).size).toBe(0);
  });
});
