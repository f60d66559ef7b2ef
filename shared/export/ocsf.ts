/**
 * OCSF 1.3.0 events (design.md "Findings out"): a check finding is a
 * Compliance Finding (class 2003), a detection a Detection Finding (class
 * 2004), both in the Findings category (2). Pure functions of their input.
 *
 * Every enum value and caption below is the schema's own; the tests check
 * each one, and every event the CLI writes, against the official 1.3.0
 * schema (test/export/ocsf-1.3.0/). Times are epoch milliseconds, as OCSF's
 * timestamp_t defines them.
 */
import { isIP } from 'node:net';
import { metadataFor, referenceLabel } from '../catalog.js';
import type { Detection, Reference, RuleMetadata, Severity } from '../model.js';
import { resourceLink } from '../notify/aws-console-links.js';
import type { FindingStatus } from '../store/types.js';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../version.js';
import { resourceFacts } from './resources.js';
import { detectionUid, epochMillis, findingUid, updatedAt, type ExportFinding } from './subject.js';

export const OCSF_VERSION = '1.3.0';

/** Enum values of the schema, as [id, caption] pairs (the caption goes into the sibling attribute). */
export const OCSF = {
  category: { findings: [2, 'Findings'] },
  class: { complianceFinding: [2003, 'Compliance Finding'], detectionFinding: [2004, 'Detection Finding'] },
  activity: { create: [1, 'Create'], update: [2, 'Update'], close: [3, 'Close'] },
  severity: {
    info: [1, 'Informational'],
    low: [2, 'Low'],
    medium: [3, 'Medium'],
    high: [4, 'High'],
    critical: [5, 'Critical'],
  } satisfies Record<Severity, readonly [number, string]>,
  status: { open: [1, 'New'], suppressed: [3, 'Suppressed'], resolved: [4, 'Resolved'] } satisfies Record<FindingStatus, readonly [number, string]>,
  complianceStatus: { pass: [1, 'Pass'], fail: [3, 'Fail'] },
  analyticType: { rule: [1, 'Rule'] },
  accountType: { aws: [10, 'AWS Account'] },
} as const;

type Pair = readonly [number, string];

/** The OCSF attributes of an event, loosely typed: the schema tests hold the shape. */
export type OcsfEvent = Record<string, unknown>;

/** Full names of the standards a catalog reference names, for compliance.standards. */
const STANDARD_TITLES: Readonly<Record<Reference['standard'], string>> = {
  CIS: 'CIS AWS Foundations Benchmark',
  SecurityHub: 'AWS Security Hub controls',
  AWSConfig: 'AWS Config managed rules',
  AccessAnalyzer: 'IAM Access Analyzer',
  IAMBestPractices: 'Security best practices in IAM',
  Other: 'Other',
};

/** What a check or rule is judged by when its catalog entry cites no standard. */
const OWN_STANDARD = 'iam-sentinel catalog';

function classification(klass: Pair, activity: Pair) {
  return {
    category_uid: OCSF.category.findings[0],
    category_name: OCSF.category.findings[1],
    class_uid: klass[0],
    class_name: klass[1],
    activity_id: activity[0],
    activity_name: activity[1],
    // The schema's rule: type_uid = class_uid * 100 + activity_id.
    type_uid: klass[0] * 100 + activity[0],
    type_name: `${klass[1]}: ${activity[1]}`,
  };
}

function metadata() {
  return {
    version: OCSF_VERSION,
    product: { name: PRODUCT_NAME, vendor_name: PRODUCT_NAME, version: PRODUCT_VERSION },
    profiles: ['cloud'],
  };
}

function cloud(account: string, accountName: string | null) {
  return {
    provider: 'AWS',
    account: { uid: account, type_id: OCSF.accountType.aws[0], type: OCSF.accountType.aws[1], ...(accountName ? { name: accountName } : {}) },
  };
}

function analytic(id: string, meta: RuleMetadata | undefined) {
  return { uid: id, name: meta?.title ?? id, type_id: OCSF.analyticType.rule[0], type: OCSF.analyticType.rule[1] };
}

function remediation(meta: RuleMetadata | undefined) {
  if (!meta?.remediation) return {};
  const urls = [...new Set(meta.references.map((r) => r.url).filter((u): u is string => Boolean(u)))];
  return { remediation: { desc: meta.remediation, ...(urls.length ? { references: urls } : {}) } };
}

function resourceDetails(resource: string) {
  const facts = resourceFacts(resource);
  return {
    uid: resource,
    name: facts.name,
    type: facts.type,
    ...(facts.partition ? { cloud_partition: facts.partition } : {}),
    ...(facts.region ? { region: facts.region } : {}),
  };
}

function activityOf(f: ExportFinding): Pair {
  if (!f.stored) return OCSF.activity.create;
  if (f.status === 'resolved') return OCSF.activity.close;
  return f.firstSeen === f.lastSeen ? OCSF.activity.create : OCSF.activity.update;
}

/** A check finding (from a scan, or stored with its status) as an OCSF Compliance Finding. */
export function complianceFinding(f: ExportFinding): OcsfEvent {
  const meta = metadataFor(f.checkId);
  const [severityId, severity] = OCSF.severity[f.severity];
  const [statusId, status] = OCSF.status[f.status];
  // A suppressed finding still fails its check: the suppression is the reviewer's status, not the check's result.
  const [complianceId, complianceStatus] = f.status === 'resolved' ? OCSF.complianceStatus.pass : OCSF.complianceStatus.fail;
  const references = meta?.references ?? [];
  const standards = [...new Set(references.map((r) => STANDARD_TITLES[r.standard]))];
  const link = resourceLink(f.resource, f.checkId);
  return {
    ...classification(OCSF.class.complianceFinding, activityOf(f)),
    severity_id: severityId,
    severity,
    status_id: statusId,
    status,
    ...(f.suppression ? { status_detail: `Suppressed: ${f.suppression.reason}` } : {}),
    time: epochMillis(updatedAt(f)),
    message: f.message,
    metadata: metadata(),
    cloud: cloud(f.account, f.accountName),
    finding_info: {
      uid: findingUid(f),
      title: f.title,
      desc: f.message,
      analytic: analytic(f.checkId, meta),
      created_time: epochMillis(f.firstSeen),
      first_seen_time: epochMillis(f.firstSeen),
      last_seen_time: epochMillis(f.lastSeen),
      modified_time: epochMillis(updatedAt(f)),
      ...(link ? { src_url: link.url } : {}),
    },
    compliance: {
      standards: standards.length ? standards : [OWN_STANDARD],
      ...(references.length ? { requirements: references.map(referenceLabel) } : {}),
      control: f.checkId,
      status_id: complianceId,
      status: complianceStatus,
      status_detail: f.message,
    },
    resources: [resourceDetails(f.resource)],
    ...remediation(meta),
    unmapped: {
      details: f.details,
      ...(f.qualifier ? { qualifier: f.qualifier } : {}),
      ...(f.suppression ? { suppression: f.suppression } : {}),
      ...(f.resolvedAt ? { resolved_at: f.resolvedAt } : {}),
    },
  };
}

/** Where a detection's caller came from: an IP address, or a service name (CloudTrail's "iam.amazonaws.com", "AWS Internal"). */
function sourceEndpoint(sourceIp: string | null) {
  if (!sourceIp) return {};
  if (isIP(sourceIp)) return { src_endpoint: { ip: sourceIp } };
  if (/^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(sourceIp)) return { src_endpoint: { hostname: sourceIp } };
  return { src_endpoint: { name: sourceIp } };
}

function actorOf(actor: string) {
  const facts = resourceFacts(actor);
  if (!facts.partition) return { user: { name: actor } };
  return {
    user: {
      uid: actor,
      name: facts.name,
      ...(facts.account ? { account: { uid: facts.account, type_id: OCSF.accountType.aws[0], type: OCSF.accountType.aws[1] } } : {}),
    },
  };
}

/** A real-time detection as an OCSF Detection Finding; `account` is the account the CloudTrail event was recorded in. */
export function detectionFinding(d: Detection, account: string): OcsfEvent {
  const meta = metadataFor(d.ruleId);
  const [severityId, severity] = OCSF.severity[d.severity];
  const time = epochMillis(d.eventTime);
  return {
    ...classification(OCSF.class.detectionFinding, OCSF.activity.create),
    severity_id: severityId,
    severity,
    status_id: OCSF.status.open[0],
    status: OCSF.status.open[1],
    time,
    message: d.message,
    metadata: metadata(),
    cloud: cloud(account, null),
    finding_info: {
      uid: detectionUid(account, d.ruleId, d.eventId),
      title: meta?.title ?? d.ruleId,
      desc: d.message,
      analytic: analytic(d.ruleId, meta),
      created_time: time,
      first_seen_time: time,
      last_seen_time: time,
      related_events: [{ uid: d.eventId }],
    },
    evidences: [{ actor: actorOf(d.actor), api: { operation: d.eventName }, ...sourceEndpoint(d.sourceIp) }],
    ...(d.resource ? { resources: [resourceDetails(d.resource)] } : {}),
    ...remediation(meta),
  };
}

