/**
 * The whole catalog, checks and detection rules, by id: what notifications,
 * the `checks` command, the README table and the HTML report read their
 * titles, practices and remediations from.
 */
import { CHECKS } from './checks/index.js';
import { DETECTION_RULES } from './detections/index.js';
import type { RuleMetadata } from './model.js';

export const CATALOG: ReadonlyMap<string, RuleMetadata & { readonly kind: 'check' | 'detection' }> = new Map<string, RuleMetadata & { readonly kind: 'check' | 'detection' }>([
  ...CHECKS.map((c) => [c.id, { ...c, kind: 'check' as const }] as const),
  ...DETECTION_RULES.map((r) => [r.id, { ...r, kind: 'detection' as const }] as const),
]);

export function metadataFor(id: string): (RuleMetadata & { readonly kind: 'check' | 'detection' }) | undefined {
  return CATALOG.get(id);
}
