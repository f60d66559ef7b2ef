/**
 * AWS Security Finding Format (ASFF, schema 2018-10-08) for AWS Security
 * Hub (design.md "Findings out"). Pure: `--format asff` and `export
 * securityhub` build the very same finding, so the Id and content are the
 * same either way.
 *
 * Lifecycle: an open finding is Compliance FAILED and ACTIVE; a suppressed
 * one WARNING with Workflow SUPPRESSED; a resolved one PASSED and ARCHIVED.
 * UpdatedAt is when the finding last became what it is (see updatedAt), so
 * importing the same state twice carries the same Id, UpdatedAt and
 * content, and changes nothing.
 */
import { createHash } from 'node:crypto';
import { metadataFor, referenceLabel } from '../catalog.js';
import type { Detection, RuleMetadata, Severity } from '../model.js';
import { cloudTrailEventLink, resourceLink } from '../notify/aws-console-links.js';
import type { FindingStatus } from '../store/types.js';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../version.js';
import { partitionOfRegion, resourceFacts, type AsffResourceType } from './resources.js';
import { detectionUid, findingUid, updatedAt, type ExportFinding } from './subject.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Security Hub's limits on the fields iam-sentinel fills (ASFF syntax reference). */
export const ASFF_LIMITS = { id: 512, title: 256, description: 1024, recommendationText: 512, relatedRequirements: 32, productFieldValue: 2048 } as const;

export type AsffSeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type AsffComplianceStatus = 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE';
export type AsffRecordState = 'ACTIVE' | 'ARCHIVED';
export type AsffWorkflowStatus = 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED';

export interface AsffResource {
  readonly Type: AsffResourceType;
  readonly Id: string;
  readonly Partition?: string;
  readonly Region?: string;
  readonly Details?: Readonly<Record<string, unknown>>;
}

export interface AsffFinding {
  readonly SchemaVersion: typeof ASFF_SCHEMA_VERSION;
  readonly Id: string;
  readonly ProductArn: string;
  readonly ProductName: string;
  readonly CompanyName: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Types: readonly string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly FirstObservedAt: string;
  readonly LastObservedAt: string;
  readonly Severity: { readonly Label: AsffSeverityLabel; readonly Original: string };
  readonly Title: string;
  readonly Description: string;
  readonly SourceUrl?: string;
  readonly Remediation?: { readonly Recommendation: { readonly Text: string; readonly Url?: string } };
  readonly ProductFields: Readonly<Record<string, string>>;
  readonly Resources: readonly AsffResource[];
  readonly Compliance?: { readonly Status: AsffComplianceStatus; readonly RelatedRequirements?: readonly string[] };
  readonly RecordState: AsffRecordState;
  readonly Workflow?: { readonly Status: AsffWorkflowStatus };
  readonly FindingProviderFields: { readonly Severity: { readonly Label: AsffSeverityLabel; readonly Original: string }; readonly Types: readonly string[] };
}

/** Where findings go: the region's Security Hub, under the account's own default product. */
export interface AsffTarget {
  readonly region: string;
}

const SEVERITY_LABELS: Readonly<Record<Severity, AsffSeverityLabel>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

const LIFECYCLE: Readonly<Record<FindingStatus, { compliance: AsffComplianceStatus; record: AsffRecordState; workflow: AsffWorkflowStatus }>> = {
  open: { compliance: 'FAILED', record: 'ACTIVE', workflow: 'NEW' },
  suppressed: { compliance: 'WARNING', record: 'ACTIVE', workflow: 'SUPPRESSED' },
  resolved: { compliance: 'PASSED', record: 'ARCHIVED', workflow: 'RESOLVED' },
};

/** Finding types (namespace/category/classifier) of a check finding, from the standards its catalog entry cites. */
const BEST_PRACTICES_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';
const CIS_TYPE = 'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';
/** A detection is a principal doing something worth a look. */
const DETECTION_TYPE = 'Unusual Behaviors/User';

/** The account's own default product, which accepts findings from that account only. */
export function productArn(region: string, account: string): string {
  return `arn:${partitionOfRegion(region)}:securityhub:${region}:${account}:product/${account}/default`;
}

/** Cuts text to Security Hub's limit, marking the cut. */
export function fit(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

/** The ASFF Id: the readable OCSF uid, or, past Security Hub's 512 characters, its head and a hash of the whole. */
export function asffId(uid: string): string {
  if (uid.length <= ASFF_LIMITS.id) return uid;
  const hash = createHash('sha256').update(uid).digest('hex');
  return `${uid.slice(0, ASFF_LIMITS.id - hash.length - 1)}#${hash}`;
}

function resourceOf(resource: string, region: string): AsffResource {
  const facts = resourceFacts(resource);
  const partition = facts.partition ?? partitionOfRegion(region);
  const base = { Partition: partition, Region: facts.region ?? region };
  switch (facts.type) {
    // Security Hub names the account as its own controls do.
    case 'AwsAccount':
      return { Type: 'AwsAccount', Id: `AWS::::Account:${facts.name}`, ...base };
    case 'AwsIamUser':
      return { Type: facts.type, Id: resource, ...base, Details: { AwsIamUser: { UserName: facts.name } } };
    case 'AwsIamRole':
      return { Type: facts.type, Id: resource, ...base, Details: { AwsIamRole: { RoleName: facts.name } } };
    case 'AwsIamGroup':
      return { Type: facts.type, Id: resource, ...base, Details: { AwsIamGroup: { GroupName: facts.name } } };
    case 'AwsIamPolicy':
      return { Type: facts.type, Id: resource, ...base, Details: { AwsIamPolicy: { PolicyName: facts.name } } };
    case 'AwsCloudTrailTrail':
      return { Type: facts.type, Id: resource, ...base, Details: { AwsCloudTrailTrail: { Name: facts.name } } };
    default:
      return { Type: 'Other', Id: resource, ...base };
  }
}

function recommendation(meta: RuleMetadata | undefined): Pick<AsffFinding, 'Remediation'> {
  if (!meta?.remediation) return {};
  const url = meta.references.find((r) => r.url)?.url;
  return { Remediation: { Recommendation: { Text: fit(meta.remediation, ASFF_LIMITS.recommendationText), ...(url ? { Url: url } : {}) } } };
}

function severityOf(severity: Severity) {
  return { Label: SEVERITY_LABELS[severity], Original: severity };
}

function productFields(fields: Record<string, string | undefined>): Record<string, string> {
  const kept = Object.entries({ 'iam-sentinel/version': PRODUCT_VERSION, ...fields }).filter((e): e is [string, string] => e[1] !== undefined);
  return Object.fromEntries(kept.map(([k, v]) => [k, fit(v, ASFF_LIMITS.productFieldValue)]));
}

/** A check finding (scan or stored) as an ASFF finding for `target`'s Security Hub. */
export function asffFinding(f: ExportFinding, target: AsffTarget): AsffFinding {
  const meta = metadataFor(f.checkId);
  const lifecycle = LIFECYCLE[f.status];
  const references = meta?.references ?? [];
  const types = [BEST_PRACTICES_TYPE, ...(references.some((r) => r.standard === 'CIS') ? [CIS_TYPE] : [])];
  const severity = severityOf(f.severity);
  const link = resourceLink(f.resource, f.checkId);
  const requirements = references.map(referenceLabel).slice(0, ASFF_LIMITS.relatedRequirements);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(findingUid(f)),
    ProductArn: productArn(target.region, f.account),
    ProductName: PRODUCT_NAME,
    CompanyName: PRODUCT_NAME,
    GeneratorId: f.checkId,
    AwsAccountId: f.account,
    Types: types,
    CreatedAt: f.firstSeen,
    UpdatedAt: updatedAt(f),
    FirstObservedAt: f.firstSeen,
    LastObservedAt: f.lastSeen,
    Severity: severity,
    Title: fit(f.title, ASFF_LIMITS.title),
    Description: fit(f.message, ASFF_LIMITS.description),
    ...(link ? { SourceUrl: link.url } : {}),
    ...recommendation(meta),
    ProductFields: productFields({
      'iam-sentinel/checkId': f.checkId,
      'iam-sentinel/status': f.status,
      'iam-sentinel/resource': f.resource,
      'iam-sentinel/qualifier': f.qualifier,
      'iam-sentinel/suppression': f.suppression?.reason,
    }),
    Resources: [resourceOf(f.resource, target.region)],
    Compliance: { Status: lifecycle.compliance, ...(requirements.length ? { RelatedRequirements: requirements } : {}) },
    RecordState: lifecycle.record,
    Workflow: { Status: lifecycle.workflow },
    FindingProviderFields: { Severity: severity, Types: types },
  };
}

/** A detection as an ASFF finding: an event, so no compliance status; named by its rule and CloudTrail event. */
export function asffDetection(d: Detection, account: string, target: AsffTarget): AsffFinding {
  const meta = metadataFor(d.ruleId);
  const severity = severityOf(d.severity);
  const types = [DETECTION_TYPE];
  const partition = partitionOfRegion(target.region);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(detectionUid(account, d.ruleId, d.eventId)),
    ProductArn: productArn(target.region, account),
    ProductName: PRODUCT_NAME,
    CompanyName: PRODUCT_NAME,
    GeneratorId: d.ruleId,
    AwsAccountId: account,
    Types: types,
    CreatedAt: d.eventTime,
    UpdatedAt: d.eventTime,
    FirstObservedAt: d.eventTime,
    LastObservedAt: d.eventTime,
    Severity: severity,
    Title: fit(meta?.title ?? d.ruleId, ASFF_LIMITS.title),
    Description: fit(d.message, ASFF_LIMITS.description),
    SourceUrl: cloudTrailEventLink(d.eventId, partition).url,
    ...recommendation(meta),
    ProductFields: productFields({
      'iam-sentinel/ruleId': d.ruleId,
      'iam-sentinel/eventId': d.eventId,
      'iam-sentinel/eventName': d.eventName,
      'iam-sentinel/actor': d.actor,
      'iam-sentinel/sourceIp': d.sourceIp ?? undefined,
    }),
    Resources: [resourceOf(d.resource ?? `arn:${partition}:iam::${account}:root`, target.region)],
    RecordState: 'ACTIVE',
    FindingProviderFields: { Severity: severity, Types: types },
  };
}
