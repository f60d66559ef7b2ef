/**
 * The AWS clients collection talks through. Created lazily, once per module,
 * so importing needs no credentials and a warm Lambda reuses connections.
 * Region, profile and endpoint come from the SDK's standard settings
 * (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, ~/.aws/config); IAM is global,
 * so with no region configured anywhere the clients use us-east-1.
 */
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';

export interface AwsClients {
  readonly iam: IAMClient;
  /** CloudTrail in the configured region: where DescribeTrails runs. */
  readonly cloudTrail: CloudTrailClient;
  /** CloudTrail in a trail's home region, for trails replicated into this one (shadow trails). */
  cloudTrailIn(region: string): CloudTrailClient;
  /** IAM Access Analyzer in the configured region: the audited Region's analyzers. */
  readonly accessAnalyzer: AccessAnalyzerClient;
  /** AWS Account Management (alternate contacts); global, like IAM. */
  readonly account: AccountClient;
}

export const FALLBACK_REGION = 'us-east-1';

/**
 * Adaptive retry: a client-side rate limiter that slows down when AWS
 * throttles, which a full audit of a large account does. IAM's read APIs
 * throttle at a few requests per second, so attempts are generous, unless
 * the SDK's own setting `AWS_MAX_ATTEMPTS` says otherwise (an explicit
 * client option would otherwise override it).
 */
export const CLIENT_RETRY = { retryMode: 'adaptive', maxAttempts: maxAttemptsFrom(process.env.AWS_MAX_ATTEMPTS) } as const;

/** `AWS_MAX_ATTEMPTS` when it is a whole number from 1 to 50, else 10. */
export function maxAttemptsFrom(value: string | undefined): number {
  const n = value === undefined || !/^\d+$/.test(value.trim()) ? NaN : Number(value);
  return n >= 1 && n <= 50 ? n : 10;
}

async function resolveRegion(): Promise<string> {
  // A client without a region resolves the SDK's default chain on demand; it throws when the chain is empty.
  const probe = new IAMClient({});
  try {
    return await probe.config.region();
  } catch {
    return FALLBACK_REGION;
  } finally {
    probe.destroy();
  }
}

let resolvedRegion: Promise<string> | undefined;

/** The region the SDK would resolve on its own, or us-east-1 when nothing configures one (resolved once). */
export function configuredRegion(): Promise<string> {
  resolvedRegion ??= resolveRegion();
  return resolvedRegion;
}

/** The region a client was created for, or null when it cannot tell (e.g. a test double). */
export async function regionOf(client: { config: { region?: unknown } }): Promise<string | null> {
  try {
    const region = client.config.region;
    const value: unknown = typeof region === 'function' ? await (region as () => Promise<unknown>)() : region;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

export interface ClientOverrides {
  readonly iam?: IAMClient;
  readonly cloudTrail?: CloudTrailClient;
  readonly cloudTrailIn?: (region: string) => CloudTrailClient;
  readonly accessAnalyzer?: AccessAnalyzerClient;
  readonly account?: AccountClient;
}

/**
 * A set of clients: injected ones (tests, benchmark, CLI) where given, and
 * real ones, created on first use, for the rest.
 */
export function createClients(overrides: ClientOverrides = {}): AwsClients {
  let iam = overrides.iam;
  let cloudTrail = overrides.cloudTrail;
  let accessAnalyzer = overrides.accessAnalyzer;
  let account = overrides.account;
  const byRegion = new Map<string, CloudTrailClient>();
  return {
    get iam() {
      iam ??= new IAMClient({ region: configuredRegion, ...CLIENT_RETRY });
      return iam;
    },
    get cloudTrail() {
      cloudTrail ??= new CloudTrailClient({ region: configuredRegion, ...CLIENT_RETRY });
      return cloudTrail;
    },
    get accessAnalyzer() {
      accessAnalyzer ??= new AccessAnalyzerClient({ region: configuredRegion, ...CLIENT_RETRY });
      return accessAnalyzer;
    },
    get account() {
      account ??= new AccountClient({ region: configuredRegion, ...CLIENT_RETRY });
      return account;
    },
    cloudTrailIn(region: string) {
      if (overrides.cloudTrailIn) return overrides.cloudTrailIn(region);
      let client = byRegion.get(region);
      if (!client) {
        client = new CloudTrailClient({ region, ...CLIENT_RETRY });
        byRegion.set(region, client);
      }
      return client;
    },
  };
}

let sharedIam: IAMClient | undefined;
let shared: AwsClients | undefined;

/** The module's one real IAM client, alone: what a re-evaluation reads with (awsClients().iam is the same). */
export function awsIamClient(): IAMClient {
  sharedIam ??= new IAMClient({ region: configuredRegion, ...CLIENT_RETRY });
  return sharedIam;
}

/** The module's one set of real clients. */
export function awsClients(): AwsClients {
  shared ??= createClients({ iam: awsIamClient() });
  return shared;
}
