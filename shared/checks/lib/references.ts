/**
 * CIS AWS Foundations Benchmark references as the catalog writes them
 * ("References"): the item in v3.0.0, and its number in v5.0.0 where that
 * differs (v5.0.0 dropped v3.0.0's 1.3, so most of section 1 moved up one).
 */
import type { Reference } from '../../model.js';

export function cis(v3: string, v5?: string): Reference[] {
  const refs: Reference[] = [{ standard: 'CIS', id: `v3.0.0 ${v3}` }];
  if (v5 !== undefined && v5 !== v3) refs.push({ standard: 'CIS', id: `v5.0.0 ${v5}` });
  return refs;
}
