/**
 * Where a member account's IAM state comes from in an organization: the
 * same live source as for one account (shared/pipeline/sources.ts), through
 * the account's audit role; for the management account, with the
 * organization-level inputs (Identity Center, root credentials management)
 * added, so its audit also runs the organization checks. Re-evaluation
 * after an event reads the entity in the event's account, likewise.
 */
import type { OrganizationInputsResult } from '../collect/organization-inputs.js';
import type { IamClients } from '../collect/organization-access.js';
import type { AccountAccess, OrganizationAccess } from '../collect/organization.js';
import { normalizeInputs } from '../snapshot/normalize.js';
import { ORGANIZATION_INPUTS } from '../snapshot/organization.js';
import type { Snapshot } from '../snapshot/types.js';
import { liveEntitySource, liveSource, type AccountSource, type CollectedAccount, type EntitySource } from './sources.js';

/** A live source reading one member account through its audit role; the role is assumed first, so an unreachable account fails fast. */
export function memberAccountSource(access: AccountAccess, description = `account ${access.account}`): AccountSource {
  const live = liveSource(access.clients);
  return {
    description,
    async collect(onProgress) {
      await access.verify();
      return live.collect(onProgress);
    },
  };
}

/** The account's snapshot with the organization inputs (collected with the caller's credentials) merged in. */
export function withOrganizationInputs(collected: CollectedAccount, inputs: OrganizationInputsResult): CollectedAccount {
  // The same reading as every input; only the organization ones are read again.
  const raw = { ...collected.raw, ...inputs.raw, gaps: [...collected.raw.gaps, ...inputs.gaps] };
  const normalized = normalizeInputs({ ...inputs.raw, gaps: inputs.gaps }, ORGANIZATION_INPUTS);
  return {
    raw,
    snapshot: { ...collected.snapshot, ...(normalized.values as Partial<Snapshot>), gaps: [...collected.snapshot.gaps, ...normalized.gaps] },
    errors: [...collected.errors, ...normalized.errors],
  };
}

/** `source`, with the organization inputs added once they are in (they are read while the account is). */
export function managementAccountSource(source: AccountSource, inputs: () => Promise<OrganizationInputsResult>): AccountSource {
  return {
    description: source.description,
    async collect(onProgress) {
      const [collected, organization] = await Promise.all([source.collect(onProgress), inputs()]);
      for (const g of organization.gaps) onProgress?.({ input: g.input, outcome: 'gap', reason: g.reason });
      return withOrganizationInputs(collected, organization);
    },
  };
}

const ARN_ACCOUNT = /^arn:aws[a-z-]*:iam::(\d{12}):/;

/**
 * Re-evaluates an entity in the account its ARN names, through that
 * account's audit role; an entity of the caller's own account (the hub's)
 * with `own`, its own credentials, since that account needs no spoke. Each
 * account's access is kept for the next event (a warm Lambda serves many);
 * its credentials refresh themselves.
 */
export function organizationEntitySource(access: OrganizationAccess<IamClients>, own?: EntitySource): EntitySource {
  const members = new Map<string, AccountAccess<IamClients>>();
  return {
    async reevaluate(ref, config, now) {
      const account = ARN_ACCOUNT.exec(ref.arn)?.[1];
      if (!account) throw new Error(`cannot tell the account of ${ref.arn}`);
      if (own && account === (await access.callerAccount())) return own.reevaluate(ref, config, now);
      let member = members.get(account);
      if (!member) members.set(account, (member = access.forAccount(account)));
      await member.verify();
      return liveEntitySource(member.clients.iam).reevaluate(ref, config, now);
    },
  };
}
