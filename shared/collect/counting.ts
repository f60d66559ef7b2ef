/**
 * Counts AWS calls by operation, for the benchmark and for tests that prove
 * collection cost grows with pages, not users. It wraps `send` rather than
 * adding SDK middleware, because aws-sdk-client-mock replaces `send` and
 * middleware would never see a mocked call.
 */
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { AccountClient } from '@aws-sdk/client-account';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { AwsClients } from './clients.js';

export interface CallCounts {
  /** Calls per operation, e.g. { GetAccountAuthorizationDetails: 3 }; retries count as calls. */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
}

/** Operation name of a command object: GetUserCommand → GetUser. */
function operationOf(command: unknown): string {
  const name = (command as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'Unknown';
  return name.replace(/Command$/, '');
}

function countingSend<C extends IAMClient | CloudTrailClient | AccessAnalyzerClient | AccountClient>(client: C, tally: (op: string) => void): C {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'send') {
        return (command: unknown, ...rest: unknown[]) => {
          tally(operationOf(command));
          return (target.send as (...args: unknown[]) => unknown).call(target, command, ...rest);
        };
      }
      return Reflect.get(target, prop, target);
    },
  });
}

/** The same clients, counting every call made through them (and through every regional CloudTrail client). */
export function countingClients(clients: AwsClients): { clients: AwsClients } & CallCounts {
  let counts: Record<string, number> = {};
  const tally = (op: string) => {
    counts[op] = (counts[op] ?? 0) + 1;
  };
  const regional = new Map<string, CloudTrailClient>();
  let iam: IAMClient | undefined;
  let cloudTrail: CloudTrailClient | undefined;
  let accessAnalyzer: AccessAnalyzerClient | undefined;
  let account: AccountClient | undefined;
  return {
    clients: {
      get iam() {
        iam ??= countingSend(clients.iam, tally);
        return iam;
      },
      get cloudTrail() {
        cloudTrail ??= countingSend(clients.cloudTrail, tally);
        return cloudTrail;
      },
      get accessAnalyzer() {
        accessAnalyzer ??= countingSend(clients.accessAnalyzer, tally);
        return accessAnalyzer;
      },
      get account() {
        account ??= countingSend(clients.account, tally);
        return account;
      },
      cloudTrailIn(region: string) {
        let client = regional.get(region);
        if (!client) {
          client = countingSend(clients.cloudTrailIn(region), tally);
          regional.set(region, client);
        }
        return client;
      },
    },
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    reset: () => {
      counts = {};
    },
  };
}
