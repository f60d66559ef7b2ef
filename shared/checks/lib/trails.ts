/**
 * Trails as the CloudTrail checks count them. describe-trails lists a
 * multi-region trail once per region it shadows (same TrailARN), so each
 * trail is counted once.
 */
import type { Trail } from '../../snapshot/types.js';

export function distinctTrails(trails: readonly Trail[]): Trail[] {
  const byArn = new Map<string, Trail>();
  for (const t of trails) if (!byArn.has(t.arn)) byArn.set(t.arn, t);
  return [...byArn.values()];
}
