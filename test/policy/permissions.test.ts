import { describe, expect, it } from 'vitest';
import { administratorRights, allowance, allows, allowanceOnEveryResource, documentsGrantAdministrator, permissionsOfDocuments } from '../../shared/policy/permissions.js';
import type { PrincipalContext } from '../../shared/policy/resources.js';
import { allow } from '../helpers/account.js';
import { parsed } from '../helpers/policies.js';

const account = { account: '111122223333', partition: 'aws' };
const alice: PrincipalContext = { ...account, kind: 'user', name: 'alice', arn: 'arn:aws:iam::111122223333:user/alice' };
const role: PrincipalContext = { ...account, kind: 'role', name: 'ci', arn: 'arn:aws:iam::111122223333:role/ci' };
const deny = (action: string | string[], resource: string | string[] = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Action: action, Resource: resource, ...extra });
const admin = (...statements: Record<string, unknown>[]) => documentsGrantAdministrator([parsed(...statements)], { account });

describe('administrator rights', () => {
  it('are every IAM action on every resource, however the policy spells it', () => {
    for (const action of ['*', '*:*', '*:**', '?*:*', 'iam:*', 'IAM:*', 'iam:**', 'iam:*?', 'i?m:*']) {
      expect(admin(allow(action)), action).toBe(true);
    }
    expect(admin(allow('iam:*', 'arn:aws:iam::*:*'))).toBe(true);
    expect(admin(allow('iam:*', 'arn:aws:iam::111122223333:*'))).toBe(true);
    expect(admin({ Effect: 'Allow', NotAction: ['ec2:TerminateInstances', 'rds:Delete*'], Resource: '*' })).toBe(true);
    expect(admin({ Effect: 'Allow', Action: 'iam:*', NotResource: 'arn:aws:s3:::secrets/*' })).toBe(true);
  });

  it('may come from several statements that together cover IAM', () => {
    expect(admin(allow(['iam:Get*', 'iam:List*']), allow('iam:*'))).toBe(true);
    expect(admin(allow(['iam:Get*', 'iam:List*']))).toBe(false);
  });

  it('near misses: not all of IAM, not every IAM resource, NotAction excluding IAM, a typo', () => {
    expect(admin(allow('iam:Put*'))).toBe(false);
    expect(admin(allow('iam:*', 'arn:aws:iam::*:user/*'))).toBe(false);
    expect(admin(allow('iam:*', 'arn:aws:iam::999999999999:*'))).toBe(false);
    expect(admin({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })).toBe(false);
    expect(admin({ Effect: 'Allow', NotAction: 'iam:PassRole', Resource: '*' })).toBe(false);
    expect(admin({ Effect: 'Allow', Action: 'iam:*', NotResource: 'arn:aws:iam::*:role/admin' })).toBe(false);
    expect(admin(allow('iam:**typo'))).toBe(false);
  });

  it('are lost to an unconditional Deny of any IAM action on any IAM resource, not to a conditional one', () => {
    expect(admin(allow('*'), deny('iam:CreateUser'))).toBe(false);
    expect(admin(allow('*'), deny('iam:DeleteRole', 'arn:aws:iam::*:role/prod-*'))).toBe(false);
    expect(admin(allow('*'), deny('iam:*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }))).toBe(true);
    expect(admin(allow('*'), deny('s3:*'))).toBe(true);
    expect(admin(allow('*'), deny('*', 'arn:aws:s3:::secrets/*'))).toBe(true);
  });

  it('are capped by a permissions boundary: both must allow all of IAM', () => {
    const everything = parsed(allow('*'));
    expect(documentsGrantAdministrator([everything], { account, boundary: parsed(allow(['s3:*', 'ec2:*'])) })).toBe(false);
    expect(documentsGrantAdministrator([everything], { account, boundary: parsed(allow('*')) })).toBe(true);
    expect(documentsGrantAdministrator([everything], { account, boundary: parsed(allow('*'), deny('iam:CreateUser')) })).toBe(false);
  });

  it('say when they rest only on conditional statements, and name the granting statements', () => {
    const conditional = permissionsOfDocuments([parsed(allow('*', '*', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))], { account });
    expect(administratorRights(conditional)).toMatchObject({ admin: true, conditional: true });
    const mixed = permissionsOfDocuments([parsed(allow('iam:*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }), allow('iam:*'))], { account });
    const verdict = administratorRights(mixed);
    expect(verdict).toMatchObject({ admin: true, conditional: false });
    expect(verdict.grants.map((g) => g.statement.statement.index)).toEqual([1]);
  });

  it('for a self-service statement: ${aws:username} gives a user rights over itself only, and a role nothing', () => {
    const selfService = [parsed(allow('iam:*', 'arn:aws:iam::*:user/${aws:username}'))];
    expect(documentsGrantAdministrator(selfService, { account, principal: alice })).toBe(false);
    const e = permissionsOfDocuments(selfService, { account, principal: alice });
    expect(allows(e, 'iam:CreateAccessKey', alice.arn)).toBe(true);
    expect(allows(e, 'iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/bob')).toBe(false);
    const r = permissionsOfDocuments(selfService, { account, principal: role });
    expect(allows(r, 'iam:CreateAccessKey', 'arn:aws:iam::111122223333:user/ci')).toBe(false);
  });
});

describe('allowance', () => {
  const e = permissionsOfDocuments(
    [
      parsed(
        allow(['iam:PassRole'], 'arn:aws:iam::111122223333:role/app-*'),
        allow('sts:AssumeRole', '*', { Condition: { StringEquals: { 'aws:RequestedRegion': 'us-west-2' } } }),
        deny('iam:PassRole', 'arn:aws:iam::111122223333:role/app-admin'),
      ),
    ],
    { account },
  );

  it('checks the action on one ARN, Denies included', () => {
    expect(allows(e, 'iam:PassRole', 'arn:aws:iam::111122223333:role/app-web')).toBe(true);
    expect(allows(e, 'iam:PassRole', 'arn:aws:iam::111122223333:role/app-admin')).toBe(false);
    expect(allows(e, 'iam:PassRole', 'arn:aws:iam::111122223333:role/other')).toBe(false);
    expect(allows(e, 'IAM:passrole', 'arn:aws:iam::111122223333:role/app-web')).toBe(true);
  });

  it('without an ARN: on some resource; and says when only conditional statements allow it', () => {
    expect(allowance(e, 'iam:PassRole')).toMatchObject({ allowed: true, conditional: false });
    expect(allowance(e, 'sts:AssumeRole')).toMatchObject({ allowed: true, conditional: true });
    expect(allowance(e, 's3:GetObject').allowed).toBe(false);
  });

  it('on every resource: every role counts for iam:PassRole and sts:AssumeRole', () => {
    expect(allowanceOnEveryResource(e, 'iam:PassRole').allowed).toBe(false);
    expect(allowanceOnEveryResource(e, 'sts:AssumeRole')).toMatchObject({ allowed: true, conditional: true });
    const roles = permissionsOfDocuments([parsed(allow('iam:PassRole', 'arn:aws:iam::*:role/*'))], { account });
    expect(allowanceOnEveryResource(roles, 'iam:PassRole').allowed).toBe(true);
  });

  it('judges actions newer than the bundled data by the patterns as written', () => {
    const wide = permissionsOfDocuments([parsed(allow('iam:*'), { Effect: 'Allow', NotAction: 's3:*', Resource: '*' })], { account });
    expect(allows(wide, 'iam:SomeActionAddedLater', 'arn:aws:iam::111122223333:user/x')).toBe(true);
    expect(allows(wide, 'newservice:DoThing', '*')).toBe(true);
    expect(allows(permissionsOfDocuments([parsed(allow('iam:Get*'))], { account }), 'iam:SomeActionAddedLater', '*')).toBe(false);
  });
});
