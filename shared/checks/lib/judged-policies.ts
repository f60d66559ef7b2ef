/**
 * The policies the policy checks (admin-policy, service-wildcard,
 * permissions-management-wildcard, not-action-allow) judge, per catalog: the
 * default version of customer managed policies attached to at least one
 * principal, and the inline policies of users, groups and roles. An
 * unattached policy grants nothing; AWS managed policies and service-linked
 * roles are AWS's to keep.
 *
 * Four checks read the same list and the same statement verdicts, so both are
 * computed once per snapshot (per document) and cached.
 */
import { classifyStatement, type StatementClass } from '../../policy/actions.js';
import type { PolicyDocument, Statement } from '../../policy/document.js';
import type { AuthorizationDetails, Principal, Snapshot } from '../../snapshot/types.js';
import type { CheckFailure } from '../../model.js';

export interface JudgedPolicy {
  /** The finding's resource: the managed policy ARN, or the ARN of the inline policy's holder. */
  readonly resource: string;
  /** `inline:<name>` for an inline policy (one holder can fail once per inline policy). */
  readonly qualifier?: string;
  readonly policyName: string;
  /** Names it in a message: "Customer managed policy OpsAccess", "Inline policy push of user build-agent". */
  readonly label: string;
  /** The principal holding an inline policy. */
  readonly holder?: Pick<Principal, 'kind' | 'name' | 'arn'>;
  readonly document: PolicyDocument;
}

const judgedCache = new WeakMap<AuthorizationDetails, readonly JudgedPolicy[]>();

export function judgedPolicies(details: AuthorizationDetails): readonly JudgedPolicy[] {
  let list = judgedCache.get(details);
  if (!list) {
    list = collect(details);
    judgedCache.set(details, list);
  }
  return list;
}

function collect(details: AuthorizationDetails): JudgedPolicy[] {
  const out: JudgedPolicy[] = [];
  for (const p of details.policies) {
    if (p.awsManaged || p.document === null) continue;
    if (p.attachmentCount === 0 && !details.attachedPolicyArns.has(p.arn)) continue;
    out.push({ resource: p.arn, policyName: p.name, label: `Customer managed policy ${p.name}`, document: p.document });
  }
  const holders: readonly Principal[][] = [
    details.users as Principal[],
    details.groups as Principal[],
    details.roles.filter((r) => !r.serviceLinked),
  ];
  for (const list of holders) {
    for (const holder of list) {
      for (const inline of holder.inlinePolicies) {
        out.push({
          resource: holder.arn,
          qualifier: `inline:${inline.name}`,
          policyName: inline.name,
          label: `Inline policy ${inline.name} of ${holder.kind} ${holder.name}`,
          holder: { kind: holder.kind, name: holder.name, arn: holder.arn },
          document: inline.document,
        });
      }
    }
  }
  return out;
}

/** Statements by the first policy check that claims them (catalog precedence). */
type Verdicts = ReadonlyMap<StatementClass, readonly Statement[]>;
const verdictCache = new WeakMap<PolicyDocument, Verdicts>();
const NONE: readonly Statement[] = [];

/** The statements of `doc` that `cls` reports: each statement belongs to at most one class. */
export function statementsOfClass(doc: PolicyDocument, cls: StatementClass): readonly Statement[] {
  let verdicts = verdictCache.get(doc);
  if (!verdicts) {
    const map = new Map<StatementClass, Statement[]>();
    for (const s of doc.statements) {
      const c = classifyStatement(s);
      if (c) map.set(c, [...(map.get(c) ?? []), s]);
    }
    verdicts = map;
    verdictCache.set(doc, verdicts);
  }
  return verdicts.get(cls) ?? NONE;
}

/**
 * The loop every policy check shares: for each judged policy whose document
 * has offending statements, one failure saying `message` about them, with
 * `detail` of each statement.
 */
export function failingPolicies(
  snapshot: Snapshot,
  offending: (doc: PolicyDocument) => readonly Statement[],
  message: (statements: readonly Statement[]) => string,
  detail: (statement: Statement) => Record<string, unknown>,
  /** Details of the policy as a whole, beside its statements. */
  extraDetails: Record<string, unknown> = {},
): CheckFailure[] {
  const details = snapshot.authorizationDetails;
  if (!details) return [];
  const out: CheckFailure[] = [];
  for (const policy of judgedPolicies(details)) {
    const statements = offending(policy.document);
    if (statements.length > 0) out.push(policyFailure(policy, message(statements), statements.map(detail), extraDetails));
  }
  return out;
}

/** One failure for one policy, with the details shape every policy check shares. */
export function policyFailure(
  policy: JudgedPolicy,
  message: string,
  statements: readonly Record<string, unknown>[],
  extraDetails: Record<string, unknown> = {},
): CheckFailure {
  return {
    resource: policy.resource,
    ...(policy.qualifier ? { qualifier: policy.qualifier } : {}),
    message: `${policy.label} ${message}`,
    details: {
      policyName: policy.policyName,
      ...(policy.holder ? { holder: { kind: policy.holder.kind, name: policy.holder.name } } : { policyArn: policy.resource }),
      statements,
      ...extraDetails,
    },
  };
}

/** "statement 2" / "statement 2 (Sid AllowAll)", for messages. */
export function statementLabel(s: Statement): string {
  return s.sid ? `statement ${s.index} (Sid ${s.sid})` : `statement ${s.index}`;
}

export function statementsLabel(list: readonly Statement[]): string {
  return list.length === 1 ? statementLabel(list[0]) : `statements ${list.map((s) => s.index).join(', ')}`;
}
