/**
 * The policies the policy checks (admin-policy, service-wildcard,
 * permissions-management-wildcard, not-action-allow, passrole-any-role,
 * assume-any-role, kms-decrypt-any-key) judge, per catalog: the default
 * version of customer managed policies attached to at least one principal,
 * and the inline policies of users, groups and roles. An unattached policy
 * grants nothing (one used only as a permissions boundary counts as
 * unattached); AWS managed policies and service-linked roles are AWS's to
 * keep.
 *
 * Seven checks read the same list and the same statement verdicts (the
 * policy engine's, shared/policy/statements.ts), so both are computed once
 * per snapshot (per document and account) and cached.
 */
import { actionPatternMatches } from '../../policy/action-index.js';
import { isConditional } from '../../policy/conditions.js';
import { compileDocument } from '../../policy/compile.js';
import type { PolicyDocument, Statement } from '../../policy/document.js';
import type { AccountContext } from '../../policy/resources.js';
import { classifyCompiled, type StatementClass } from '../../policy/statements.js';
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

/** The account a snapshot's policies are judged in ("every resource in the account"). */
export function accountContext(snapshot: Snapshot): AccountContext {
  return { account: snapshot.accountId, partition: /^arn:(aws[a-z-]*):/.exec(snapshot.rootArn)?.[1] ?? 'aws' };
}

/** Statements by the first policy check that claims them (catalog precedence). */
type Verdicts = ReadonlyMap<StatementClass, readonly Statement[]>;
const verdictCache = new WeakMap<PolicyDocument, Map<string, Verdicts>>();
const NONE: readonly Statement[] = [];

/** The statements of `doc` that `cls` reports: each statement belongs to at most one class. */
export function statementsOfClass(doc: PolicyDocument, cls: StatementClass, ctx: AccountContext): readonly Statement[] {
  let byAccount = verdictCache.get(doc);
  if (!byAccount) verdictCache.set(doc, (byAccount = new Map()));
  const key = `${ctx.partition}|${ctx.account}`;
  let verdicts = byAccount.get(key);
  if (!verdicts) {
    const map = new Map<StatementClass, Statement[]>();
    for (const s of compileDocument(doc).statements) {
      const c = classifyCompiled(s, ctx);
      if (c) map.set(c, [...(map.get(c) ?? []), s.statement]);
    }
    verdicts = map;
    byAccount.set(key, verdicts);
  }
  return verdicts.get(cls) ?? NONE;
}

/**
 * The loop every policy check shares: for each judged policy whose document
 * has offending statements, one failure saying `message` about them, with
 * `detail` of each statement. A failure whose statements all carry a
 * condition is conditional (the engine lowers its severity).
 */
export function failingPolicies(
  snapshot: Snapshot,
  offending: (doc: PolicyDocument, ctx: AccountContext) => readonly Statement[],
  message: (statements: readonly Statement[], doc: PolicyDocument) => string,
  detail: (statement: Statement, doc: PolicyDocument) => Record<string, unknown>,
  /** Details of the policy as a whole, beside its statements. */
  extraDetails: Record<string, unknown> = {},
): CheckFailure[] {
  const details = snapshot.authorizationDetails;
  if (!details) return [];
  const ctx = accountContext(snapshot);
  const out: CheckFailure[] = [];
  for (const policy of judgedPolicies(details)) {
    const statements = offending(policy.document, ctx);
    if (statements.length === 0) continue;
    const failure = policyFailure(policy, message(statements, policy.document), statements.map((s) => detail(s, policy.document)), extraDetails);
    out.push(statements.every(isConditional) ? { ...failure, conditional: true } : failure);
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

/** Condition keys of a statement, as written, for details. */
export function conditionKeysOf(s: Statement): string[] {
  return Object.values(s.condition ?? {}).flatMap((entries) => Object.keys(entries));
}

/** The statement's Action patterns, as written, that take in the action. */
export function patternsFor(s: Statement, action: string): string[] {
  return (s.action ?? []).filter((p) => actionPatternMatches(p, action));
}
