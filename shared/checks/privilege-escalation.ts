import type { Check, CheckFailure } from '../model.js';
import { escalationPaths, type EscalationPath, type EscalationStep } from '../policy/escalation.js';
import { accountRights } from '../policy/principals.js';
import type { AuthorizationDetails, Snapshot } from '../snapshot/types.js';
import { principalsWithUnknownRights } from './lib/admin-rights.js';

const pathCache = new WeakMap<AuthorizationDetails, Map<string, EscalationPath>>();

/** Every principal's shortest path, computed once per snapshot. */
function pathsOf(snapshot: Snapshot): Map<string, EscalationPath> {
  const details = snapshot.authorizationDetails;
  const rights = accountRights(snapshot);
  if (!details || !rights) return new Map();
  let paths = pathCache.get(details);
  if (!paths) {
    paths = escalationPaths(rights);
    pathCache.set(details, paths);
  }
  return paths;
}

const PASSED_TO: Readonly<Record<string, string>> = {
  'ec2.amazonaws.com': 'an EC2 instance it launches',
  'lambda.amazonaws.com': 'a Lambda function it creates',
  'glue.amazonaws.com': 'a Glue job or development endpoint it creates',
  'cloudformation.amazonaws.com': 'a CloudFormation stack it creates',
  'datapipeline.amazonaws.com': 'a data pipeline it creates',
  'codebuild.amazonaws.com': 'a CodeBuild project it starts',
  'ecs-tasks.amazonaws.com': 'an ECS task it runs',
  'sagemaker.amazonaws.com': 'a SageMaker notebook or job it creates',
};

/** Self-steps end in administrator rights of their own; the others hand over to the target. */
const ENDS_HERE = new Set(['policy-version', 'attach-policy', 'put-inline-policy', 'add-to-group', 'remove-boundary']);

/** "it" for the actor itself, "its group Ops" for one of its groups. */
function holder(step: EscalationStep, details: AuthorizationDetails, policyArn?: string): string {
  if (step.targetKind === 'group') return `its group ${step.targetName}`;
  if (!policyArn || step.actor.kind === 'role') return 'itself';
  const user = details.userByName.get(step.actor.name);
  if (!user || user.attachedPolicies.some((a) => a.arn === policyArn)) return 'itself';
  const group = user.groups.find((g) => details.groupByName.get(g)?.attachedPolicies.some((a) => a.arn === policyArn));
  return group ? `its group ${group}` : 'itself';
}

/** One step in plain words, its actor as the subject. */
function describeStep(step: EscalationStep, details: AuthorizationDetails): string {
  const who = step.actor.name;
  const used = `(${step.actions.join(', ')})`;
  switch (step.method) {
    case 'policy-version': {
      const to = holder(step, details, step.target);
      return `${who} can create a new default version of policy ${step.targetName}, which is attached to ${to === 'itself' ? 'it' : to} ${used}`;
    }
    case 'attach-policy':
      return `${who} can attach any managed policy to ${holder(step, details)} ${used}`;
    case 'put-inline-policy':
      return `${who} can put an inline policy allowing everything on ${holder(step, details)} ${used}`;
    case 'add-to-group':
      return `${who} can add itself to group ${step.targetName}, which has administrator rights ${used}`;
    case 'remove-boundary':
      return `${who} can remove its permissions boundary, the only thing keeping its policies from administrator rights ${used}`;
    case 'credentials-of':
      return step.actions[0] === 'iam:CreateAccessKey'
        ? `${who} can create an access key for user ${step.targetName} ${used}`
        : `${who} can set a console password for user ${step.targetName} ${used}`;
    case 'assume-role':
      return `${who} can assume role ${step.targetName} ${used}`;
    case 'update-trust':
      return `${who} can rewrite the trust policy of role ${step.targetName} and assume it ${used}`;
    case 'pass-role':
      return `${who} can pass role ${step.targetName} to ${PASSED_TO[step.service ?? ''] ?? step.service} ${used}`;
  }
}

/** The whole path in plain words. */
export function describePath(path: EscalationPath, details: AuthorizationDetails): string {
  const steps = path.steps.map((s) => describeStep(s, details));
  const last = path.steps[path.steps.length - 1];
  const ending = ENDS_HERE.has(last.method) ? ': one step from administrator rights' : `, and ${path.admin.kind} ${path.admin.name} has administrator rights`;
  const n = path.steps.length;
  if (n === 1) return `${steps[0]}${ending}`;
  return `${path.principal.name} can obtain administrator rights in ${n} steps: ${steps.join('; then ')}${ending}`;
}

export const privilegeEscalation: Check = {
  id: 'privilege-escalation',
  title: 'Principal can become an administrator',
  severity: 'high',
  practice:
    'A principal that can rewrite its own policies, take over another user, or assume or pass a more powerful role is as powerful as the strongest principal it can reach. Keep IAM write actions, sts:AssumeRole and iam:PassRole scoped to the resources that need them, so no chain of steps leads to administrator rights.',
  references: [
    { standard: 'Other', id: 'Rhino Security Labs AWS privilege-escalation methods' },
    { standard: 'Other', id: 'pathfinding.cloud' },
    { standard: 'Other', id: 'PMapper' },
  ],
  remediation:
    'Break the path at its weakest step: scope the IAM write action, sts:AssumeRole or iam:PassRole it uses to named resources (e.g. "Resource": "arn:aws:iam::<account>:role/app-*", an iam:PassedToService condition), narrow the target role\'s trust policy (aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json), or attach a permissions boundary that denies IAM writes (aws iam put-user-permissions-boundary / put-role-permissions-boundary).',
  inputs: ['authorizationDetails'],
  // A path runs through other principals, so only a full audit decides it ('account': never in a targeted re-evaluation).
  resourceKinds: ['user', 'role', 'account'],
  evaluate(snapshot) {
    const details = snapshot.authorizationDetails;
    if (!details) return [];
    const out: CheckFailure[] = [];
    for (const path of pathsOf(snapshot).values()) {
      out.push({
        resource: path.principal.arn,
        message: describePath(path, details),
        details: {
          path: path.steps.map((s) => ({ method: s.method, target: s.target })),
          administrator: path.admin.arn,
          permissionsUsed: path.steps.map((s) => s.actions),
        },
        ...(path.conditional ? { conditional: true } : {}),
      });
    }
    return out;
  },
  unjudged(snapshot) {
    const d = snapshot.authorizationDetails;
    return d ? principalsWithUnknownRights(snapshot, [...d.users, ...d.roles.filter((r) => !r.serviceLinked)]) : [];
  },
};
