/**
 * The role trust policies the role-trust-* checks judge: those of roles the
 * account owns. A service-linked role's trust policy is written and kept by
 * the AWS service that owns it.
 */
import type { PolicyDocument } from '../../policy/document.js';
import type { Role, Snapshot } from '../../snapshot/types.js';

export function judgedTrusts(snapshot: Snapshot): { role: Role; trust: PolicyDocument }[] {
  const out: { role: Role; trust: PolicyDocument }[] = [];
  for (const role of snapshot.authorizationDetails?.roles ?? []) {
    if (!role.serviceLinked && role.trustPolicy) out.push({ role, trust: role.trustPolicy });
  }
  return out;
}
