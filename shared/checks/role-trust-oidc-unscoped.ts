import type { Check, CheckFailure } from '../model.js';
import { pinsKey } from '../policy/conditions.js';
import { webIdentityTrusts, type WebIdentityTrust } from '../policy/trust.js';
import { judgedTrusts } from './lib/trusts.js';

const GITHUB = 'token.actions.githubusercontent.com';
const COGNITO = 'cognito-identity.amazonaws.com';

/** A GitHub `sub` pattern that names its owner without wildcards: `repo:<owner>/…`. */
const pinsGitHubOwner = (value: string) => /^repo:[^/*?]+\//.test(value);

/** The condition key that must pin who may assume the role, or null when the trust does pin it. */
function unpinnedKey(t: WebIdentityTrust): string | null {
  const provider = t.provider.toLowerCase();
  if (provider === COGNITO) return pinsKey(t.statement, `${t.provider}:aud`) ? null : `${t.provider}:aud`;
  const sub = `${t.provider}:sub`;
  if (provider === GITHUB || provider.startsWith(`${GITHUB}/`)) return pinsKey(t.statement, sub, pinsGitHubOwner) ? null : sub;
  return pinsKey(t.statement, sub) ? null : sub;
}

export const roleTrustOidcUnscoped: Check = {
  id: 'role-trust-oidc-unscoped',
  title: 'Role trusts a web-identity provider without pinning who',
  severity: 'critical',
  practice:
    'A role that trusts an OIDC provider (GitHub Actions, an EKS cluster, Google, Cognito) must say which of the provider\'s identities may assume it: a condition on <provider>:sub (for GitHub, one naming the repository owner, "repo:<owner>/…", with no wildcard in the owner; for Cognito, on cognito-identity.amazonaws.com:aud). Without it anyone with an account at that provider can assume the role.',
  references: [
    { standard: 'Other', id: 'GitHub and AWS OIDC guidance (configuring the role trust policy)' },
    { standard: 'Other', id: 'Prowler #12845' },
  ],
  remediation:
    'Add the missing condition to the trust statement, e.g. "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:<owner>/<repo>:ref:refs/heads/main"}} (EKS: "<provider>:sub": "system:serviceaccount:<namespace>:<service-account>"), then aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['role'],
  evaluate(snapshot) {
    const out: CheckFailure[] = [];
    for (const { role, trust } of judgedTrusts(snapshot)) {
      const open = webIdentityTrusts(trust).flatMap((t) => {
        const key = unpinnedKey(t);
        return key ? [{ trust: t, key }] : [];
      });
      if (open.length === 0) continue;
      const providers = [...new Set(open.map((o) => o.trust.provider))];
      out.push({
        resource: role.arn,
        message: `Role ${role.name} trusts web identities of ${providers.join(', ')} with no condition pinning who (${[...new Set(open.map((o) => o.key))].join(', ')}): anyone with an identity there can assume it`,
        details: {
          roleName: role.name,
          trusts: open.map((o) => ({ provider: o.trust.provider, federated: o.trust.federated, missingCondition: o.key, statementIndex: o.trust.statement.index })),
        },
      });
    }
    return out;
  },
};
