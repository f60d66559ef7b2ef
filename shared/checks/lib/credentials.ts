/**
 * Wording and data shapes shared by the credential checks, so every finding
 * about a password or an access key reads and serializes the same way.
 */
import type { AccessKeyColumns, CredentialReportRow, Instant } from '../../snapshot/types.js';

/** Full ISO time of an instant, for finding details; null when AWS had no value. */
export function isoTime(t: Instant): string | null {
  return t === null ? null : new Date(t).toISOString();
}

/** "alice's", the start of most user messages. */
export function possessive(name: string): string {
  return `${name}'s`;
}

/** The finding qualifier of a key, as the credential report names its columns. */
export function keyQualifier(key: AccessKeyColumns): string {
  return `access_key_${key.slot}`;
}

export function activeKeys(row: CredentialReportRow): AccessKeyColumns[] {
  return row.accessKeys.filter((k) => k.active);
}

/** "1 day" / "150 days". */
export function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}
