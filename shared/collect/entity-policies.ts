/**
 * The permissions of one principal, read with per-entity calls: its attached
 * managed policies, its inline policies with their documents, and the default
 * version of each managed policy involved. Results are memoized for the
 * duration of one entity collection, so a group's members share one read of
 * the group and of each policy.
 */
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  type AttachedPolicy,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { RawAttachedPolicy, RawInlinePolicy, RawManagedPolicyDetail, RawPolicyDocument } from '../snapshot/types.js';
import { isNoSuchEntity } from './aws-errors.js';
import { asCli, decodePolicyDocument } from './cli-format.js';
import { allIamPages } from './paginate.js';
import type { Retrier } from './retry.js';

export type PrincipalKind = 'user' | 'group' | 'role';

export interface PrincipalPolicies {
  readonly attached: RawAttachedPolicy[];
  readonly inline: RawInlinePolicy[];
}

function attachedRefs(list: readonly AttachedPolicy[]): RawAttachedPolicy[] {
  return list.flatMap((a) => (a.PolicyArn ? [{ ...(a.PolicyName ? { PolicyName: a.PolicyName } : {}), PolicyArn: a.PolicyArn }] : []));
}

function document(value: string | undefined, where: string): RawPolicyDocument {
  if (value === undefined) throw new Error(`${where} returned no policy document`);
  return decodePolicyDocument(value);
}

export class PolicyReader {
  private readonly managed = new Map<string, Promise<RawManagedPolicyDetail | null>>();
  private readonly groups = new Map<string, Promise<PrincipalPolicies>>();

  constructor(
    private readonly iam: IAMClient,
    private readonly call: Retrier,
  ) {}

  private async attached(kind: PrincipalKind, name: string): Promise<RawAttachedPolicy[]> {
    const { iam, call } = this;
    const pages = await allIamPages((Marker) =>
      call(() =>
        kind === 'user'
          ? iam.send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker }))
          : kind === 'group'
            ? iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker }))
            : iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker })),
      ),
    );
    return attachedRefs(pages.flatMap((p) => p.AttachedPolicies ?? []));
  }

  private async inlineNames(kind: PrincipalKind, name: string): Promise<string[]> {
    const { iam, call } = this;
    const pages = await allIamPages((Marker) =>
      call(() =>
        kind === 'user'
          ? iam.send(new ListUserPoliciesCommand({ UserName: name, Marker }))
          : kind === 'group'
            ? iam.send(new ListGroupPoliciesCommand({ GroupName: name, Marker }))
            : iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker })),
      ),
    );
    return pages.flatMap((p) => p.PolicyNames ?? []);
  }

  private async inlineDocument(kind: PrincipalKind, name: string, PolicyName: string): Promise<RawInlinePolicy> {
    const { iam, call } = this;
    const out = await call<{ PolicyDocument?: string }>(() =>
      kind === 'user'
        ? iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName }))
        : kind === 'group'
          ? iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName }))
          : iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName })),
    );
    return { PolicyName, PolicyDocument: document(out.PolicyDocument, `Get${kind[0].toUpperCase()}${kind.slice(1)}Policy ${name}/${PolicyName}`) };
  }

  private async read(kind: PrincipalKind, name: string): Promise<PrincipalPolicies> {
    const [attached, names] = await Promise.all([this.attached(kind, name), this.inlineNames(kind, name)]);
    const inline = await Promise.all(names.map((policy) => this.inlineDocument(kind, name, policy)));
    return { attached, inline };
  }

  /** Attached and inline policies of a user, group or role; a group's are read once however many members ask. */
  policiesOf(kind: PrincipalKind, name: string): Promise<PrincipalPolicies> {
    if (kind !== 'group') return this.read(kind, name);
    let pending = this.groups.get(name);
    if (!pending) {
      pending = this.read(kind, name);
      this.groups.set(name, pending);
    }
    return pending;
  }

  /**
   * A managed policy as get-account-authorization-details lists it, with its
   * default version only; null when it no longer exists.
   */
  managedPolicy(arn: string): Promise<RawManagedPolicyDetail | null> {
    let pending = this.managed.get(arn);
    if (!pending) {
      pending = this.readManaged(arn);
      this.managed.set(arn, pending);
    }
    return pending;
  }

  private async readManaged(PolicyArn: string): Promise<RawManagedPolicyDetail | null> {
    try {
      const { Policy } = await this.call(() => this.iam.send(new GetPolicyCommand({ PolicyArn })));
      if (!Policy?.DefaultVersionId) throw new Error(`GetPolicy ${PolicyArn} returned no default version`);
      const VersionId = Policy.DefaultVersionId;
      const { PolicyVersion } = await this.call(() => this.iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId })));
      return {
        ...asCli<RawManagedPolicyDetail>(Policy),
        PolicyVersionList: [
          {
            Document: document(PolicyVersion?.Document, `GetPolicyVersion ${PolicyArn} ${VersionId}`),
            VersionId,
            IsDefaultVersion: true,
            ...(PolicyVersion?.CreateDate ? { CreateDate: asCli<string>(PolicyVersion.CreateDate) } : {}),
          },
        ],
      };
    } catch (e) {
      // Detached and deleted since the event: it grants nothing now.
      if (isNoSuchEntity(e)) return null;
      throw e;
    }
  }

  /** The managed policies among `arns` that still exist, each read once. */
  async managedPolicies(arns: Iterable<string>): Promise<RawManagedPolicyDetail[]> {
    const found = await Promise.all([...new Set(arns)].map((arn) => this.managedPolicy(arn)));
    return found.filter((p): p is RawManagedPolicyDetail => p !== null);
  }
}
