/**
 * Builders for policy, trust and principal test cases, on top of
 * account.ts: documents stay in the AWS formats (objects or URL-encoded).
 */
import { ACCOUNT, ROOT_ARN, awsPolicyArn, policyDoc, roleDetail } from './account.js';
import { parsePolicyDocument, type PolicyDocument } from '../../shared/policy/document.js';
import type { RawInlinePolicy, RawPolicyDocument, RawRoleDetail } from '../../shared/snapshot/types.js';

export const inline = (name: string, document: RawPolicyDocument): RawInlinePolicy => ({ PolicyName: name, PolicyDocument: document });

/** A trust statement allowing `principal` (a Principal element as written) to assume the role. */
export const trustStatement = (principal: unknown, condition?: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {}),
  ...extra,
});

/** A role whose trust policy holds the given statements. */
export const trustingRole = (name: string, ...statements: Record<string, unknown>[]): RawRoleDetail =>
  roleDetail(name, { AssumeRolePolicyDocument: policyDoc(...statements) });

/** A service-linked role as IAM lists it (path /aws-service-role/<service>/). */
export function serviceLinkedRole(name: string, overrides: Partial<RawRoleDetail> = {}): RawRoleDetail {
  return roleDetail(name, {
    Path: '/aws-service-role/elasticloadbalancing.amazonaws.com/',
    Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/elasticloadbalancing.amazonaws.com/${name}`,
    AssumeRolePolicyDocument: policyDoc({ Effect: 'Allow', Principal: { Service: 'elasticloadbalancing.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    ...overrides,
  });
}

/** The default support role of account.ts, kept when a test lists its own roles. */
export const supportRole = (): RawRoleDetail =>
  roleDetail('support', {
    AssumeRolePolicyDocument: policyDoc({ Effect: 'Allow', Principal: { AWS: ROOT_ARN }, Action: 'sts:AssumeRole' }),
    AttachedManagedPolicies: [{ PolicyName: 'AWSSupportAccess', PolicyArn: awsPolicyArn('AWSSupportAccess') }],
  });

/** A parsed document from statements, for unit tests of shared/policy. */
export const parsed = (...statements: Record<string, unknown>[]): PolicyDocument => parsePolicyDocument(policyDoc(...statements));
