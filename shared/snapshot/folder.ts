/**
 * The snapshot folder (design.md "Snapshot folder"): read it into a
 * RawSnapshot, write a RawSnapshot back out. A missing file is an input not
 * collected, never an empty one; a malformed file is reported with its
 * place and also left out as a gap, so the rest of the scan still runs.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { SnapshotFileError, formatPath } from '../errors.js';
import {
  accessAnalyzersSchema,
  accountAliasesSchema,
  accountSummarySchema,
  authorizationDetailsSchema,
  passwordPolicyFileSchema,
  securityContactSchema,
  serverCertificatesSchema,
  trailsSchema,
  virtualMfaDevicesSchema,
} from './schemas.js';
import { SNAPSHOT_FILES, SNAPSHOT_INPUTS, type RawSnapshot, type SnapshotInput } from './types.js';
import { normalizeSnapshot, type NormalizeResult } from './normalize.js';

const JSON_SCHEMAS: Partial<Record<SnapshotInput, z.ZodType>> = {
  authorizationDetails: authorizationDetailsSchema,
  passwordPolicy: passwordPolicyFileSchema,
  accountSummary: accountSummarySchema,
  virtualMfaDevices: virtualMfaDevicesSchema,
  accountAliases: accountAliasesSchema,
  trails: trailsSchema,
  serverCertificates: serverCertificatesSchema,
  accessAnalyzers: accessAnalyzersSchema,
  securityContact: securityContactSchema,
};

/** Line and column of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** Parses JSON text, turning a syntax error into a SnapshotFileError with line and column. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const where = m ? lineColumn(text, Number(m[1])) : '';
    throw new SnapshotFileError(file, where, `expected valid JSON (${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')})`);
  }
}

/** Validates a parsed file against its schema; the first issue becomes the error. */
export function validateInput<T>(input: SnapshotInput, value: unknown, file: string): T {
  const schema = JSON_SCHEMAS[input];
  if (!schema) return value as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data as T;
  const issue = result.error.issues[0];
  throw new SnapshotFileError(file, formatPath(issue.path), issue.message);
}

export interface FolderReadResult extends NormalizeResult {
  readonly raw: RawSnapshot;
}

/**
 * Reads and normalizes a snapshot folder. Never throws for bad file
 * contents (see `errors`); throws when `dir` is not a snapshot folder at all
 * (missing, not a directory, or holding none of the files), since scanning
 * it would only report every input as not collected.
 */
export async function readSnapshotFolder(dir: string): Promise<FolderReadResult> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new SnapshotFileError(dir, '', 'expected a snapshot folder (see README "Snapshot folder")');
  const raw: RawSnapshot = { gaps: [] };
  const errors: SnapshotFileError[] = [];
  const paths: Record<string, string> = {};
  await Promise.all(
    SNAPSHOT_INPUTS.map(async (input) => {
      const path = join(dir, SNAPSHOT_FILES[input]);
      paths[input] = path;
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        raw.gaps.push({ input, reason: code === 'ENOENT' ? `${SNAPSHOT_FILES[input]} not in snapshot` : `unreadable: ${code}` });
        return;
      }
      try {
        if (input === 'credentialReport') {
          raw.credentialReport = text;
        } else {
          const value = validateInput(input, parseJsonFile(text, path), path);
          (raw as unknown as Record<string, unknown>)[input] = value;
        }
      } catch (e) {
        if (!(e instanceof SnapshotFileError)) throw e;
        errors.push(e);
        raw.gaps.push({ input, reason: `malformed: ${e.message}` });
      }
    }),
  );
  if (raw.gaps.length === SNAPSHOT_INPUTS.length && errors.length === 0) {
    throw new SnapshotFileError(dir, '', `expected at least one snapshot file (${Object.values(SNAPSHOT_FILES).join(', ')})`);
  }
  const normalized = normalizeSnapshot(raw, paths as Record<SnapshotInput, string>);
  return { raw, snapshot: normalized.snapshot, errors: [...errors, ...normalized.errors] };
}

/** Writes a RawSnapshot as a folder in the AWS CLI formats; inputs not collected get no file. */
export async function writeSnapshotFolder(dir: string, raw: RawSnapshot): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const input of SNAPSHOT_INPUTS) {
    const value = raw[input];
    if (value === undefined) continue;
    const path = join(dir, SNAPSHOT_FILES[input]);
    await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2) + '\n');
    written.push(path);
  }
  return written;
}
