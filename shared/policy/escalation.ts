/**
 * Who can become an administrator (catalog "Privilege-escalation methods"):
 * a graph whose nodes are the account's users and roles and whose edges
 * are the catalog's methods, searched breadth-first from the principals
 * that already hold administrator rights, so each principal gets its
 * shortest path (at most MAX_STEPS steps). Ties go to the method listed
 * first in the catalog, then to the target's ARN, so a path is stable from
 * one run to the next.
 *
 * A step is judged on the principal's effective permissions (conditions
 * counted as met, Denies and the boundary applied) and, for the methods
 * that rewrite a principal's own policies, on what it could hold
 * afterwards: a Deny that would still apply, or a boundary that caps it,
 * keeps administrator rights out of reach.
 */
import type { Group, ManagedPolicy, Principal, Role, User } from '../snapshot/types.js';
import { actionId } from './action-index.js';
import { isAwsManagedPolicyArn } from './actions.js';
import type { CompiledStatement } from './compile.js';
import type { PolicyDocument } from './document.js';
import { administratorRights, allowance, allowsOnService, withPolicies, type Allowance, type EffectivePermissions, type PolicyInput } from './permissions.js';
import type { AccountRights, PrincipalRights } from './principals.js';
import { trustAllowsCaller, trustedServices } from './trust.js';

export const MAX_STEPS = 5;

/** The catalog's method ids, in its order (the order ties are broken in). */
export const ESCALATION_METHODS = [
  'policy-version',
  'attach-policy',
  'put-inline-policy',
  'add-to-group',
  'remove-boundary',
  'credentials-of',
  'assume-role',
  'update-trust',
  'pass-role',
] as const;
export type EscalationMethod = (typeof ESCALATION_METHODS)[number];

export interface EscalationStep {
  readonly method: EscalationMethod;
  /** ARN of what the step acts on: a policy, a group, a user, a role, or the principal itself. */
  readonly target: string;
  readonly targetKind: 'policy' | 'group' | 'user' | 'role';
  readonly targetName: string;
  /** The principal taking the step. */
  readonly actor: { readonly arn: string; readonly kind: 'user' | 'role'; readonly name: string };
  /** The permissions the step uses. */
  readonly actions: readonly string[];
  /** For pass-role: the service the role is passed to ("ecs-tasks.amazonaws.com"). */
  readonly service?: string;
  /** The step rests on conditional statements only. */
  readonly conditional: boolean;
}

export interface EscalationPath {
  readonly principal: Principal;
  readonly steps: readonly EscalationStep[];
  /** Some step, or the administrator rights reached, rests on conditional statements only. */
  readonly conditional: boolean;
  /** Where the path ends: the principal that holds administrator rights at the end. */
  readonly admin: { readonly arn: string; readonly name: string; readonly kind: 'user' | 'role' };
}

/** Launch actions per trusted service (catalog "pass-role"): any one set of them, on any resource. */
export const LAUNCH_ACTIONS: ReadonlyMap<string, readonly (readonly string[])[]> = new Map([
  ['ec2.amazonaws.com', [['ec2:RunInstances']]],
  [
    'lambda.amazonaws.com',
    [
      ['lambda:CreateFunction', 'lambda:InvokeFunction'],
      ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
      ['lambda:CreateFunction', 'lambda:AddPermission'],
    ],
  ],
  ['glue.amazonaws.com', [['glue:CreateDevEndpoint'], ['glue:CreateJob', 'glue:StartJobRun']]],
  ['cloudformation.amazonaws.com', [['cloudformation:CreateStack']]],
  ['datapipeline.amazonaws.com', [['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline']]],
  ['codebuild.amazonaws.com', [['codebuild:CreateProject', 'codebuild:StartBuild']]],
  [
    'ecs-tasks.amazonaws.com',
    [
      ['ecs:RegisterTaskDefinition', 'ecs:RunTask'],
      ['ecs:RegisterTaskDefinition', 'ecs:StartTask'],
      ['ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    ],
  ],
  ['sagemaker.amazonaws.com', [['sagemaker:CreateNotebookInstance'], ['sagemaker:CreateTrainingJob'], ['sagemaker:CreateProcessingJob']]],
]);

/** "ecs-tasks.amazonaws.com" for any partition's spelling of a service principal. */
const canonicalService = (service: string) => service.toLowerCase().replace(/\.amazonaws\.com\.cn$/, '.amazonaws.com');

/** What a step grants when it lets the principal write its own policies: everything. */
const ADMIN_DOCUMENT: PolicyDocument = {
  version: '2012-10-17',
  statements: [{ effect: 'Allow', action: ['*'], resource: ['*'], index: 0 }],
};
const granted = (via: string): PolicyInput => ({ document: ADMIN_DOCUMENT, source: { policy: 'escalation:any-policy', name: 'any policy', via } });

type Node = PrincipalRights & { readonly principal: User | Role; readonly effective: EffectivePermissions };

interface Option {
  readonly step: EscalationStep;
  /** The node the step leads to (null: the step itself ends in administrator rights). */
  readonly next: Node | null;
}

const methodRank = (m: EscalationMethod) => ESCALATION_METHODS.indexOf(m);
const better = (a: Option, b: Option | undefined) =>
  !b || methodRank(a.step.method) < methodRank(b.step.method) || (a.step.method === b.step.method && a.step.target < b.step.target);

/** The IAM writes a self-step needs: a policy, a group or a boundary of the principal itself. */
const SELF_ACTIONS: readonly string[] = [
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:AddUserToGroup',
  'iam:DeleteUserPermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:PutRolePermissionsBoundary',
];

/** The actions some method needs on an IAM resource (the launch actions matter only beside iam:PassRole). */
const STEP_ACTION_IDS: readonly number[] = [
  'sts:AssumeRole',
  'iam:PassRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  ...SELF_ACTIONS,
].map((a) => actionId(a)!);

const takesSteps = new WeakMap<CompiledStatement, boolean>();
/** Whether some Allow statement names an action a method needs (before asking about resources, Denies and boundaries). */
function holdsAnyStepAction(e: EffectivePermissions): boolean {
  for (const g of e.allows) {
    let v = takesSteps.get(g.statement);
    if (v === undefined) {
      v = false;
      for (const id of STEP_ACTION_IDS) if (g.statement.actions.has(id)) v = true;
      takesSteps.set(g.statement, v);
    }
    if (v) return true;
  }
  return false;
}

/** The first of several actions allowed on the resource, with how it is allowed. */
function firstAllowed(e: EffectivePermissions, actions: readonly string[], resource?: string): { action: string; allowance: Allowance } | null {
  for (const action of actions) {
    const a = allowance(e, action, resource);
    if (a.allowed) return { action, allowance: a };
  }
  return null;
}

/** The escalation paths of every user and role that has none of the rights yet but can reach them. */
export function escalationPaths(rights: AccountRights, maxSteps = MAX_STEPS): Map<string, EscalationPath> {
  const details = rights.details;
  const nodes: Node[] = [];
  for (const p of [...details.users, ...details.roles.filter((r) => !r.serviceLinked)] as (User | Role)[]) {
    const r = rights.of(p);
    if (r.effective) nodes.push(r as Node);
  }
  const actorOf = (n: Node) => ({ arn: n.principal.arn, kind: n.principal.kind, name: n.principal.name });
  const stepOf = (n: Node, s: Omit<EscalationStep, 'actor'>): EscalationStep => ({ ...s, actor: actorOf(n) });

  // ---- what each principal can do to itself (each such step ends in administrator rights)
  let adminGroupList: { group: Group; rights: PrincipalRights }[] | undefined;
  const adminGroups = () =>
    (adminGroupList ??= details.groups.map((group) => ({ group, rights: rights.of(group) })).filter((g) => g.rights.admin?.admin === true));
  const inputsOf = (n: Node) => n.effective.policies;
  const adminAfter = (n: Node, policies: readonly PolicyInput[], dropBoundary = false) => {
    const verdict = administratorRights(withPolicies(n.effective, policies, dropBoundary));
    return verdict.admin ? verdict : null;
  };

  function selfSteps(n: Node): Option[] {
    const out: Option[] = [];
    const p = n.principal;
    const groups = p.kind === 'user' ? p.groups.flatMap((name) => details.groupByName.get(name) ?? []) : [];
    const withGrant = (via: string) => adminAfter(n, [...inputsOf(n), granted(via)]);

    // policy-version: a customer managed policy it holds (itself or through a group), rewritten to allow everything.
    const held = new Map<string, ManagedPolicy>();
    for (const a of [...p.attachedPolicies, ...groups.flatMap((g) => g.attachedPolicies)]) {
      const policy = details.policyByArn.get(a.arn);
      if (policy && !isAwsManagedPolicyArn(a.arn)) held.set(a.arn, policy);
    }
    for (const policy of held.values()) {
      const can = firstAllowed(n.effective, ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], policy.arn);
      if (!can) continue;
      const rewritten = inputsOf(n).map((i) => (i.source.policy === policy.arn ? { ...i, document: ADMIN_DOCUMENT } : i));
      const after = adminAfter(n, rewritten);
      if (after) {
        const step = stepOf(n, {
          method: 'policy-version',
          target: policy.arn,
          targetKind: 'policy',
          targetName: policy.name,
          actions: [can.action],
          conditional: can.allowance.conditional || after.conditional,
        });
        out.push({ step, next: null });
      }
    }

    // attach-policy / put-inline-policy: on itself, or (a user) on one of its groups.
    const targets: { arn: string; kind: 'user' | 'role' | 'group'; name: string; attach: string; put: string; via: string }[] =
      p.kind === 'user'
        ? [
            { arn: p.arn, kind: 'user', name: p.name, attach: 'iam:AttachUserPolicy', put: 'iam:PutUserPolicy', via: 'user' },
            ...groups.map((g) => ({ arn: g.arn, kind: 'group' as const, name: g.name, attach: 'iam:AttachGroupPolicy', put: 'iam:PutGroupPolicy', via: `group:${g.name}` })),
          ]
        : [{ arn: p.arn, kind: 'role', name: p.name, attach: 'iam:AttachRolePolicy', put: 'iam:PutRolePolicy', via: 'role' }];
    for (const [method, key] of [['attach-policy', 'attach'], ['put-inline-policy', 'put']] as const) {
      for (const t of targets) {
        const can = allowance(n.effective, t[key], t.arn);
        if (!can.allowed) continue;
        const after = withGrant(t.via);
        if (!after) continue;
        out.push({
          step: stepOf(n, { method, target: t.arn, targetKind: t.kind, targetName: t.name, actions: [t[key]], conditional: can.conditional || after.conditional }),
          next: null,
        });
      }
    }

    // add-to-group: a group with administrator rights of its own.
    if (p.kind === 'user') {
      for (const { group: g, rights: gr } of adminGroups()) {
        if (p.groups.includes(g.name)) continue;
        const can = allowance(n.effective, 'iam:AddUserToGroup', g.arn);
        if (!can.allowed) continue;
        const joined = gr.ownPolicies.map((i) => ({ ...i, source: { ...i.source, via: `group:${g.name}` } }));
        const after = adminAfter(n, [...inputsOf(n), ...joined]);
        if (!after) continue;
        out.push({
          step: stepOf(n, { method: 'add-to-group', target: g.arn, targetKind: 'group', targetName: g.name, actions: ['iam:AddUserToGroup'], conditional: can.conditional || after.conditional }),
          next: null,
        });
      }
    }

    // remove-boundary: its own boundary is all that stands between its policies and administrator rights.
    if (n.effective.boundary) {
      const actions =
        p.kind === 'user'
          ? ['iam:DeleteUserPermissionsBoundary', 'iam:PutUserPermissionsBoundary']
          : ['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'];
      const can = firstAllowed(n.effective, actions, p.arn);
      const after = can ? adminAfter(n, inputsOf(n), true) : null;
      if (can && after) {
        out.push({
          step: stepOf(n, { method: 'remove-boundary', target: p.arn, targetKind: p.kind, targetName: p.name, actions: [can.action], conditional: can.allowance.conditional || after.conditional }),
          next: null,
        });
      }
    }
    return out;
  }

  // ---- steps from one principal to another
  const CREDENTIAL_ACTIONS = ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'];
  const allowedSomewhere = (n: Node, action: string) => allowance(n.effective, action).allowed;
  /** On some IAM resource of the account: where every method's target (a user, group, role or policy) is. */
  const allowedOnIam = (n: Node, action: string) => allowsOnService(n.effective, action, 'iam');
  interface Capability {
    readonly assume: boolean;
    readonly updateTrust: boolean;
    readonly credentials: boolean;
    /** Services it can launch something with, and the launch actions it would use (empty without iam:PassRole). */
    readonly launches: ReadonlyMap<string, readonly string[]>;
    /** Some IAM write that a self-step needs. */
    readonly self: boolean;
  }
  // Called for every principal: plain loops (no closures) keep it cheap.
  const anyOnIam = (n: Node, actions: readonly string[]) => {
    for (const a of actions) if (allowedOnIam(n, a)) return true;
    return false;
  };
  const allSomewhere = (n: Node, actions: readonly string[]) => {
    for (const a of actions) if (!allowedSomewhere(n, a)) return false;
    return true;
  };
  const NONE: Capability = { assume: false, updateTrust: false, credentials: false, launches: new Map(), self: false };
  const capabilityOf = (n: Node): Capability => {
    // Most principals hold none of the methods' actions: a look at their statements' action sets settles it.
    if (!holdsAnyStepAction(n.effective)) return NONE;
    const assume = allowedOnIam(n, 'sts:AssumeRole');
    const launches = new Map<string, readonly string[]>();
    if (allowedOnIam(n, 'iam:PassRole')) {
      for (const [service, sets] of LAUNCH_ACTIONS) {
        for (const actions of sets) {
          if (!allSomewhere(n, actions)) continue;
          launches.set(service, actions);
          break;
        }
      }
    }
    return {
      assume,
      updateTrust: assume && allowedOnIam(n, 'iam:UpdateAssumeRolePolicy'),
      credentials: anyOnIam(n, CREDENTIAL_ACTIONS),
      launches,
      self: anyOnIam(n, SELF_ACTIONS),
    };
  };

  /** Who a role's trust policy may let in, read once per role: the cheap test before the exact one. */
  interface TrustSummary {
    /** An Allow names the account (its root or id) or `*`. */
    readonly openToAccount: boolean;
    /** Principal ARNs an Allow names. */
    readonly named: ReadonlySet<string>;
    /** Canonical service principals it trusts. */
    readonly services: ReadonlySet<string>;
  }
  const trustSummaries = new Map<Node, TrustSummary>();
  const trustOf = (t: Node): TrustSummary => {
    let summary = trustSummaries.get(t);
    if (!summary) {
      const doc = (t.principal as Role).trustPolicy;
      const named = new Set<string>();
      let openToAccount = false;
      for (const st of doc?.statements ?? []) {
        if (st.effect !== 'Allow' || st.principal === undefined) continue;
        const aws = st.principal === '*' ? ['*'] : (st.principal.AWS ?? []);
        for (const p of aws) {
          if (p === '*' || p === rights.account.account || p.endsWith(`::${rights.account.account}:root`)) openToAccount = true;
          else named.add(p);
        }
      }
      const services = new Set(doc ? trustedServices(doc).map((x) => canonicalService(x.service)) : []);
      summary = { openToAccount, named, services };
      trustSummaries.set(t, summary);
    }
    return summary;
  };

  function edges(n: Node, c: Capability, t: Node, out: Option[]): void {
    const target = t.principal;
    if (target.arn === n.principal.arn) return;
    if (target.kind === 'user') {
      const can = firstAllowed(n.effective, CREDENTIAL_ACTIONS, target.arn);
      if (can) {
        out.push({
          step: stepOf(n, { method: 'credentials-of', target: target.arn, targetKind: 'user', targetName: target.name, actions: [can.action], conditional: can.allowance.conditional }),
          next: t,
        });
      }
      return;
    }
    const trust = target.trustPolicy;
    const summary = trustOf(t);
    if (c.assume && trust && (summary.openToAccount || summary.named.has(n.principal.arn))) {
      const can = allowance(n.effective, 'sts:AssumeRole', target.arn);
      if (can.allowed && trustAllowsCaller(trust, { account: rights.account.account, arn: n.principal.arn })) {
        out.push({
          step: stepOf(n, { method: 'assume-role', target: target.arn, targetKind: 'role', targetName: target.name, actions: ['sts:AssumeRole'], conditional: can.conditional }),
          next: t,
        });
      }
    }
    if (c.updateTrust) {
      const update = allowance(n.effective, 'iam:UpdateAssumeRolePolicy', target.arn);
      const assume = update.allowed ? allowance(n.effective, 'sts:AssumeRole', target.arn) : null;
      if (update.allowed && assume?.allowed) {
        out.push({
          step: stepOf(n, {
            method: 'update-trust',
            target: target.arn,
            targetKind: 'role',
            targetName: target.name,
            actions: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'],
            conditional: update.conditional || assume.conditional,
          }),
          next: t,
        });
      }
    }
    if (c.launches.size > 0 && trust) {
      for (const [service, launch] of c.launches) {
        if (!summary.services.has(service)) continue;
        const pass = allowance(n.effective, 'iam:PassRole', target.arn);
        if (!pass.allowed) break;
        const launchConditional = launch.some((a) => allowance(n.effective, a).conditional);
        out.push({
          step: stepOf(n, {
            method: 'pass-role',
            target: target.arn,
            targetKind: 'role',
            targetName: target.name,
            actions: ['iam:PassRole', ...launch],
            service,
            conditional: pass.conditional || launchConditional,
          }),
          next: t,
        });
        break;
      }
    }
  }

  // ---- breadth-first, from the administrators outwards
  const best = new Map<Node, Option>();
  const dist = new Map<Node, number>();
  let frontier: Node[] = [];
  for (const n of nodes) {
    if (n.admin?.admin) {
      dist.set(n, 0);
      frontier.push(n);
    }
  }
  // Only a principal with one of the methods' permissions can take a step: most have none.
  const pending = new Map<Node, Capability>();
  for (const n of nodes) {
    if (dist.has(n)) continue;
    const c = capabilityOf(n);
    if (c.self || c.assume || c.credentials || c.launches.size > 0) pending.set(n, c);
  }
  for (let level = 1; level <= maxSteps && pending.size > 0; level++) {
    const users = frontier.filter((t) => t.principal.kind === 'user');
    const roles = frontier.filter((t) => t.principal.kind === 'role');
    // The frontier's roles by who their trust lets in, so each principal looks only at roles it may reach.
    const openRoles: Node[] = [];
    const rolesByName = new Map<string, Node[]>();
    const rolesByService = new Map<string, Node[]>();
    for (const t of roles) {
      const summary = trustOf(t);
      if (summary.openToAccount) openRoles.push(t);
      for (const arn of summary.named) rolesByName.set(arn, [...(rolesByName.get(arn) ?? []), t]);
      for (const service of summary.services) rolesByService.set(service, [...(rolesByService.get(service) ?? []), t]);
    }
    const reached: Node[] = [];
    const options: Option[] = [];
    for (const [n, c] of pending) {
      options.length = 0;
      if (level === 1 && c.self) options.push(...selfSteps(n));
      if (c.credentials) for (const t of users) edges(n, c, t, options);
      let candidates: Iterable<Node> = [];
      if (c.updateTrust) candidates = roles;
      else {
        const some = new Set<Node>();
        if (c.assume) for (const t of [...openRoles, ...(rolesByName.get(n.principal.arn) ?? [])]) some.add(t);
        for (const service of c.launches.keys()) for (const t of rolesByService.get(service) ?? []) some.add(t);
        candidates = some;
      }
      for (const t of candidates) edges(n, c, t, options);
      let choice: Option | undefined;
      for (const o of options) if (better(o, choice)) choice = o;
      if (choice) {
        best.set(n, choice);
        reached.push(n);
      }
    }
    if (reached.length === 0) break;
    for (const n of reached) {
      dist.set(n, level);
      pending.delete(n);
    }
    frontier = reached;
  }

  const out = new Map<string, EscalationPath>();
  for (const [n, first] of best) {
    const steps: EscalationStep[] = [first.step];
    let at = first.next;
    while (at && dist.get(at)! > 0) {
      const o = best.get(at)!;
      steps.push(o.step);
      at = o.next;
    }
    const end = at ?? n;
    const endAdmin = at ? at.admin! : null;
    const conditional = steps.some((s) => s.conditional) || (endAdmin?.conditional ?? false);
    out.set(n.principal.arn, {
      principal: n.principal,
      steps,
      conditional,
      admin: { arn: end.principal.arn, name: end.principal.name, kind: end.principal.kind },
    });
  }
  return out;
}
