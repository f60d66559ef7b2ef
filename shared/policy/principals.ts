/**
 * Effective permissions of every user, group and role of a snapshot
 * (catalog "Effective permissions of a principal"): inline and attached
 * managed policies (AWS managed ones included), for a user those of its
 * groups too, its permissions boundary as a cap. A managed policy's document
 * comes from the snapshot, else (AWS managed only) from the registered
 * library of AWS managed policies; a policy known to neither leaves that
 * principal's rights unknown, and the principal is not judged.
 *
 * Computed once per snapshot (keyed by its authorization details) and
 * lazily per principal: checks that ask about a few principals pay for
 * those only.
 */
import type { AuthorizationDetails, Group, Principal, Role, Snapshot, User } from '../snapshot/types.js';
import { isAwsManagedPolicyArn } from './actions.js';
import { parsePolicyDocument, type PolicyDocument } from './document.js';
import { managedPolicyLibrary } from './managed-library.js';
import { administratorRights, effectivePermissions, type AdministratorVerdict, type EffectivePermissions, type PolicyInput } from './permissions.js';
import type { AccountContext, PrincipalContext } from './resources.js';

export type DocumentOrigin = 'snapshot' | 'library';

export interface ResolvedPolicy {
  readonly document: PolicyDocument;
  readonly origin: DocumentOrigin;
}

export interface PrincipalRights {
  readonly principal: Principal;
  readonly context: PrincipalContext;
  /** Policies (ARNs; `group:<name>` for a group the details do not list) whose documents are unknown. */
  readonly unknownPolicies: readonly string[];
  /** Null when some policy is unknown: the principal's rights are incomplete and it is not judged. */
  readonly effective: EffectivePermissions | null;
  /** Administrator rights, null when the rights are unknown. */
  readonly admin: AdministratorVerdict | null;
  /** The principal's own policies (a user's without its groups), as inputs. */
  readonly ownPolicies: readonly PolicyInput[];
}

export interface AccountRights {
  readonly account: AccountContext;
  of(principal: Principal): PrincipalRights;
  /** A managed policy's default document, from the snapshot or the library; null when neither has it. */
  policy(arn: string): ResolvedPolicy | null;
  /** Every unknown policy, with the ARNs of the principals whose rights it leaves unknown. */
  unknownPolicies(): ReadonlyMap<string, readonly string[]>;
  readonly details: AuthorizationDetails;
}

const libraryDocuments = new Map<string, PolicyDocument | null>();

/** An AWS managed policy's document from the registered library, parsed once per process. */
function libraryDocument(arn: string): PolicyDocument | null {
  const library = managedPolicyLibrary();
  if (!library) return null;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  const key = `${library.source}|${name}`;
  if (!libraryDocuments.has(key)) {
    let doc: PolicyDocument | null = null;
    const raw = library.document(name);
    if (raw !== undefined) {
      try {
        doc = parsePolicyDocument(raw);
      } catch {
        doc = null;
      }
    }
    libraryDocuments.set(key, doc);
  }
  return libraryDocuments.get(key) ?? null;
}

function contextOf(p: Principal, account: AccountContext): PrincipalContext {
  return { account: account.account, partition: account.partition, kind: p.kind, name: p.name, arn: p.arn, id: p.id || undefined };
}

/** One principal's rights; administrator rights worked out when first asked for. */
class Rights implements PrincipalRights {
  private verdict: AdministratorVerdict | null | undefined;
  constructor(
    readonly principal: Principal,
    readonly context: PrincipalContext,
    readonly unknownPolicies: readonly string[],
    readonly effective: EffectivePermissions | null,
    readonly ownPolicies: readonly PolicyInput[],
  ) {}
  get admin(): AdministratorVerdict | null {
    if (this.verdict === undefined) this.verdict = this.effective ? administratorRights(this.effective) : null;
    return this.verdict;
  }
}

const cache = new WeakMap<AuthorizationDetails, AccountRights>();

/** The account's rights, or undefined when the authorization details were not collected. */
export function accountRights(snapshot: Snapshot): AccountRights | undefined {
  const details = snapshot.authorizationDetails;
  if (!details) return undefined;
  let rights = cache.get(details);
  if (!rights) {
    const partition = /^arn:(aws[a-z-]*):/.exec(snapshot.rootArn)?.[1] ?? 'aws';
    rights = buildAccountRights(details, { account: snapshot.accountId, partition });
    cache.set(details, rights);
  }
  return rights;
}

export function buildAccountRights(details: AuthorizationDetails, account: AccountContext): AccountRights {
  const resolved = new Map<string, ResolvedPolicy | null>();
  const policy = (arn: string): ResolvedPolicy | null => {
    if (resolved.has(arn)) return resolved.get(arn)!;
    const inSnapshot = details.policyByArn.get(arn)?.document;
    let out: ResolvedPolicy | null = inSnapshot ? { document: inSnapshot, origin: 'snapshot' } : null;
    if (!out && isAwsManagedPolicyArn(arn)) {
      const doc = libraryDocument(arn);
      if (doc) out = { document: doc, origin: 'library' };
    }
    resolved.set(arn, out);
    return out;
  };

  // One input object per (policy, how it is held), so the engine makes each input's grants once;
  // keyed by objects, not strings: this runs for every principal of the account.
  const managedInputs = new Map<string, Map<string, PolicyInput>>();
  const managedInput = (arn: string, name: string, via: string, document: PolicyDocument): PolicyInput => {
    let byArn = managedInputs.get(via);
    if (!byArn) managedInputs.set(via, (byArn = new Map()));
    let input = byArn.get(arn);
    if (!input) byArn.set(arn, (input = { document, source: { policy: arn, name, via } }));
    return input;
  };
  interface OwnInputs {
    readonly inputs: readonly PolicyInput[];
    readonly unknown: readonly string[];
  }
  const NO_UNKNOWN: readonly string[] = [];
  /** A principal's own policies as inputs, and the ones it holds whose documents are unknown. */
  const computeOwnInputs = (p: Principal, via: string): OwnInputs => {
    const inputs: PolicyInput[] = [];
    let unknown: string[] | null = null;
    for (const a of p.attachedPolicies) {
      const r = policy(a.arn);
      if (r) inputs.push(managedInput(a.arn, a.name, via, r.document));
      else (unknown ??= []).push(a.arn);
    }
    for (const i of p.inlinePolicies) inputs.push({ document: i.document, source: { policy: `inline:${i.name}`, name: i.name, via } });
    return { inputs, unknown: unknown ?? NO_UNKNOWN };
  };
  /** A group's policies as its members hold them (via "group:<name>"), read once per group. */
  const memberInputs = new Map<Group, OwnInputs>();
  const groupInputsForMembers = (g: Group): OwnInputs => {
    let own = memberInputs.get(g);
    if (!own) memberInputs.set(g, (own = computeOwnInputs(g, `group:${g.name}`)));
    return own;
  };

  const rightsByArn = new Map<string, PrincipalRights>();
  const compute = (p: Principal): PrincipalRights => {
    const own = computeOwnInputs(p, p.kind);
    let inputs: PolicyInput[] = own.inputs as PolicyInput[];
    let unknown: string[] | null = own.unknown.length > 0 ? [...own.unknown] : null;
    if (p.kind === 'user' && p.groups.length > 0) {
      inputs = [...own.inputs];
      for (const name of p.groups) {
        const group = details.groupByName.get(name);
        if (!group) {
          (unknown ??= []).push(`group:${name}`);
          continue;
        }
        const g = groupInputsForMembers(group);
        for (const input of g.inputs) inputs.push(input);
        if (g.unknown.length > 0) (unknown ??= []).push(...g.unknown);
      }
    }
    let boundary: PolicyInput | null = null;
    const boundaryArn = p.kind === 'group' ? null : (p as User | Role).permissionsBoundary;
    if (boundaryArn) {
      const r = policy(boundaryArn);
      if (r) boundary = managedInput(boundaryArn, boundaryArn.slice(boundaryArn.lastIndexOf('/') + 1), 'boundary', r.document);
      else (unknown ??= []).push(boundaryArn);
    }
    const context = contextOf(p, account);
    const effective = unknown ? null : effectivePermissions(inputs, { account, principal: context, boundary });
    return new Rights(p, context, unknown ? [...new Set(unknown)] : NO_UNKNOWN, effective, own.inputs);
  };

  let unknownIndex: Map<string, string[]> | undefined;
  return {
    account,
    details,
    policy,
    of(p) {
      let r = rightsByArn.get(p.arn);
      if (!r) {
        r = compute(p);
        rightsByArn.set(p.arn, r);
      }
      return r;
    },
    unknownPolicies() {
      if (!unknownIndex) {
        unknownIndex = new Map();
        const all: readonly Principal[] = [...details.users, ...details.groups, ...details.roles.filter((r) => !r.serviceLinked)];
        for (const p of all) {
          for (const arn of this.of(p).unknownPolicies) {
            const list = unknownIndex.get(arn) ?? [];
            list.push(p.arn);
            unknownIndex.set(arn, list);
          }
        }
      }
      return unknownIndex;
    },
  };
}
