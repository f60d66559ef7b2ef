import type { Check, CheckFailure } from '../model.js';
import { administratorRights, effectivePermissions } from '../policy/permissions.js';
import { accountRights, type AccountRights, type PrincipalRights } from '../policy/principals.js';
import type { Principal, Snapshot, User } from '../snapshot/types.js';
import { grantingPolicies, principalsWithUnknownRights, type AdminGrant } from './lib/admin-rights.js';
import { cis } from './lib/references.js';

const policyLabel = (g: AdminGrant) => (g.policy.startsWith('inline:') ? `inline policy ${g.policy.slice('inline:'.length)}` : g.policy.slice(g.policy.lastIndexOf('/') + 1));

/** Administrator rights from the user's own policies: its groups' Denies and its boundary still apply. */
function ownAdministratorRights(r: PrincipalRights) {
  const full = r.effective!;
  const own = effectivePermissions(r.ownPolicies, { account: full.account, principal: full.principal, boundary: full.boundaryPolicy });
  return administratorRights({ ...own, denies: full.denies });
}

/** Whether a user's administrator rights are its own (reported under the user) or come whole from a group (reported there). */
function userAdmin(user: User, rights: AccountRights) {
  const r = rights.of(user);
  if (!r.admin?.admin) return null;
  const own = ownAdministratorRights(r);
  if (own.admin) return own;
  const fromAGroup = user.groups.some((name) => {
    const group = rights.details.groupByName.get(name);
    return group !== undefined && rights.of(group).admin?.admin === true;
  });
  // Neither its own policies nor one group alone: the mix is the user's.
  return fromAGroup ? null : r.admin;
}

function principalsJudged(snapshot: Snapshot): Principal[] {
  const d = snapshot.authorizationDetails;
  return d ? [...d.groups, ...d.roles.filter((r) => !r.serviceLinked), ...d.users] : [];
}

export const adminPrincipal: Check = {
  id: 'admin-principal',
  title: 'Principal has administrator rights',
  severity: 'high',
  practice:
    'Keep the number of administrators small and known: a principal whose policies allow every IAM action on every resource can grant itself anything else, so each one is a way to take over the account. Give people and workloads the permissions their work needs, and keep full administrator access to a few break-glass roles.',
  references: [...cis('1.16', '1.15'), { standard: 'Other', id: 'Prowler iam_{user,group,role}_administrator_access_policy' }],
  remediation:
    'Review why the principal needs administrator rights. Detach or narrow the granting policies: aws iam detach-role-policy --role-name <role> --policy-arn <arn> (detach-group-policy, detach-user-policy likewise), or publish a narrowed version of a customer managed policy with aws iam create-policy-version --policy-arn <arn> --policy-document file://narrowed.json --set-as-default.',
  inputs: ['authorizationDetails'],
  resourceKinds: ['group', 'role', 'user'],
  evaluate(snapshot) {
    const rights = accountRights(snapshot);
    const details = snapshot.authorizationDetails;
    if (!rights || !details) return [];
    const out: CheckFailure[] = [];
    const report = (p: Principal, verdict: NonNullable<PrincipalRights['admin']>, extra: Record<string, unknown> = {}, suffix = '') => {
      const grants = grantingPolicies(verdict.grants);
      out.push({
        resource: p.arn,
        message: `${p.kind[0].toUpperCase()}${p.kind.slice(1)} ${p.name} has administrator rights (${[...new Set(grants.map(policyLabel))].join(', ')})${suffix}`,
        details: { principalName: p.name, kind: p.kind, grants, ...extra },
        ...(verdict.conditional ? { conditional: true } : {}),
      });
    };
    for (const group of details.groups) {
      const admin = rights.of(group).admin;
      if (!admin?.admin) continue;
      const members = details.users.filter((u) => u.groups.includes(group.name)).map((u) => u.name);
      report(group, admin, { members }, members.length ? `; members: ${members.join(', ')}` : '; no members');
    }
    for (const role of details.roles) {
      if (role.serviceLinked) continue;
      const admin = rights.of(role).admin;
      if (admin?.admin) report(role, admin);
    }
    for (const user of details.users) {
      const admin = userAdmin(user, rights);
      if (admin) report(user, admin);
    }
    return out;
  },
  unjudged(snapshot) {
    return principalsWithUnknownRights(snapshot, principalsJudged(snapshot));
  },
};
