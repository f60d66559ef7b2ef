import { anyPrincipalStatements } from '../policy/trust.js';
import type { Check, CheckFailure } from '../model.js';
import { conditionKeysOf } from './lib/judged-policies.js';
import { judgedTrusts } from './lib/trusts.js';

export const roleTrustAnyPrincipal: Check = {
  id: 'role-trust-any-principal',
  title: 'Role can be assumed by anyone',
  severity: 'critical',
  practice:
    'A role trust policy must name who may assume the role. Principal "*" (or "AWS": "*") lets any AWS account in the world assume it unless a condition pins the caller\'s organization or account (aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:SourceAccount, aws:SourceOrgID, aws:PrincipalArn, aws:SourceArn, with a value that names it: "o-*" or "*" pins nothing); an sts:ExternalId is no narrowing, since anyone can present it.',
  references: [
    {
      standard: 'AccessAnalyzer',
      id: 'Public access finding (IAM role trust policy)',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html',
    },
  ],
  remediation:
    'Replace the "*" principal with the accounts or roles that need access, or add a narrowing condition such as "StringEquals": {"aws:PrincipalOrgID": "o-xxxxxxxxxx"}: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json. If the role is not needed, delete it.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['role'],
  evaluate(snapshot) {
    const out: CheckFailure[] = [];
    for (const { role, trust } of judgedTrusts(snapshot)) {
      const statements = anyPrincipalStatements(trust);
      if (statements.length === 0) continue;
      out.push({
        resource: role.arn,
        message: `Role ${role.name} can be assumed by any AWS principal (Principal "*" with no condition pinning an organization or account)`,
        details: {
          roleName: role.name,
          statements: statements.map((s) => ({
            index: s.index,
            sid: s.sid ?? null,
            actions: s.action ?? [],
            conditionKeys: conditionKeysOf(s),
          })),
        },
      });
    }
    return out;
  },
};
