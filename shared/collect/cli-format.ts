/**
 * SDK responses → the AWS CLI's JSON output, the format of RawSnapshot and
 * of the snapshot folder: times as ISO strings (the SDK gives Date objects),
 * policy documents decoded (the API gives URL-encoded JSON; the CLI decodes
 * it), no `$metadata`, no undefined fields.
 */
import { MFA_SECRET_KEYS } from '../snapshot/inputs.js';

const SECRET_KEYS: ReadonlySet<string> = new Set(MFA_SECRET_KEYS);

/** An instant as the AWS CLI prints it: `2026-11-01T09:30:00+00:00`. */
export function cliTime(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, '+00:00').replace(/Z$/, '+00:00');
}

// The fields botocore URL-decodes and parses in IAM responses.
const POLICY_DOCUMENT_KEYS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Document']);

/** The decoded JSON object, or the string unchanged when it is not a URL-encoded JSON object. */
export function decodePolicyDocument(value: string): string | Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(value));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : value;
  } catch {
    // Left as returned: the snapshot normalizer reports a malformed document with its place.
    return value;
  }
}

/** Deep copy of an SDK value in the CLI's JSON form. */
export function toCliJson(value: unknown, key = ''): unknown {
  if (value instanceof Date) return cliTime(value);
  if (typeof value === 'string') return POLICY_DOCUMENT_KEYS.has(key) ? decodePolicyDocument(value) : value;
  if (Array.isArray(value)) return value.map((v) => toCliJson(v));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // Binary fields (a virtual MFA device's seed or QR code) are secrets, never snapshot data, whatever form they come in.
      if (v === undefined || k === '$metadata' || v instanceof Uint8Array || SECRET_KEYS.has(k)) continue;
      out[k] = toCliJson(v, k);
    }
    return out;
  }
  return value;
}

/** toCliJson with the caller's knowledge of the resulting shape. */
export function asCli<T>(value: unknown): T {
  return toCliJson(value) as T;
}
