import { describe, expect, it } from 'vitest';
import { escalationPaths, MAX_STEPS } from '../../shared/policy/escalation.js';
import { accountRights } from '../../shared/policy/principals.js';
import {
  ACCOUNT,
  account,
  allow,
  attach,
  awsPolicyArn,
  groupArn,
  groupDetail,
  managedPolicy,
  policyArn,
  policyDoc,
  roleArn,
  roleDetail,
  userArn,
  userDetail,
  type AccountSpec,
} from '../helpers/account.js';
import { inline, supportRole, trustStatement } from '../helpers/policies.js';

const paths = (spec: AccountSpec) => escalationPaths(accountRights(account(spec))!);
const steps = (spec: AccountSpec, arn: string) => paths(spec).get(arn)?.steps.map((s) => [s.method, s.target]);
const own = (name: string, ...statements: Record<string, unknown>[]) => inline(name, policyDoc(...statements));
const adminRole = (name: string, trust: Record<string, unknown>) =>
  roleDetail(name, { AssumeRolePolicyDocument: policyDoc(trust), AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] });
const deny = (action: string, resource = '*') => ({ Effect: 'Deny', Action: action, Resource: resource });

describe('escalation methods, one step each', () => {
  it('policy-version: a new default version of a customer managed policy it holds (itself or through a group)', () => {
    const policies = [managedPolicy('ci-deploy', policyDoc(allow('iam:CreatePolicyVersion', policyArn('ci-deploy'))))];
    expect(steps({ users: [userDetail('ci', { AttachedManagedPolicies: [attach(policyArn('ci-deploy'))] })], policies }, userArn('ci'))).toEqual([
      ['policy-version', policyArn('ci-deploy')],
    ]);
    const groups = [groupDetail('Staff', { AttachedManagedPolicies: [attach(policyArn('ci-deploy'))] })];
    expect(steps({ users: [userDetail('ci')], groups, policies }, userArn('ci'))).toEqual([['policy-version', policyArn('ci-deploy')]]);
    const setDefault = [managedPolicy('ci-deploy', policyDoc(allow('iam:SetDefaultPolicyVersion', '*')))];
    expect(steps({ users: [userDetail('ci', { AttachedManagedPolicies: [attach(policyArn('ci-deploy'))] })], policies: setDefault }, userArn('ci'))).toEqual([
      ['policy-version', policyArn('ci-deploy')],
    ]);
  });

  it('attach-policy and put-inline-policy: on itself, or on a group it belongs to', () => {
    expect(steps({ users: [userDetail('u', { UserPolicyList: [own('p', allow('iam:AttachUserPolicy', userArn('u')))] })] }, userArn('u'))).toEqual([['attach-policy', userArn('u')]]);
    expect(steps({ users: [userDetail('u', { UserPolicyList: [own('p', allow('iam:PutGroupPolicy', groupArn('Staff')))] })] }, userArn('u'))).toEqual([['put-inline-policy', groupArn('Staff')]]);
    const roles = [supportRole(), roleDetail('r', { RolePolicyList: [own('p', allow('iam:PutRolePolicy', roleArn('r')))] })];
    expect(steps({ roles }, roleArn('r'))).toEqual([['put-inline-policy', roleArn('r')]]);
  });

  it('add-to-group: a group that has administrator rights', () => {
    const groups = [groupDetail('Staff'), groupDetail('Admins', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] })];
    expect(steps({ users: [userDetail('u', { UserPolicyList: [own('p', allow('iam:AddUserToGroup', groupArn('Admins')))] })], groups }, userArn('u'))).toEqual([
      ['add-to-group', groupArn('Admins')],
    ]);
  });

  it('remove-boundary: only when its policies without the boundary are administrator rights', () => {
    const boundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn('cap') };
    const policies = [managedPolicy('cap', policyDoc(allow(['s3:*', 'iam:DeleteRolePermissionsBoundary'])), { AttachmentCount: 0, PermissionsBoundaryUsageCount: 1 })];
    const role = (statements: Record<string, unknown>[]) => roleDetail('bounded', { PermissionsBoundary: boundary, RolePolicyList: [own('p', ...statements)] });
    expect(steps({ roles: [supportRole(), role([allow('*')])], policies }, roleArn('bounded'))).toEqual([['remove-boundary', roleArn('bounded')]]);
    expect(steps({ roles: [supportRole(), role([allow(['s3:*', 'iam:DeleteRolePermissionsBoundary'])])], policies }, roleArn('bounded'))).toBeUndefined();
  });

  it('credentials-of: an access key or console password for another user who is (or can become) an administrator', () => {
    const users = [
      userDetail('helpdesk', { UserPolicyList: [own('p', allow('iam:CreateAccessKey', 'arn:aws:iam::*:user/*'))] }),
      userDetail('boss', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] }),
    ];
    expect(steps({ users }, userArn('helpdesk'))).toEqual([['credentials-of', userArn('boss')]]);
    // ${aws:username}: a key for itself only, which is no escalation.
    const self = [userDetail('me', { UserPolicyList: [own('p', allow('iam:CreateAccessKey', 'arn:aws:iam::*:user/${aws:username}'))] }), users[1]];
    expect(steps({ users: self }, userArn('me'))).toBeUndefined();
  });

  it('assume-role: its trust names the principal, its account\'s root, or *; a condition pinning its own account does not exclude it', () => {
    const caller = userDetail('cora', { UserPolicyList: [own('p', allow('sts:AssumeRole', roleArn('ops')))] });
    for (const principal of [{ AWS: userArn('cora') }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { AWS: ACCOUNT }, { AWS: '*' }]) {
      const roles = [supportRole(), adminRole('ops', trustStatement(principal, { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } }))];
      expect(steps({ users: [caller], roles }, userArn('cora')), JSON.stringify(principal)).toEqual([['assume-role', roleArn('ops')]]);
    }
  });

  it('near misses of assume-role: a trust naming another principal, a condition excluding it, no sts:AssumeRole on the role', () => {
    const caller = userDetail('cora', { UserPolicyList: [own('p', allow('sts:AssumeRole', roleArn('ops')))] });
    const cases = [
      trustStatement({ AWS: userArn('dave') }),
      trustStatement({ Service: 'ec2.amazonaws.com' }),
      trustStatement({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, { ArnEquals: { 'aws:PrincipalArn': roleArn('deployer') } }),
    ];
    for (const trust of cases) expect(steps({ users: [caller], roles: [supportRole(), adminRole('ops', trust)] }, userArn('cora'))).toBeUndefined();
    const noRight = userDetail('cora', { UserPolicyList: [own('p', allow('sts:AssumeRole', roleArn('other')))] });
    expect(steps({ users: [noRight], roles: [supportRole(), adminRole('ops', trustStatement({ AWS: userArn('cora') }))] }, userArn('cora'))).toBeUndefined();
  });

  it('update-trust: rewrite a role\'s trust and assume it, whatever the trust says now', () => {
    const caller = userDetail('u', { UserPolicyList: [own('p', allow(['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], roleArn('ops')))] });
    const roles = [supportRole(), adminRole('ops', trustStatement({ Service: 'ec2.amazonaws.com' }))];
    expect(steps({ users: [caller], roles }, userArn('u'))).toEqual([['update-trust', roleArn('ops')]]);
  });

  it('pass-role: a role trusting a service, with that service\'s launch actions on any resource', () => {
    const cases: [string, string[]][] = [
      ['ec2.amazonaws.com', ['ec2:RunInstances']],
      ['lambda.amazonaws.com', ['lambda:CreateFunction', 'lambda:InvokeFunction']],
      ['lambda.amazonaws.com', ['lambda:CreateFunction', 'lambda:AddPermission']],
      ['glue.amazonaws.com', ['glue:CreateDevEndpoint']],
      ['glue.amazonaws.com', ['glue:CreateJob', 'glue:StartJobRun']],
      ['cloudformation.amazonaws.com', ['cloudformation:CreateStack']],
      ['datapipeline.amazonaws.com', ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline']],
      ['codebuild.amazonaws.com', ['codebuild:CreateProject', 'codebuild:StartBuild']],
      ['ecs-tasks.amazonaws.com', ['ecs:RegisterTaskDefinition', 'ecs:CreateService']],
      ['sagemaker.amazonaws.com', ['sagemaker:CreateProcessingJob']],
    ];
    for (const [service, launch] of cases) {
      const users = [userDetail('dev', { UserPolicyList: [own('p', allow('iam:PassRole', roleArn('svc')), allow(launch))] })];
      const roles = [supportRole(), adminRole('svc', trustStatement({ Service: service }))];
      expect(steps({ users, roles }, userArn('dev')), `${service} ${launch}`).toEqual([['pass-role', roleArn('svc')]]);
    }
  });

  it('near misses of pass-role: half the launch actions, another service\'s, PassRole on another role', () => {
    const roles = [supportRole(), adminRole('svc', trustStatement({ Service: 'lambda.amazonaws.com' }))];
    for (const statements of [
      [allow('iam:PassRole', roleArn('svc')), allow('lambda:CreateFunction')],
      [allow('iam:PassRole', roleArn('svc')), allow('ec2:RunInstances')],
      [allow('iam:PassRole', roleArn('other')), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'])],
    ]) {
      expect(steps({ users: [userDetail('dev', { UserPolicyList: [own('p', ...statements)] })], roles }, userArn('dev'))).toBeUndefined();
    }
  });
});

describe('paths', () => {
  it('chain through roles it can assume or pass, shortest first, with the catalog\'s method order on ties', () => {
    const users = [userDetail('cora', { UserPolicyList: [own('p', allow('sts:AssumeRole', roleArn('etl')))] })];
    const roles = [
      supportRole(),
      roleDetail('etl', {
        AssumeRolePolicyDocument: policyDoc(trustStatement({ AWS: userArn('cora') })),
        RolePolicyList: [own('etl', allow('iam:PassRole', roleArn('batch')), allow(['ecs:RegisterTaskDefinition', 'ecs:RunTask']))],
      }),
      adminRole('batch', trustStatement({ Service: 'ecs-tasks.amazonaws.com' })),
    ];
    expect(steps({ users, roles }, userArn('cora'))).toEqual([
      ['assume-role', roleArn('etl')],
      ['pass-role', roleArn('batch')],
    ]);
    expect(steps({ users, roles }, roleArn('etl'))).toEqual([['pass-role', roleArn('batch')]]);
  });

  it('prefer one step over two, and the earlier method among equals', () => {
    const users = [
      userDetail('u', {
        AttachedManagedPolicies: [attach(policyArn('mine'))],
        UserPolicyList: [own('p', allow(['iam:CreatePolicyVersion', 'iam:AttachUserPolicy'], '*'), allow('sts:AssumeRole', '*'))],
      }),
    ];
    const policies = [managedPolicy('mine', policyDoc(allow('s3:GetObject', 'arn:aws:s3:::b/*')))];
    expect(steps({ users, policies }, userArn('u'))).toEqual([['policy-version', policyArn('mine')]]);
  });

  it('stop at five steps', () => {
    // r1 → r2 → … → r7 (admin): r1 is six steps away, r2 five.
    const roles = [supportRole(), adminRole('r7', trustStatement({ AWS: roleArn('r6') }))];
    for (let i = 6; i >= 1; i--) {
      roles.push(
        roleDetail(`r${i}`, {
          AssumeRolePolicyDocument: policyDoc(trustStatement(i === 1 ? { Service: 'ec2.amazonaws.com' } : { AWS: roleArn(`r${i - 1}`) })),
          RolePolicyList: [own('hop', allow('sts:AssumeRole', roleArn(`r${i + 1}`)))],
        }),
      );
    }
    const found = paths({ roles });
    expect(found.get(roleArn('r2'))?.steps).toHaveLength(MAX_STEPS);
    expect(found.has(roleArn('r1'))).toBe(false);
  });

  it('a Deny that would still apply keeps the target out of reach; a principal already administrator has no path', () => {
    const rewrite = (statements: Record<string, unknown>[]) => [userDetail('u', { UserPolicyList: [own('p', ...statements)] })];
    expect(steps({ users: rewrite([allow('iam:PutUserPolicy', userArn('u'))]) }, userArn('u'))).toEqual([['put-inline-policy', userArn('u')]]);
    expect(steps({ users: rewrite([allow('iam:PutUserPolicy', userArn('u')), deny('iam:CreateUser')]) }, userArn('u'))).toBeUndefined();
    const boss = userDetail('boss', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))], UserPolicyList: [own('p', allow('iam:PutUserPolicy', '*'))] });
    expect(paths({ users: [boss] }).has(userArn('boss'))).toBe(false);
  });

  it('are conditional when a step rests only on conditional statements', () => {
    const users = [userDetail('u', { UserPolicyList: [own('p', allow('iam:PutUserPolicy', userArn('u'), { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))] })];
    expect(paths({ users }).get(userArn('u'))).toMatchObject({ conditional: true });
  });

  it('leave out principals whose rights are unknown, and service-linked roles', () => {
    const users = [
      userDetail('helpdesk', { UserPolicyList: [own('p', allow('iam:CreateLoginProfile', '*'))] }),
      userDetail('mystery', { AttachedManagedPolicies: [attach(policyArn('not-in-snapshot'))] }),
    ];
    expect(paths({ users }).size).toBe(0);
  });
});
