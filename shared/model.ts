/**
 * The vocabulary every part of iam-sentinel shares: severities, findings,
 * check and detection-rule metadata. Ids and output shapes here are a public
 * contract (../shared/design.md, ../shared/catalog.md).
 */
import type { Config } from './config/schema.js';
import type { CheckInput, Snapshot } from './snapshot/types.js';
import type { CloudTrailRecord } from './detections/record.js';
import type { BurstDefinition } from './detections/burst/types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more serious: critical = 4 … info = 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** One level less serious (critical → high … low → info; info stays info). */
export function lowered(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)];
}

/** A reference to a standard a check or rule maps to. */
export interface Reference {
  /** e.g. "CIS AWS Foundations 1.4", "Security Hub IAM.4", "AWS Config iam-root-access-key-check" */
  readonly standard: 'CIS' | 'SecurityHub' | 'AWSConfig' | 'AccessAnalyzer' | 'IAMBestPractices' | 'Other';
  readonly id: string;
  readonly url?: string;
}

/** Metadata carried by every check and every detection rule, beside its logic. */
export interface RuleMetadata {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** The IAM best practice it enforces, in plain words. */
  readonly practice: string;
  readonly references: readonly Reference[];
  /** What to do, with the AWS CLI command where one fits. */
  readonly remediation: string;
}

/**
 * A failing item. Identity is checkId + resource + qualifier (the credential
 * or inline policy name where one resource can fail the same check twice).
 */
export interface Finding {
  readonly checkId: string;
  readonly severity: Severity;
  readonly resource: string;
  /** Present where one resource can fail one check more than once, e.g. "access_key_2" or "inline:push". */
  readonly qualifier?: string;
  readonly title: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Stable identity of a finding: what the store keys on. */
export function findingId(f: Pick<Finding, 'checkId' | 'resource' | 'qualifier'>): string {
  return f.qualifier ? `${f.checkId}|${f.resource}|${f.qualifier}` : `${f.checkId}|${f.resource}`;
}

/** What a check's evaluate() returns for one failing item; the engine fills in title and severity. */
export interface CheckFailure {
  readonly resource: string;
  readonly qualifier?: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
  /**
   * The failure rests only on conditional Allow statements (catalog
   * "Conditions on an Allow"): the engine lowers its severity one level
   * and sets details.conditional.
   */
  readonly conditional?: boolean;
}

/** Kinds of resource a finding can name (catalog "Resources"). */
export type ResourceKind = 'account' | 'user' | 'group' | 'role' | 'policy' | 'trail' | 'permission-set';

export interface Check extends RuleMetadata {
  /**
   * Kinds of resource its findings name. Targeted re-evaluation after a
   * CloudTrail event runs the checks whose kinds include the entity touched;
   * 'account' checks (root, password policy, trails, alias, support role)
   * only run in a full audit.
   */
  readonly resourceKinds: readonly ResourceKind[];
  /**
   * Snapshot inputs the check reads, and the parts of them it needs
   * (`credentialReport.root` beside `credentialReport`). When any of them
   * was not read whole the engine does not run the check (its findings are
   * neither opened nor resolved) and reports a collection-gap instead.
   */
  readonly inputs: readonly CheckInput[];
  /** Pure: the same snapshot, config and now always give the same failures. */
  evaluate(snapshot: Snapshot, config: Config, now: Date): CheckFailure[];
  /**
   * Resources the check could not judge in this snapshot although its
   * inputs were collected (a principal holding a policy whose document is
   * unknown): their findings are neither opened nor resolved by this run.
   */
  unjudged?(snapshot: Snapshot, config: Config): readonly string[];
}

/** One real-time detection, the shape `detect --format json` prints. */
export interface Detection {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly eventId: string;
  readonly eventName: string;
  readonly eventTime: string;
  /** ARN of the caller, or its identity type where there is no ARN. */
  readonly actor: string;
  readonly sourceIp: string | null;
  readonly resource: string | null;
  readonly message: string;
}

/** What a rule's match() returns when it fires; the engine adds the event fields and severity. */
export interface RuleMatch {
  readonly resource: string | null;
  readonly message: string;
}

/**
 * CloudTrail events a rule reads, as the deployed EventBridge rule must
 * forward them (infra/events.yml; test/deploy holds the pattern to every
 * rule's selectors). Every field given must match; none given: any event.
 */
export interface EventSelector {
  /** e.g. `iam.amazonaws.com`; omitted: any service. */
  readonly eventSource?: string;
  /** Event names, or prefixes (Lambda's carry an API version suffix); omitted: every event of the source. */
  readonly eventNames?: readonly (string | { readonly prefix: string })[];
  /** Only calls that failed with one of these codes. */
  readonly errorCodes?: readonly string[];
  /** Only calls by these `userIdentity.type`s. */
  readonly identityTypes?: readonly string[];
}

export interface DetectionRule extends RuleMetadata {
  /**
   * Pure: one CloudTrail record (already unwrapped from any envelope) in,
   * zero or one match out. A burst rule's is always null: it fires on many
   * records, through `burst`.
   */
  match(record: CloudTrailRecord, config: Config): RuleMatch | null;
  /** The events it reads (for the deployed event rule). */
  readonly reads?: readonly EventSelector[];
  /** Present on burst rules, which count records across events (shared/detections/burst/). */
  readonly burst?: BurstDefinition;
}

/**
 * The IAM entity a state-changing CloudTrail event names, for targeted
 * re-evaluation (catalog: "Every successful IAM event that changes state").
 */
export interface EntityRef {
  readonly kind: 'user' | 'group' | 'role' | 'policy';
  /** User, group or role name; for a policy, its name. */
  readonly name: string;
  /** Its ARN in the event's account. */
  readonly arn: string;
}
