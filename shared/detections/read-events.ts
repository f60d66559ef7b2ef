/**
 * Reading CloudTrail records from files and folders (design.md, `--events`):
 * `.json`, `.jsonl`, `.ndjson`, each possibly gzipped, holding CloudTrail log
 * files (`{"Records": [...]}`), single records, EventBridge envelopes, arrays
 * or JSON lines of either. The content decides, not the extension.
 *
 * Every record is validated with the record schema; a malformed one becomes
 * an EventInputError naming the file, the record and the bad field, and the
 * rest of the file is still read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants as bufferConstants } from 'node:buffer';
import { gunzip } from 'node:zlib';
import { EventInputError, formatPath } from '../errors.js';
import { cloudTrailRecordSchema, isWellFormedRecord, type CloudTrailRecord } from './record.js';

const gunzipAsync = promisify(gunzip);

/** What one file (or one parsed value) gave: its valid records, in order, and its malformed ones. */
export interface EventBatch {
  readonly records: CloudTrailRecord[];
  readonly errors: EventInputError[];
}

export interface FileEvents extends EventBatch {
  readonly file: string;
}

export interface EventRead extends EventBatch {
  /** Every file read, in reading order. */
  readonly files: readonly string[];
}

/** EventBridge detail-types that carry a CloudTrail record in `detail`. */
const CLOUDTRAIL_DETAIL_TYPE = / via CloudTrail$/;
/** File names a folder is searched for. */
const EVENT_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;

/** Collects the records of one file; `ordinal` numbers candidate records in reading order. */
class Collector implements EventBatch {
  readonly records: CloudTrailRecord[] = [];
  readonly errors: EventInputError[] = [];
  private ordinal = 0;
  /** The JSON line being read (1-based), 0 when the file is one JSON document. */
  line = 0;

  constructor(readonly file: string) {}

  /** `path`: where the value sits in its document, as a JSON path ("Records[3]", "detail"). */
  value(value: unknown, path: string): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.value(value[i], `${path}[${i}]`);
      return;
    }
    if (typeof value !== 'object' || value === null) {
      this.fail(path, 'expected a CloudTrail record, log file or EventBridge event (an object)');
      return;
    }
    const object = value as Record<string, unknown>;
    if ('Records' in object) {
      const records = object.Records;
      if (Array.isArray(records)) this.value(records, childPath(path, 'Records'));
      else this.fail(childPath(path, 'Records'), 'expected an array of CloudTrail records');
      return;
    }
    if ('detail-type' in object) {
      this.envelope(object, path);
      return;
    }
    // Digest files and Insights events share CloudTrail's S3 folders but are not API activity.
    if ('digestStartTime' in object || object.eventType === 'AwsCloudTrailInsight') return;
    this.record(object, path);
  }

  private envelope(envelope: Record<string, unknown>, path: string): void {
    const detailType = envelope['detail-type'];
    if (typeof detailType !== 'string' || !CLOUDTRAIL_DETAIL_TYPE.test(detailType)) {
      this.fail(childPath(path, 'detail-type'), `expected an EventBridge event from CloudTrail ("AWS API Call via CloudTrail", …), got ${JSON.stringify(detailType)}`);
      return;
    }
    this.record(envelope.detail, childPath(path, 'detail'));
  }

  private record(value: unknown, path: string): void {
    if (!isWellFormedRecord(value)) {
      const result = cloudTrailRecordSchema.safeParse(value);
      if (!result.success) {
        const issue = result.error.issues[0];
        this.fail(childPath(path, formatPath(issue.path)), issue.message);
        return;
      }
    }
    // Keep the record as read (every field), never zod's stripped copy.
    this.records.push(value as CloudTrailRecord);
    this.ordinal++;
  }

  /** A malformed record: "record 4 (Records[4].eventTime)", "record 2 (line 3, detail.userIdentity)". */
  fail(path: string, expected: string): void {
    const location = this.line ? (path ? `line ${this.line}, ${path}` : `line ${this.line}`) : path;
    this.errors.push(new EventInputError(this.file, `record ${this.ordinal}${location ? ` (${location})` : ''}`, expected));
    this.ordinal++;
  }

  /** A file-level problem (unreadable, not JSON): no record number. */
  failFile(where: string, expected: string): void {
    this.errors.push(new EventInputError(this.file, where, expected));
  }
}

function childPath(path: string, key: string): string {
  if (!key) return path;
  if (!path) return key;
  return key.startsWith('[') ? `${path}${key}` : `${path}.${key}`;
}

/** Records of an already parsed JSON value (a Lambda event, a test fixture); never throws. */
export function recordsFromJson(value: unknown, source = 'event'): EventBatch {
  const collector = new Collector(source);
  collector.value(value, '');
  return collector;
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/** JSON.parse's complaint on one line, without the position (reported separately) or the trailing boilerplate. */
function syntaxMessage(e: unknown): string {
  return String((e as Error).message)
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ is not valid JSON$/, '')
    .replace(/\s+/g, ' ');
}

/** JSON lines: each non-empty line one value; a bad line is one malformed record. */
function readLines(lines: Iterable<string>, collector: Collector): void {
  for (const line of lines) {
    collector.line++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      collector.fail('', `expected one JSON value per line (${syntaxMessage(e)})`);
      continue;
    }
    collector.value(value, '');
  }
  collector.line = 0;
}

function* bufferLines(buffer: Buffer): Generator<string> {
  let start = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(10, start);
    if (end < 0) end = buffer.length;
    yield buffer.toString('utf8', start, end);
    start = end + 1;
  }
}

function firstLine(text: string): string {
  for (const line of text.split('\n', 50)) if (line.trim() !== '') return line;
  return '';
}

function looksLikeJsonLines(text: string): boolean {
  try {
    JSON.parse(firstLine(text));
    return true;
  } catch {
    return false;
  }
}

/** Parses one file's content (already gunzipped) into `collector`. */
function readContent(buffer: Buffer, collector: Collector): void {
  // Too big for one string: only JSON lines can be that large and still be read.
  if (buffer.length >= bufferConstants.MAX_STRING_LENGTH) {
    readLines(bufferLines(buffer), collector);
    return;
  }
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    if (looksLikeJsonLines(text)) {
      readLines(text.split('\n'), collector);
      return;
    }
    const m = /position (\d+)/.exec(String((e as Error).message));
    collector.failFile(m ? lineColumn(text, Number(m[1])) : '', `expected JSON or JSON lines (${syntaxMessage(e)})`);
    return;
  }
  collector.value(value, '');
}

const isGzip = (buffer: Buffer) => buffer.length >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;

/** Reads one file of events, whatever its format; problems become errors, never exceptions. */
export async function readEventFile(file: string): Promise<FileEvents> {
  const collector = new Collector(file);
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (e) {
    collector.failFile('', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return collector;
  }
  if (isGzip(buffer)) {
    try {
      buffer = await gunzipAsync(buffer);
    } catch (e) {
      collector.failFile('', `expected gzip data (${(e as Error).message})`);
      return collector;
    }
  }
  readContent(buffer, collector);
  return collector;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile() && EVENT_FILE.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * The event files the paths name: files as given (any name), folders
 * searched recursively for .json/.jsonl/.ndjson (optionally .gz), in name order.
 * @throws EventInputError for a path that does not exist.
 */
export async function listEventFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new EventInputError(path, '', code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code})`);
    }
    out.push(...(isDirectory ? await filesUnder(path) : [path]));
  }
  return out;
}

/** Reads the files one at a time, so a caller can process each before the next is loaded. */
export async function* readEventFiles(paths: readonly string[]): AsyncGenerator<FileEvents> {
  for (const file of await listEventFiles(paths)) yield await readEventFile(file);
}

/** Reads every record of the paths, in file order then order within each file. */
export async function readEvents(paths: readonly string[]): Promise<EventRead> {
  const records: CloudTrailRecord[] = [];
  const errors: EventInputError[] = [];
  const files: string[] = [];
  for await (const batch of readEventFiles(paths)) {
    files.push(batch.file);
    for (const r of batch.records) records.push(r);
    for (const e of batch.errors) errors.push(e);
  }
  return { records, errors, files };
}
