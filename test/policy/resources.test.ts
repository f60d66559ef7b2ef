import { describe, expect, it } from 'vitest';
import {
  arnMatches,
  coversEveryResource,
  coversEveryRole,
  mayMatchService,
  resolveVariables,
  specMatches,
  type PrincipalContext,
} from '../../shared/policy/resources.js';

const ctx = { account: '111122223333', partition: 'aws' };
const alice: PrincipalContext = { ...ctx, kind: 'user', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice', id: 'AIDAALICE' };
const ci: PrincipalContext = { ...ctx, kind: 'role', name: 'ci', arn: 'arn:aws:iam::111122223333:role/ci' };
const V = '2012-10-17';

describe('arnMatches', () => {
  it('matches part by part: wildcards do not run across the colons between parts', () => {
    expect(arnMatches('arn:aws:iam::*:user/*', 'arn:aws:iam::111122223333:user/alice')).toBe(true);
    expect(arnMatches('arn:aws:iam::111122223333:user/a?ice', 'arn:aws:iam::111122223333:user/alice')).toBe(true);
    expect(arnMatches('arn:aws:iam::*:user/*', 'arn:aws:iam::111122223333:role/alice')).toBe(false);
    expect(arnMatches('arn:aws:iam:*:111122223333:user/alice', 'arn:aws:iam::111122223333:user/alice')).toBe(true);
    expect(arnMatches('arn:aws:*:*:*:*', 'arn:aws:s3:::bucket/key')).toBe(true);
    expect(arnMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b:c')).toBe(true);
    expect(arnMatches('*', 'arn:aws:iam::111122223333:role/x')).toBe(true);
  });

  it('is case-sensitive in resource names', () => {
    expect(arnMatches('arn:aws:iam::*:user/Alice', 'arn:aws:iam::111122223333:user/alice')).toBe(false);
  });
});

describe('coversEveryResource', () => {
  it('takes * and the patterns that name every resource of the service in the account', () => {
    for (const p of ['*', '**', 'arn:aws:iam::*:*', 'arn:aws:iam::111122223333:*', 'arn:*:iam::*:*', 'arn:aws:iam:*:*:*', 'arn:aws:*:*:*:*', 'arn:*']) {
      expect(coversEveryResource(p, 'iam', ctx), p).toBe(true);
    }
  });

  it('near misses: another account, a resource type, another service, a region pinned for a regional service', () => {
    for (const p of ['arn:aws:iam::999999999999:*', 'arn:aws:iam::*:user/*', 'arn:aws:s3:::*', 'arn:aws:iam::*:*x', 'arn:aws-cn:iam::*:*']) {
      expect(coversEveryResource(p, 'iam', ctx), p).toBe(false);
    }
    expect(coversEveryResource('arn:aws:kms:us-east-1:111122223333:*', 'kms', ctx)).toBe(false);
    expect(coversEveryResource('arn:aws:kms::111122223333:*', 'kms', ctx)).toBe(false);
    expect(coversEveryResource('arn:aws:kms:*:111122223333:*', 'kms', ctx)).toBe(true);
  });

  it('for every service at once, only account- and region-wide wildcards count', () => {
    expect(coversEveryResource('arn:aws:*:*:*:*', null, ctx)).toBe(true);
    expect(coversEveryResource('arn:aws:*:*:111122223333:*', null, ctx)).toBe(false);
    expect(coversEveryResource('arn:aws:iam::*:*', null, ctx)).toBe(false);
  });
});

describe('coversEveryRole', () => {
  it('takes every role of the account', () => {
    for (const p of ['*', 'arn:aws:iam::*:role/*', 'arn:aws:iam::111122223333:role/*', 'arn:aws:iam::111122223333:ro*', 'arn:aws:iam::*:*']) {
      expect(coversEveryRole(p, ctx), p).toBe(true);
    }
    for (const p of ['arn:aws:iam::111122223333:role/app-*', 'arn:aws:iam::999999999999:role/*', 'arn:aws:iam::111122223333:role/?*', 'arn:aws:iam::*:user/*']) {
      expect(coversEveryRole(p, ctx), p).toBe(false);
    }
  });
});

describe('mayMatchService', () => {
  it('says whether a pattern can name some resource of the service in the account', () => {
    expect(mayMatchService('arn:aws:iam::*:role/x', 'iam', ctx)).toBe(true);
    expect(mayMatchService('arn:aws:s3:::bucket', 'iam', ctx)).toBe(false);
    expect(mayMatchService('arn:aws:iam::999999999999:*', 'iam', ctx)).toBe(false);
  });
});

describe('policy variables', () => {
  it('replace ${aws:username} with a user\'s name; for a role the pattern matches nothing', () => {
    expect(resolveVariables('arn:aws:iam::*:user/${aws:username}', V, alice)).toBe('arn:aws:iam::*:user/alice');
    expect(resolveVariables('arn:aws:iam::*:user/${aws:username}', V, ci)).toBeNull();
    expect(specMatches({ not: false, patterns: ['arn:aws:iam::*:user/${aws:username}'] }, alice.arn, V, alice)).toBe(true);
    expect(specMatches({ not: false, patterns: ['arn:aws:iam::*:user/${aws:username}'] }, 'arn:aws:iam::111122223333:user/bob', V, alice)).toBe(false);
    expect(specMatches({ not: false, patterns: ['arn:aws:iam::*:user/${aws:username}'] }, alice.arn, V, ci)).toBe(false);
  });

  it('take defaults, keep literal wildcards literal, and exist only in version 2012-10-17', () => {
    expect(resolveVariables("arn:aws:s3:::b/${aws:username, 'shared'}/*", V, ci)).toBe('arn:aws:s3:::b/shared/*');
    const literal = resolveVariables('arn:aws:s3:::b/${*}', V, alice)!;
    expect(arnMatches(literal, 'arn:aws:s3:::b/*')).toBe(true);
    expect(arnMatches(literal, 'arn:aws:s3:::b/anything')).toBe(false);
    expect(resolveVariables('arn:aws:iam::*:user/${aws:username}', '2008-10-17', ci)).toBe('arn:aws:iam::*:user/${aws:username}');
  });

  it('without a principal (a policy judged alone) leave the pattern matching nothing', () => {
    expect(resolveVariables('arn:aws:iam::*:user/${aws:username}', V, null)).toBeNull();
    expect(resolveVariables('arn:aws:iam::${aws:PrincipalAccount}:*', V, alice)).toBe('arn:aws:iam::111122223333:*');
  });
});
