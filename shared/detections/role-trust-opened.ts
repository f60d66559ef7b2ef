import type { DetectionRule } from '../model.js';
import { parsePolicyDocument, type PolicyDocument } from '../policy/document.js';
import { anyPrincipalStatements, unguardedExternalTrusts } from '../policy/trust.js';
import type { CloudTrailRecord } from './record.js';
import { accountOf, IAM_SOURCE, iamArn, isSuccessfulCall, responseString, stringParam } from './lib/event.js';

/** The trust document each event sets, by its request parameter. */
const DOCUMENT_PARAM: ReadonlyMap<string, string> = new Map([
  ['CreateRole', 'assumeRolePolicyDocument'],
  ['UpdateAssumeRolePolicy', 'policyDocument'],
]);
const EVENTS: ReadonlySet<string> = new Set(DOCUMENT_PARAM.keys());

function trustDocument(record: CloudTrailRecord): PolicyDocument | null {
  const raw = record.requestParameters?.[DOCUMENT_PARAM.get(record.eventName)!];
  if (raw === undefined || raw === null) return null;
  try {
    return parsePolicyDocument(raw);
  } catch {
    // IAM rejects malformed trust documents, so a successful call with one is not a trust being opened.
    return null;
  }
}

function roleArn(record: CloudTrailRecord): string | null {
  const fromResponse = responseString(record, 'role', 'arn');
  if (fromResponse) return fromResponse;
  const name = stringParam(record, 'roleName');
  return name ? iamArn(record, 'role', name, stringParam(record, 'path')) : null;
}

export const roleTrustOpened: DetectionRule = {
  id: 'role-trust-opened',
  title: 'Role trust opened to anyone or an unknown account',
  severity: 'high',
  practice:
    'A role should be assumable only by known principals: a trust policy with Principal * (not narrowed by organization or account), or one trusting an outside account without an ExternalId or MFA condition, lets others into the account.',
  references: [
    { standard: 'AccessAnalyzer', id: 'External access findings', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html' },
    { standard: 'IAMBestPractices', id: 'Verify public and cross-account access to resources with IAM Access Analyzer', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html' },
  ],
  remediation:
    'Confirm who must assume the role. Then narrow its trust: name the exact principals, add an aws:PrincipalOrgID condition for organization-wide trust, and an sts:ExternalId condition for third parties: aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json',
  match(record, config) {
    if (!isSuccessfulCall(record, IAM_SOURCE, EVENTS)) return null;
    const doc = trustDocument(record);
    if (!doc) return null;
    const role = roleArn(record);
    const name = stringParam(record, 'roleName') ?? role ?? '(unnamed)';
    if (anyPrincipalStatements(doc).length > 0) {
      return { resource: role, message: `Role ${name} now trusts any principal (*) with no organization or account condition` };
    }
    const external = unguardedExternalTrusts(doc, accountOf(record) ?? '', config.trustedAccounts);
    if (external.length === 0) return null;
    const accounts = [...new Set(external.map((t) => t.account))].join(', ');
    return { resource: role, message: `Role ${name} now trusts account ${accounts} with no ExternalId or MFA condition` };
  },
};
