/**
 * The snapshot folder (design.md "Snapshot folder"): read it into a
 * RawSnapshot and through the same reading as a live collection
 * (normalize.ts); write a RawSnapshot back out.
 *
 * A missing file is an input not collected, never an empty one. A file that
 * cannot be read at all (a directory, no permission, over its size limit, not
 * JSON) is bad input naming its path, and a gap; the rest of the scan still
 * runs.
 */
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SnapshotFileError } from '../errors.js';
import { INPUT_READERS } from './inputs.js';
import { parseJsonBytes, utf8Body, type JsonReadOptions } from './json.js';
import { normalizeSnapshot, type NormalizeResult } from './normalize.js';
import { INPUT_FILES, INPUT_NAMES, SNAPSHOT_FILES, type CollectionGap, type InputName, type RawSnapshot } from './types.js';

export interface FolderReadResult extends NormalizeResult {
  readonly raw: RawSnapshot;
}

export interface FolderReadOptions extends JsonReadOptions {
  /** Per-input size limits instead of the readers' own (tests). */
  readonly maxBytes?: Partial<Record<InputName, number>>;
}

const ERRNO_WORDS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

function systemReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return ERRNO_WORDS[code] ? `${code}: ${ERRNO_WORDS[code]}` : code;
  return e instanceof Error ? e.message : String(e);
}

function size(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB` : `${bytes} bytes`;
}

const textOf = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

type FileRead = { readonly value: unknown } | { readonly missing: true } | { readonly error: SnapshotFileError };

/** One file of the folder: its parsed content, missing, or why it cannot be read. */
async function readInputFile(input: InputName, path: string, options: FolderReadOptions): Promise<FileRead> {
  const reader = INPUT_READERS[input];
  const fail = (expected: string): FileRead => ({ error: new SnapshotFileError(path, '', expected, input) });
  const info = await stat(path).catch((e: unknown) => e as NodeJS.ErrnoException);
  if (info instanceof Error) return info.code === 'ENOENT' ? { missing: true } : fail(`expected a readable file (${systemReason(info)})`);
  if (!info.isFile()) return fail(`expected a file, found ${info.isDirectory() ? 'a directory' : 'something else (a device, socket or pipe)'}`);
  const limit = options.maxBytes?.[input] ?? reader.maxBytes;
  if (info.size > limit) {
    return fail(`expected at most ${size(limit)}, found ${size(info.size)} (a file this large is refused so memory stays bounded)`);
  }
  let bytes: Buffer;
  try {
    // Read through one handle, bounded: the file may have grown since stat.
    const handle = await open(path, 'r');
    try {
      bytes = Buffer.alloc(Math.min(info.size, limit) + 1);
      let filled = 0;
      for (;;) {
        const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
        if (filled > limit) return fail(`expected at most ${size(limit)}, and the file grew past it while being read`);
      }
      bytes = bytes.subarray(0, filled);
    } finally {
      await handle.close();
    }
  } catch (e) {
    return fail(`expected a readable file (${systemReason(e)})`);
  }
  try {
    const value = reader.format === 'json' ? parseJsonBytes(bytes, path, options) : textOf(utf8Body(bytes, path));
    return { value: reader.sanitize ? reader.sanitize(value) : value };
  } catch (e) {
    if (e instanceof SnapshotFileError) return { error: new SnapshotFileError(e.file, e.where, e.expected, input) };
    throw e;
  }
}

/** A file-level failure as a gap: the file named without its folder, so gaps read the same from any folder. */
function fileGap(input: InputName, error: SnapshotFileError): CollectionGap {
  return { input, reason: `malformed: ${INPUT_FILES[input]}${error.where ? `: ${error.where}` : ''}: ${error.expected}` };
}

/**
 * Reads and normalizes a snapshot folder. Never throws for bad file
 * contents (see `errors`); throws when `dir` is not a snapshot folder at all
 * (missing, not a directory, or holding none of the files), since scanning
 * it would only report every input as not collected.
 */
export async function readSnapshotFolder(dir: string, options: FolderReadOptions = {}): Promise<FolderReadResult> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new SnapshotFileError(dir, '', 'expected a snapshot folder (see README "Snapshot folder")');
  const raw: RawSnapshot = { gaps: [] };
  const errors: SnapshotFileError[] = [];
  const paths = {} as Record<InputName, string>;
  const reads = await Promise.all(
    INPUT_NAMES.map(async (input) => {
      paths[input] = join(dir, INPUT_FILES[input]);
      return [input, await readInputFile(input, paths[input], options)] as const;
    }),
  );
  let found = 0;
  for (const [input, read] of reads) {
    if ('missing' in read) {
      // identity-center.json and organizations-features.json: absent is no gap (most accounts cannot read them).
      if (!INPUT_READERS[input].optional) raw.gaps.push({ input, reason: `${INPUT_FILES[input]} not in snapshot` });
      continue;
    }
    found++;
    if ('error' in read) {
      errors.push(read.error);
      raw.gaps.push(fileGap(input, read.error));
    } else {
      (raw as unknown as Record<InputName, unknown>)[input] = read.value;
    }
  }
  if (found === 0) {
    throw new SnapshotFileError(dir, '', `expected at least one snapshot file (${Object.values(SNAPSHOT_FILES).join(', ')})`);
  }
  const normalized = normalizeSnapshot(raw, paths);
  return { raw, snapshot: normalized.snapshot, errors: [...errors, ...normalized.errors] };
}

/**
 * Writes `value` as JSON.stringify(value, null, 2) would, but a top-level
 * array element at a time: authorization details of hundreds of MB never
 * become one string (V8 caps strings at about 512 MB).
 */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const handle = await open(path, 'w');
  try {
    let pending: string[] = [];
    let pendingLength = 0;
    const write = async (text: string) => {
      pending.push(text);
      pendingLength += text.length;
      if (pendingLength >= 1 << 20) await flush();
    };
    const flush = async () => {
      if (pending.length) await handle.write(pending.join(''));
      pending = [];
      pendingLength = 0;
    };
    const indented = (v: unknown, indent: string) => JSON.stringify(v, null, 2).replace(/\n/g, `\n${indent}`);
    const entries = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value).filter(([, v]) => v !== undefined) : null;
    if (!entries || entries.length === 0) {
      await write(JSON.stringify(value, null, 2));
    } else {
      await write('{');
      for (const [k, [key, v]] of entries.entries()) {
        await write(`${k ? ',' : ''}\n  ${JSON.stringify(key)}: `);
        if (Array.isArray(v) && v.length > 0) {
          await write('[');
          for (const [i, item] of v.entries()) await write(`${i ? ',' : ''}\n    ${item === undefined ? 'null' : indented(item, '    ')}`);
          await write('\n  ]');
        } else {
          await write(indented(v, '  '));
        }
      }
      await write('\n}');
    }
    await write('\n');
    await flush();
  } finally {
    await handle.close();
  }
}

/** Writes a RawSnapshot as a folder in the AWS CLI formats; inputs not collected get no file. */
export async function writeSnapshotFolder(dir: string, raw: RawSnapshot): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const input of INPUT_NAMES) {
    const value = raw[input];
    if (value === undefined) continue;
    const path = join(dir, INPUT_FILES[input]);
    if (typeof value === 'string') await writeFile(path, value);
    else await writeJsonFile(path, value);
    written.push(path);
  }
  return written;
}
