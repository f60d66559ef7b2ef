/**
 * IAM policy documents in one normalized shape. AWS returns documents as
 * URL-encoded JSON strings (raw API, SDK) or JSON objects (AWS CLI); single
 * values may be a string or an array. Everything downstream sees arrays.
 */

export type Effect = 'Allow' | 'Deny';

/** Principal of a resource or trust policy: "*" or per-kind lists. */
export type PrincipalSpec =
  | '*'
  | {
      readonly AWS?: readonly string[];
      readonly Service?: readonly string[];
      readonly Federated?: readonly string[];
      readonly CanonicalUser?: readonly string[];
    };

/** Condition block: operator → key → values (keys as written; compare case-insensitively). */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly condition?: ConditionBlock;
  /** 0-based position in the document, for messages. */
  readonly index: number;
}

export interface PolicyDocument {
  readonly version?: string;
  readonly statements: readonly Statement[];
}

export class PolicyDocumentError extends Error {
  constructor(
    message: string,
    /** Path inside the document, e.g. "Statement[1].Effect". */
    readonly path: string,
  ) {
    super(message);
    this.name = 'PolicyDocumentError';
  }
}

function toStringArray(value: unknown, path: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new PolicyDocumentError('expected a string or an array of strings', path);
}

function toConditionValues(value: unknown, path: string): string[] {
  // Condition values may be strings, booleans or numbers in the document.
  const list = Array.isArray(value) ? value : [value];
  return list.map((v, i) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean' || typeof v === 'number') return String(v);
    throw new PolicyDocumentError('expected a string, number or boolean', `${path}[${i}]`);
  });
}

function parsePrincipal(value: unknown, path: string): PrincipalSpec {
  if (value === '*') return '*';
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, string[]> = {};
    for (const [kind, v] of Object.entries(value as Record<string, unknown>)) {
      out[kind] = toStringArray(v, `${path}.${kind}`);
    }
    return out as PrincipalSpec;
  }
  throw new PolicyDocumentError('expected "*" or an object of principal lists', path);
}

function parseCondition(value: unknown, path: string): ConditionBlock {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyDocumentError('expected an object of condition operators', path);
  }
  const out: Record<string, Record<string, string[]>> = {};
  for (const [op, keys] of Object.entries(value as Record<string, unknown>)) {
    if (!keys || typeof keys !== 'object' || Array.isArray(keys)) {
      throw new PolicyDocumentError('expected an object of condition keys', `${path}.${op}`);
    }
    const inner: Record<string, string[]> = {};
    for (const [key, v] of Object.entries(keys as Record<string, unknown>)) {
      inner[key] = toConditionValues(v, `${path}.${op}.${key}`);
    }
    out[op] = inner;
  }
  return out;
}

function parseStatement(raw: unknown, index: number, path: string): Statement {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PolicyDocumentError('expected a statement object', path);
  }
  const s = raw as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    throw new PolicyDocumentError('expected Effect "Allow" or "Deny"', `${path}.Effect`);
  }
  const out: {
    -readonly [K in keyof Statement]: Statement[K];
  } = { effect: s.Effect, index };
  if (typeof s.Sid === 'string') out.sid = s.Sid;
  if (s.Action !== undefined) out.action = toStringArray(s.Action, `${path}.Action`);
  if (s.NotAction !== undefined) out.notAction = toStringArray(s.NotAction, `${path}.NotAction`);
  if (s.Resource !== undefined) out.resource = toStringArray(s.Resource, `${path}.Resource`);
  if (s.NotResource !== undefined) out.notResource = toStringArray(s.NotResource, `${path}.NotResource`);
  if (s.Principal !== undefined) out.principal = parsePrincipal(s.Principal, `${path}.Principal`);
  if (s.NotPrincipal !== undefined) out.notPrincipal = parsePrincipal(s.NotPrincipal, `${path}.NotPrincipal`);
  if (s.Condition !== undefined) out.condition = parseCondition(s.Condition, `${path}.Condition`);
  return out;
}

/**
 * Parses a policy document given as a JSON object, a JSON string, or a
 * URL-encoded JSON string (as IAM's raw API returns it).
 * @throws PolicyDocumentError with the path inside the document.
 */
export function parsePolicyDocument(raw: unknown): PolicyDocument {
  let value = raw;
  if (typeof value === 'string') {
    let text = value.trim();
    if (!text.startsWith('{')) {
      try {
        text = decodeURIComponent(text);
      } catch {
        throw new PolicyDocumentError('expected JSON or URL-encoded JSON', '');
      }
    }
    try {
      value = JSON.parse(text);
    } catch {
      throw new PolicyDocumentError('expected a JSON policy document', '');
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyDocumentError('expected a policy document object', '');
  }
  const doc = value as Record<string, unknown>;
  const rawStatements = doc.Statement;
  if (rawStatements === undefined) return { version: asVersion(doc.Version), statements: [] };
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  return {
    version: asVersion(doc.Version),
    statements: list.map((s, i) => parseStatement(s, i, Array.isArray(rawStatements) ? `Statement[${i}]` : 'Statement')),
  };
}

function asVersion(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Looks up a condition key under any operator (keys are case-insensitive in IAM). */
export function conditionKeys(statement: Statement): Set<string> {
  const keys = new Set<string>();
  for (const inner of Object.values(statement.condition ?? {})) {
    for (const key of Object.keys(inner)) keys.add(key.toLowerCase());
  }
  return keys;
}
