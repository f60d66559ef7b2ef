/**
 * Acting inside a member account of the organization: its audit role
 * assumed with the caller's credentials (refreshed as they expire), and
 * clients of that account whose calls are made one at a time (IAM throttles
 * per account, so more at once only buys throttling).
 *
 * Which clients an account gets is the caller's: a full audit needs IAM,
 * CloudTrail, Access Analyzer and Account (organization.ts), a re-evaluation
 * after an event IAM alone (IAM_ONLY below). Kept apart from organization.ts
 * so the event function's bundle carries only the IAM client.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { CLIENT_RETRY, configuredRegion, type AwsClients } from './clients.js';
import { AccountUnreachableError, assumeRoleCredentials, auditRoleArn } from './organization-credentials.js';

export const DEFAULT_AUDIT_ROLE = 'iam-sentinel-audit';

export interface Sender {
  send(command: unknown, ...rest: unknown[]): Promise<unknown>;
}

/**
 * The same client, with its calls made one at a time in the order they were
 * asked for: a collection that reads its inputs concurrently then still
 * makes one IAM request at a time in the account.
 */
export function serialClient<C extends Sender>(client: C, queue: { tail: Promise<unknown> }): C {
  return new Proxy(client, {
    get(target, prop) {
      if (prop !== 'send') return Reflect.get(target, prop, target);
      return (command: unknown, ...rest: unknown[]) => {
        const run = queue.tail.then(() => target.send(command, ...rest));
        queue.tail = run.catch(() => undefined);
        return run;
      };
    },
  });
}

/** How an account's clients are made, and reached through one serial queue. */
export interface MemberClients<C> {
  /** The account's clients, acting with its audit role's `credentials`. */
  make(account: string, credentials: AwsCredentialIdentityProvider): C & { close?(): void };
  /** `clients` with each client passed through `serial` (one queue per account). */
  serialized(clients: C, serial: <S extends Sender>(client: S) => S): C;
}

export interface AccountAccess<C = AwsClients> {
  readonly account: string;
  readonly roleArn: string;
  /** Clients acting in the account through its audit role, one call at a time. */
  readonly clients: C;
  /** Assumes the role now; throws AccountUnreachableError when it cannot be assumed. */
  verify(): Promise<void>;
  /** Closes the account's connections. */
  close(): void;
}

export interface OrganizationAccessOptions {
  /** The audit role's name in every member account (default iam-sentinel-audit). */
  readonly roleName?: string;
  /** Shown as the role session name in the members' CloudTrail. */
  readonly sessionName?: string;
  /** STS with the caller's credentials; default a client of the configured region. */
  readonly sts?: STSClient;
  readonly partition?: string;
}

export interface OrganizationAccess<C = AwsClients> {
  readonly roleName: string;
  forAccount(account: string): AccountAccess<C>;
  /** The caller's own account (sts:GetCallerIdentity, which needs no permission), asked once. */
  callerAccount(): Promise<string>;
  close(): void;
}

/** Access to member accounts through their audit role, with the caller's credentials, each with the clients `members` makes. */
export function accessThroughAuditRole<C>(members: MemberClients<C>, options: OrganizationAccessOptions = {}): OrganizationAccess<C> {
  const roleName = options.roleName ?? DEFAULT_AUDIT_ROLE;
  let sts = options.sts;
  const ownSts = !sts;
  const stsClient = () => (sts ??= new STSClient({ region: configuredRegion, ...CLIENT_RETRY }));
  let caller: Promise<string> | undefined;
  return {
    roleName,
    callerAccount() {
      caller ??= stsClient()
        .send(new GetCallerIdentityCommand({}))
        .then((r) => {
          if (!r.Account) throw new Error('GetCallerIdentity returned no account');
          return r.Account;
        });
      // A failure is not kept: the next call asks again.
      caller.catch(() => (caller = undefined));
      return caller;
    },
    forAccount(account) {
      const roleArn = auditRoleArn(account, roleName, options.partition);
      const credentials = assumeRoleCredentials({ sts: stsClient(), account, roleArn, sessionName: options.sessionName ?? 'iam-sentinel' });
      const inner = members.make(account, credentials);
      const queue = { tail: Promise.resolve() as Promise<unknown> };
      const serial = new Map<unknown, unknown>();
      const once = <S extends Sender>(c: S): S => {
        let s = serial.get(c) as S | undefined;
        if (!s) serial.set(c, (s = serialClient(c, queue)));
        return s;
      };
      return {
        account,
        roleArn,
        clients: members.serialized(inner, once),
        async verify() {
          try {
            await credentials();
          } catch (e) {
            if (e instanceof AccountUnreachableError) throw e;
            throw new AccountUnreachableError(account, roleArn, e instanceof Error ? e.message : String(e));
          }
        },
        close: () => inner.close?.(),
      };
    },
    close() {
      if (ownSts) sts?.destroy();
    },
  };
}

/** What a re-evaluation after an event reads in a member account: IAM. */
export type IamClients = Pick<AwsClients, 'iam'>;

/** A member account's IAM client (region as configured), for re-evaluations. */
export const IAM_ONLY: MemberClients<IamClients> = {
  make(_account, credentials) {
    const iam = new IAMClient({ region: configuredRegion, credentials, ...CLIENT_RETRY });
    return { iam, close: () => iam.destroy() };
  },
  serialized: (inner, serial) => ({
    get iam() {
      return serial(inner.iam);
    },
  }),
};
