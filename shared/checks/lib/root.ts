/**
 * The root user as the root-* checks read it. Under centralized root access
 * (AWS Organizations) a member account's root user has no password and no
 * keys: there is nothing to protect with MFA (catalog "Root without
 * credentials").
 */
import type { Snapshot } from '../../snapshot/types.js';

/** The account summary shows no root password and no root key, and the report's root row no active key or certificate. */
export function rootWithoutCredentials(snapshot: Snapshot): boolean {
  const summary = snapshot.accountSummary;
  const root = snapshot.credentialReport?.root;
  if (!summary || !root) return false;
  return (
    summary.AccountPasswordPresent === 0 &&
    summary.AccountAccessKeysPresent === 0 &&
    !root.accessKeys.some((k) => k.active) &&
    root.activeCertificates === 0
  );
}
