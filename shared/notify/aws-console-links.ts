/**
 * AWS console pages a reader acts from: the IAM page of the user, role,
 * group or policy a finding names (on the tab that matters for the check),
 * the account settings for account-wide checks, and CloudTrail event history
 * filtered by event id for detections.
 */
import type { Link } from './view.js';

const CONSOLE_HOSTS: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/**
 * CloudTrail delivers IAM, STS-global and most sign-in events in us-east-1,
 * and a detection does not carry its region, so event history is opened there.
 */
const IAM_EVENT_REGION = 'us-east-1';

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** "user", "role", "group", "policy", "root", "trail", … */
  readonly resourceType: string;
  /** The last path segment: the entity's name. */
  readonly name: string;
}

export function parseArn(arn: string): ParsedArn | null {
  const m = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/.exec(arn);
  if (!m) return null;
  const [, partition, service, region, account = '', resource] = m;
  const slash = resource.indexOf('/');
  const resourceType = slash === -1 ? resource : resource.slice(0, slash);
  const name = slash === -1 ? '' : resource.slice(resource.lastIndexOf('/') + 1);
  return { partition, service, region, account, resourceType, name };
}

/** "user/quinn", "role/deployer", "policy/push": a short, unambiguous name for a subject line; null for the account root. */
export function shortResourceName(resource: string): string | null {
  const arn = parseArn(resource);
  if (!arn) return resource || null;
  if (arn.resourceType === 'root' || !arn.name) return null;
  return `${arn.resourceType}/${arn.name}`;
}

function consoleHost(partition: string): string {
  return CONSOLE_HOSTS[partition] ?? CONSOLE_HOSTS.aws;
}

function iamPage(partition: string, fragment: string): string {
  return `https://${consoleHost(partition)}/iam/home#/${fragment}`;
}

/** Checks and rules about a user's credentials: their user page opens on "Security credentials". */
const CREDENTIAL_IDS = new Set([
  'user-console-no-mfa',
  'access-key-age',
  'password-age',
  'unused-credentials',
  'multiple-active-keys',
  'workload-user-keys',
  'privileged-user-no-mfa',
  'mfa-removed',
  'access-key-created',
  'login-profile-changed',
  'console-login-no-mfa',
]);

/** Checks and rules about who a role trusts: its page opens on "Trust relationships". */
const TRUST_IDS = new Set(['role-trust-any-principal', 'role-trust-external-no-condition', 'role-trust-opened']);

function accountPage(partition: string, id: string | undefined): Link | null {
  if (id === undefined || id === 'collection-gap') return null;
  if (id.startsWith('password-policy')) {
    return { text: 'IAM account settings (password policy)', url: iamPage(partition, 'account_settings') };
  }
  if (id === 'support-role-missing') {
    const arn = encodeURIComponent(`arn:${partition}:iam::aws:policy/AWSSupportAccess`);
    return { text: 'AWSSupportAccess policy', url: iamPage(partition, `policies/details/${arn}?section=entities_attached`) };
  }
  if (id === 'cloudtrail-multi-region') {
    return { text: 'CloudTrail trails', url: `https://${consoleHost(partition)}/cloudtrail/home?region=${IAM_EVENT_REGION}#/trails` };
  }
  if (id === 'account-alias-missing') {
    return { text: 'IAM dashboard (account alias)', url: iamPage(partition, 'home') };
  }
  return { text: 'Root user security credentials (sign in as root)', url: iamPage(partition, 'security_credentials') };
}

/**
 * The console page for a finding's or detection's resource, on the tab the
 * check or rule `id` is about; null when there is no page worth opening.
 */
export function resourceLink(resource: string | null, id?: string): Link | null {
  if (!resource) return null;
  const arn = parseArn(resource);
  if (!arn) return null;
  const { partition, name } = arn;
  if (arn.service === 'cloudtrail' && arn.resourceType === 'trail') {
    const region = arn.region || IAM_EVENT_REGION;
    return {
      text: `CloudTrail trail ${name}`,
      url: `https://${consoleHost(partition)}/cloudtrail/home?region=${region}#/trails/${encodeURIComponent(resource)}`,
    };
  }
  if (arn.service !== 'iam') return null;
  const tab = (section: string) => `?section=${section}`;
  switch (arn.resourceType) {
    case 'root':
      return accountPage(partition, id);
    case 'user':
      return {
        text: `IAM user ${name}`,
        url: iamPage(partition, `users/details/${encodeURIComponent(name)}${tab(id && CREDENTIAL_IDS.has(id) ? 'security_credentials' : 'permissions')}`),
      };
    case 'role':
      return {
        text: `IAM role ${name}`,
        url: iamPage(partition, `roles/details/${encodeURIComponent(name)}${tab(id && TRUST_IDS.has(id) ? 'trust_relationships' : 'permissions')}`),
      };
    case 'group':
      return { text: `IAM group ${name}`, url: iamPage(partition, `groups/details/${encodeURIComponent(name)}${tab('permissions')}`) };
    case 'policy':
      return { text: `IAM policy ${name}`, url: iamPage(partition, `policies/details/${encodeURIComponent(resource)}${tab('permissions')}`) };
    default:
      return null;
  }
}

/** CloudTrail event history filtered to one event. */
export function cloudTrailEventLink(eventId: string, partition = 'aws', region = IAM_EVENT_REGION): Link {
  return {
    text: 'CloudTrail event',
    url: `https://${consoleHost(partition)}/cloudtrail/home?region=${region}#/events?EventId=${encodeURIComponent(eventId)}`,
  };
}
