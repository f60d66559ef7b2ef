import { describe, expect, it } from 'vitest';
import { conditionExcludes, narrowsToKnownAccounts, parseOperator, pinsKey } from '../../shared/policy/conditions.js';
import { anyPrincipalStatements } from '../../shared/policy/trust.js';
import { ACCOUNT } from '../helpers/account.js';
import { parsed, trustStatement } from '../helpers/policies.js';

const statementWith = (condition: Record<string, unknown>) => parsed(trustStatement({ AWS: '*' }, condition)).statements[0];

describe('parseOperator', () => {
  it('reads qualifier, base and IfExists, and knows the negated operators', () => {
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toEqual({ base: 'stringlike', qualifier: 'foranyvalue', ifExists: true, negated: false });
    expect(parseOperator('StringNotEqualsIgnoreCase').negated).toBe(true);
    expect(parseOperator('ArnNotLike').negated).toBe(true);
    expect(parseOperator('ArnLike').negated).toBe(false);
  });
});

describe('trust narrowing (catalog "Trust narrowing")', () => {
  it('narrows with a literal operator, whatever the value: "*" there matches only the string "*"', () => {
    for (const condition of [
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { StringEquals: { 'aws:PrincipalOrgID': '*' } },
      { StringEqualsIgnoreCase: { 'aws:PrincipalAccount': ACCOUNT } },
      { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/ci` } },
      { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/'] } },
      { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } },
      { StringEquals: { 'AWS:SOURCEACCOUNT': ACCOUNT } },
    ]) {
      expect(narrowsToKnownAccounts(statementWith(condition)), JSON.stringify(condition)).toBe(true);
    }
  });

  it('narrows with a wildcard operator only when every value pins the org or account id with no wildcard in it', () => {
    for (const condition of [
      { StringLike: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { StringLike: { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' } },
      { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/*` } },
      { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/*', 'o-a1b2c3d4e5/r-cd34/*'] } },
      { ArnLike: { 'aws:SourceArn': `arn:aws:logs:*:${ACCOUNT}:*` } },
    ]) {
      expect(narrowsToKnownAccounts(statementWith(condition)), JSON.stringify(condition)).toBe(true);
    }
  });

  it('does not narrow: o-*, *, ?*, a wildcard account, one unpinned value among pinned ones', () => {
    for (const condition of [
      { StringLike: { 'aws:PrincipalOrgID': 'o-*' } },
      { StringLike: { 'aws:PrincipalOrgID': '*' } },
      { StringLike: { 'aws:PrincipalOrgID': '?*' } },
      { StringLike: { 'aws:PrincipalOrgID': 'o-abc*' } },
      { StringLike: { 'aws:PrincipalAccount': '1111*' } },
      { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ci' } },
      { StringLike: { 'aws:PrincipalOrgPaths': '*/r-ab12/*' } },
      { StringLike: { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5', 'o-*'] } },
      { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgID': ['*'] } },
    ]) {
      expect(narrowsToKnownAccounts(statementWith(condition)), JSON.stringify(condition)).toBe(false);
    }
  });

  it('never narrows under IfExists, ForAllValues, Null or a negated operator, nor on other keys', () => {
    for (const condition of [
      { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': ['o-a1b2c3d4e5'] } },
      { Null: { 'aws:PrincipalOrgID': 'false' } },
      { StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } },
      { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::444455556666:*' } },
      { StringEquals: { 'sts:ExternalId': 'shared' } },
      { StringEquals: { 'aws:SourceOrgPaths': 'o-a1b2c3d4e5/' } },
    ]) {
      expect(narrowsToKnownAccounts(statementWith(condition)), JSON.stringify(condition)).toBe(false);
    }
  });

  it('makes role-trust-any-principal see through the issue\'s evasions', () => {
    const open = (condition: Record<string, unknown>) => anyPrincipalStatements(parsed(trustStatement({ AWS: '*' }, condition)));
    expect(open({ StringLike: { 'aws:PrincipalOrgID': 'o-*' } })).toHaveLength(1);
    expect(open({ StringLike: { 'aws:PrincipalOrgID': '*' } })).toHaveLength(1);
    expect(open({ StringLike: { 'aws:PrincipalOrgID': '?*' } })).toHaveLength(1);
    expect(open({ StringEquals: { 'aws:PrincipalOrgID': '*' } })).toEqual([]);
  });
});

describe('pinsKey', () => {
  const s = (condition: Record<string, unknown>) => parsed({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: condition }).statements[0];
  it('is a positive condition on the key whose values are not all wildcards', () => {
    expect(pinsKey(s({ StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }), 'iam:PassedToService')).toBe(true);
    expect(pinsKey(s({ StringLike: { 'iam:passedtoservice': 'ec2.*' } }), 'iam:PassedToService')).toBe(true);
    expect(pinsKey(s({ StringLike: { 'iam:PassedToService': '*' } }), 'iam:PassedToService')).toBe(false);
    expect(pinsKey(s({ StringNotEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }), 'iam:PassedToService')).toBe(false);
    expect(pinsKey(s({ StringEqualsIfExists: { 'iam:PassedToService': 'ec2.amazonaws.com' } }), 'iam:PassedToService')).toBe(false);
    expect(pinsKey(s({ StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }), 'iam:PassedToService')).toBe(false);
  });
});

describe('conditionExcludes (assume-role: does the trust condition shut this caller out?)', () => {
  const caller = { account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/cora` };
  const st = (condition: Record<string, unknown>) => parsed(trustStatement({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, condition)).statements[0];
  it('keeps the caller in when the condition pins its own account, organization or ARN, or asks for MFA or an ExternalId', () => {
    for (const condition of [
      { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/*` } },
      { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      { StringEquals: { 'sts:ExternalId': 'x' } },
    ]) {
      expect(conditionExcludes(st(condition), caller), JSON.stringify(condition)).toBe(false);
    }
  });

  it('shuts the caller out when the condition names someone else, or excludes the caller by name', () => {
    for (const condition of [
      { StringEquals: { 'aws:PrincipalAccount': '444455556666' } },
      { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/deployer` } },
      { ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/cora` } },
    ]) {
      expect(conditionExcludes(st(condition), caller), JSON.stringify(condition)).toBe(true);
    }
  });
});
