/**
 * The whole catalog, checks and detection rules, by id: what notifications,
 * the `checks` command, the README table and the HTML report read their
 * titles, practices and remediations from.
 */
import { CHECKS } from './checks/index.js';
import { DETECTION_RULES } from './detections/index.js';
import type { Reference, RuleMetadata } from './model.js';
import { closestName } from './closest-name.js';

export const CATALOG: ReadonlyMap<string, RuleMetadata & { readonly kind: 'check' | 'detection' }> = new Map<string, RuleMetadata & { readonly kind: 'check' | 'detection' }>([
  ...CHECKS.map((c) => [c.id, { ...c, kind: 'check' as const }] as const),
  ...DETECTION_RULES.map((r) => [r.id, { ...r, kind: 'detection' as const }] as const),
]);

export function metadataFor(id: string): (RuleMetadata & { readonly kind: 'check' | 'detection' }) | undefined {
  return CATALOG.get(id);
}

const STANDARD_NAMES: Readonly<Record<Reference['standard'], string>> = {
  CIS: 'CIS',
  SecurityHub: 'Security Hub',
  AWSConfig: 'AWS Config',
  AccessAnalyzer: 'Access Analyzer',
  IAMBestPractices: 'IAM best practices',
  Other: '',
};

/** Standards whose ids are prose, not control numbers. */
const PROSE_IDS = new Set<Reference['standard']>(['IAMBestPractices', 'AccessAnalyzer']);

/**
 * How a reference reads wherever it is shown (the `checks` command, README,
 * HTML report): "CIS 1.14", "Security Hub IAM.3", "AWS Config
 * access-keys-rotated", "IAM best practices: rotate credentials".
 */
export function referenceLabel(r: Reference): string {
  const standard = STANDARD_NAMES[r.standard];
  if (!standard) return r.id;
  return PROSE_IDS.has(r.standard) ? `${standard}: ${r.id}` : `${standard} ${r.id}`;
}

const CHECK_IDS = CHECKS.map((c) => c.id);

/**
 * Why `id` names no periodic check (undefined when it does): a detection
 * rule's id says so, anything else names the closest check id. Used where
 * checks are selected by id (config `checks`, scan --checks).
 */
export function checkIdProblem(id: string): string | undefined {
  const entry = CATALOG.get(id);
  if (entry?.kind === 'check') return undefined;
  if (entry?.kind === 'detection') return `"${id}" is a detection rule, not a check: it runs on CloudTrail events (iam-sentinel detect), never in a scan`;
  return `unknown check "${id}" (did you mean "${closestName(id, CHECK_IDS)}"? iam-sentinel checks lists them)`;
}
