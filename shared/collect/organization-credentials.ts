/**
 * Credentials of a member account's audit role (sts:AssumeRole), refreshed
 * before they expire: a large account's audit, or a long `scan --org`, can
 * outlive one role session. One provider per account is shared by all of
 * that account's clients, so a refresh is one AssumeRole call, not one per
 * client, and concurrent callers wait on the same call.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { describeError } from './aws-errors.js';

/** Role sessions last this long (the role's MaxSessionDuration in the spoke is 3600). */
export const SESSION_SECONDS = 3600;
/** Fetch new credentials this long before the old ones expire: no call starts with credentials about to lapse. */
export const REFRESH_BEFORE_MS = 5 * 60_000;

export function auditRoleArn(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The audit role could not be assumed: no role, a trust that leaves us out, an SCP, STS unreachable. */
export class AccountUnreachableError extends Error {
  override name = 'AccountUnreachableError';
  constructor(
    readonly account: string,
    readonly roleArn: string,
    readonly reason: string,
  ) {
    super(`cannot assume ${roleArn}: ${reason}`);
  }
}

export interface AssumeRoleOptions {
  readonly sts: STSClient;
  readonly account: string;
  readonly roleArn: string;
  /** Shown in the member account's CloudTrail as the session name. */
  readonly sessionName: string;
  readonly durationSeconds?: number;
  readonly refreshBeforeMs?: number;
  /** For tests: the clock that decides when credentials are due a refresh. */
  readonly now?: () => number;
}

/**
 * A credential provider for the role: AssumeRole on first use, again once
 * the credentials are within `refreshBeforeMs` of their expiry. A failure is
 * an AccountUnreachableError and is not cached: the next call tries again.
 */
export function assumeRoleCredentials(o: AssumeRoleOptions): AwsCredentialIdentityProvider {
  const now = o.now ?? Date.now;
  const refreshBefore = o.refreshBeforeMs ?? REFRESH_BEFORE_MS;
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;

  const fetch = async (): Promise<AwsCredentialIdentity> => {
    try {
      const { Credentials: c } = await o.sts.send(
        new AssumeRoleCommand({ RoleArn: o.roleArn, RoleSessionName: o.sessionName, DurationSeconds: o.durationSeconds ?? SESSION_SECONDS }),
      );
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: new Date(c.Expiration) } : {}),
      };
    } catch (e) {
      throw new AccountUnreachableError(o.account, o.roleArn, describeError(e));
    }
  };

  const fresh = (c: AwsCredentialIdentity | undefined): c is AwsCredentialIdentity =>
    c !== undefined && (c.expiration === undefined || c.expiration.getTime() - now() > refreshBefore);

  return async () => {
    if (fresh(current)) return current;
    pending ??= fetch().finally(() => {
      pending = undefined;
    });
    current = await pending;
    return current;
  };
}
