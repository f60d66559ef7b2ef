import { describe, expect, it } from 'vitest';
import { anyPrincipalStatements, principalAccount, restrictingConditionKeys, unguardedExternalTrusts } from '../../shared/policy/trust.js';
import { ACCOUNT, OTHER_ACCOUNT, ROOT_ARN } from '../helpers/account.js';
import { parsed, trustStatement } from '../helpers/policies.js';

const THIRD_ACCOUNT = '444455556666';
const otherRoot = `arn:aws:iam::${OTHER_ACCOUNT}:root`;

describe('anyPrincipalStatements', () => {
  it('finds Principal "*", "AWS": "*" and "AWS": ["*"]', () => {
    for (const principal of ['*', { AWS: '*' }, { AWS: ['arn:aws:iam::777788889999:root', '*'] }]) {
      expect(anyPrincipalStatements(parsed(trustStatement(principal)))).toHaveLength(1);
    }
  });

  it('accepts narrowing by aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount, in any case', () => {
    const narrowed = [
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
      { StringLike: { 'AWS:SourceAccount': ACCOUNT } },
      { 'ForAnyValue:StringEquals': { 'aws:principalorgid': ['o-a1b2c3d4e5'] } },
    ];
    for (const condition of narrowed) expect(anyPrincipalStatements(parsed(trustStatement('*', condition)))).toEqual([]);
  });

  it('is not fooled by conditions that let unknown callers through', () => {
    const open = [
      { StringEquals: { 'sts:ExternalId': 'shared-secret' } },
      { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { 'ForAllValues:StringEquals': { 'aws:PrincipalAccount': [ACCOUNT] } },
      { Null: { 'aws:PrincipalOrgID': 'false' } },
      { StringLike: { 'aws:PrincipalAccount': '*' } },
    ];
    for (const condition of open) expect(anyPrincipalStatements(parsed(trustStatement('*', condition)))).toHaveLength(1);
  });

  it('near misses: a Deny of *, service and account principals', () => {
    expect(anyPrincipalStatements(parsed({ ...trustStatement('*'), Effect: 'Deny' }))).toEqual([]);
    expect(anyPrincipalStatements(parsed(trustStatement({ Service: 'lambda.amazonaws.com' })))).toEqual([]);
    expect(anyPrincipalStatements(parsed(trustStatement({ AWS: otherRoot })))).toEqual([]);
  });
});

describe('restrictingConditionKeys', () => {
  it('keeps keys under positive operators, lower-cased', () => {
    const s = parsed(trustStatement('*', { StringEquals: { 'sts:ExternalId': 'x' }, Bool: { 'aws:MultiFactorAuthPresent': true } })).statements[0];
    expect([...restrictingConditionKeys(s)].sort()).toEqual(['aws:multifactorauthpresent', 'sts:externalid']);
  });

  it('drops keys under negated, IfExists, ForAllValues and Null operators, and Bool values other than true', () => {
    const s = parsed(
      trustStatement('*', {
        StringNotLike: { 'sts:ExternalId': 'x' },
        BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' },
        Bool: { 'aws:SecureTransport': 'false' },
        Null: { 'aws:PrincipalOrgID': 'false' },
        'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': 'o-1/*' },
      }),
    ).statements[0];
    expect(restrictingConditionKeys(s).size).toBe(0);
  });
});

describe('principalAccount', () => {
  it('reads the account of bare ids, root, user, role and assumed-role ARNs in any partition', () => {
    expect(principalAccount(OTHER_ACCOUNT)).toBe(OTHER_ACCOUNT);
    expect(principalAccount(otherRoot)).toBe(OTHER_ACCOUNT);
    expect(principalAccount(`arn:aws:iam::${OTHER_ACCOUNT}:role/path/deployer`)).toBe(OTHER_ACCOUNT);
    expect(principalAccount(`arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/deployer/session`)).toBe(OTHER_ACCOUNT);
    expect(principalAccount(`arn:aws-cn:iam::${OTHER_ACCOUNT}:user/bob`)).toBe(OTHER_ACCOUNT);
  });

  it('gives null for * and for what names no account', () => {
    expect(principalAccount('*')).toBeNull();
    expect(principalAccount('lambda.amazonaws.com')).toBeNull();
    expect(principalAccount('12345')).toBeNull();
  });
});

describe('unguardedExternalTrusts', () => {
  it('lists principals of other accounts trusted with no ExternalId or MFA condition', () => {
    const doc = parsed(
      trustStatement({ AWS: [otherRoot, ROOT_ARN] }),
      trustStatement({ AWS: THIRD_ACCOUNT }, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
    );
    expect(unguardedExternalTrusts(doc, ACCOUNT, [])).toEqual([
      { account: OTHER_ACCOUNT, principal: otherRoot, statementIndex: 0 },
      { account: THIRD_ACCOUNT, principal: THIRD_ACCOUNT, statementIndex: 1 },
    ]);
  });

  it('accepts an ExternalId, MFA present or MFA age condition', () => {
    for (const condition of [
      { StringEquals: { 'sts:ExternalId': 'x-41' } },
      { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    ]) {
      expect(unguardedExternalTrusts(parsed(trustStatement({ AWS: otherRoot }, condition)), ACCOUNT, [])).toEqual([]);
    }
  });

  it('does not accept MFA conditions that pass without MFA', () => {
    for (const condition of [{ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }]) {
      expect(unguardedExternalTrusts(parsed(trustStatement({ AWS: otherRoot }, condition)), ACCOUNT, [])).toHaveLength(1);
    }
  });

  it('near misses: this account, trusted accounts, *, services and Deny statements', () => {
    expect(unguardedExternalTrusts(parsed(trustStatement({ AWS: ROOT_ARN })), ACCOUNT, [])).toEqual([]);
    expect(unguardedExternalTrusts(parsed(trustStatement({ AWS: otherRoot })), ACCOUNT, [OTHER_ACCOUNT])).toEqual([]);
    expect(unguardedExternalTrusts(parsed(trustStatement('*'), trustStatement({ AWS: '*' })), ACCOUNT, [])).toEqual([]);
    expect(unguardedExternalTrusts(parsed(trustStatement({ Service: 'ec2.amazonaws.com' })), ACCOUNT, [])).toEqual([]);
    expect(unguardedExternalTrusts(parsed({ ...trustStatement({ AWS: otherRoot }), Effect: 'Deny' }), ACCOUNT, [])).toEqual([]);
  });
});
