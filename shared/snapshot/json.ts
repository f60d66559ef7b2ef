/**
 * Reading the snapshot folder's JSON files: UTF-8 with or without a
 * byte-order mark, syntax errors as one line with line and column, and big
 * files without one big string.
 *
 * Node's JSON.parse names no place for some errors ("Unexpected token ']',
 * "[1,]" is not valid JSON", "Unexpected end of JSON input") and quotes the
 * text around it, newlines included. So when it fails, a small strict scanner
 * finds where the text first leaves the JSON grammar and says what was
 * expected there. It runs only on that error path; reading stays JSON.parse.
 *
 * A file above `chunkAbove` bytes (hundreds of MB of authorization details)
 * is never decoded into one string, which V8 caps at about 512 MB and which
 * would double the heap a parse needs: its top-level object is walked in
 * the bytes, and each element of a top-level array is parsed on its own.
 * Written here rather than taken from a streaming JSON package because this
 * is all the structure AWS's outputs have, and because the strict scanner
 * above is needed anyway for the error messages.
 */
import { SnapshotFileError } from '../errors.js';

export interface JsonSyntaxIssue {
  /** Offset in the text (UTF-16 code units) where the grammar breaks. */
  readonly offset: number;
  /** "expected valid JSON (a value), found the end of the file". */
  readonly expected: string;
}

const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

function found(text: string, i: number): string {
  if (i >= text.length) return 'found the end of the file';
  const ch = text[i];
  const code = ch.charCodeAt(0);
  return code < 0x20 ? `found control character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `found ${JSON.stringify(ch)}`;
}

type Need = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

/**
 * Where `text` first breaks the JSON grammar (RFC 8259), or null when it is
 * valid JSON. Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonSyntaxIssue(text: string): JsonSyntaxIssue | null {
  const n = text.length;
  const stack: number[] = []; // 0x7b '{' or 0x5b '['
  let i = 0;
  let need: Need = 'value';
  const fail = (offset: number, wanted: string): JsonSyntaxIssue => ({ offset, expected: `expected valid JSON (${wanted}), ${found(text, offset)}` });
  const afterValue = (): Need => (stack.length ? 'commaOrClose' : 'end');

  /** Skips the string starting at i (a quote); an issue when it is not a valid JSON string. */
  const string = (): JsonSyntaxIssue | null => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) return fail(i, '\\u and four hex digits');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail(i, 'an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX');
        continue;
      }
      if (c < 0x20) return fail(i, 'a control character escaped inside a string');
      i++;
    }
    return fail(start, 'a closed string');
  };

  for (;;) {
    while (i < n && isWs(text.charCodeAt(i))) i++;
    if (i >= n) return need === 'end' ? null : fail(i, need === 'colon' ? "':'" : need === 'value' && stack.length === 0 ? 'a value' : stack[stack.length - 1] === 0x7b ? "the rest of the object, up to its '}'" : "the rest of the array, up to its ']'");
    const c = text.charCodeAt(i);
    if (need === 'end') return fail(i, 'the end of the file after the value');
    if (need === 'colon') {
      if (c !== 0x3a) return fail(i, "':' after the property name");
      i++;
      need = 'value';
      continue;
    }
    if (need === 'commaOrClose') {
      const top = stack[stack.length - 1];
      const close = top === 0x7b ? 0x7d : 0x5d;
      if (c === 0x2c) {
        i++;
        need = top === 0x7b ? 'key' : 'value';
        continue;
      }
      if (c === close) {
        i++;
        stack.pop();
        need = afterValue();
        continue;
      }
      return fail(i, top === 0x7b ? "',' or '}' after a property value" : "',' or ']' after an array element");
    }
    if (need === 'keyOrClose' || need === 'key') {
      if (need === 'keyOrClose' && c === 0x7d) {
        i++;
        stack.pop();
        need = afterValue();
        continue;
      }
      if (c !== 0x22) return fail(i, need === 'key' ? 'a double-quoted property name; no comma before a closing brace' : "a double-quoted property name or '}'");
      const issue = string();
      if (issue) return issue;
      need = 'colon';
      continue;
    }
    // need is 'value' or 'valueOrClose'
    if (need === 'valueOrClose' && c === 0x5d) {
      i++;
      stack.pop();
      need = afterValue();
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      stack.push(c);
      i++;
      need = c === 0x7b ? 'keyOrClose' : 'valueOrClose';
      continue;
    }
    if (c === 0x22) {
      const issue = string();
      if (issue) return issue;
      need = afterValue();
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return fail(i, 'a number');
      i += m[0].length;
      need = afterValue();
      continue;
    }
    const literal = ['true', 'false', 'null'].find((l) => text.startsWith(l, i));
    if (literal) {
      i += literal.length;
      need = afterValue();
      continue;
    }
    return fail(i, need === 'valueOrClose' ? "a value or ']'" : 'a value: object, array, string, number, true, false or null');
  }
}

/** "line L, column C" (both from 1) of a UTF-16 offset in `text`. */
export function lineColumnOf(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** "line L, column C" of a byte offset in UTF-8 `bytes`, the column counted in characters. */
function lineColumnOfBytes(bytes: Uint8Array, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8').length + 1}`;
}

/** The issue JSON.parse met in `text`: the strict scanner's, or (should it find none) the engine's own words. */
function issueOf(text: string, error: unknown): JsonSyntaxIssue {
  const issue = jsonSyntaxIssue(text);
  if (issue) return issue;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const at = /position (\d+)/.exec(message);
  return { offset: at ? Number(at[1]) : 0, expected: `expected valid JSON (${message})` };
}

function syntaxError(file: string, where: string, issue: JsonSyntaxIssue): SnapshotFileError {
  return new SnapshotFileError(file, where, issue.expected);
}

export interface JsonReadOptions {
  /** Files larger than this are read element by element (default 32 MiB). */
  readonly chunkAbove?: number;
}

export const DEFAULT_CHUNK_ABOVE = 32 * 1024 * 1024;

/** Bytes of a text file without its UTF-8 byte-order mark; a UTF-16 file is refused by name. */
export function utf8Body(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new SnapshotFileError(file, '', 'expected UTF-8 text, found a UTF-16 byte-order mark (re-save the file as UTF-8)');
  }
  return bytes;
}

/** Parses a JSON text (a byte-order mark allowed); a syntax error names the line and column. */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (e) {
    const issue = issueOf(body, e);
    throw syntaxError(file, lineColumnOf(body, issue.offset), issue);
  }
}

/**
 * Parses a JSON file's bytes: whole when small, its top-level arrays element
 * by element when large. Either way a syntax error names the line and column.
 */
export function parseJsonBytes(bytes: Uint8Array, file: string, options: JsonReadOptions = {}): unknown {
  const body = utf8Body(bytes, file);
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (buf.length <= (options.chunkAbove ?? DEFAULT_CHUNK_ABOVE)) return parseJsonText(buf.toString('utf8'), file);
  return new ChunkedReader(buf, file).document();
}

/** The top-level object of a large file, walked in its bytes (see the module comment). */
class ChunkedReader {
  private i = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly file: string,
  ) {}

  private fail(offset: number, wanted: string): never {
    const ch = offset >= this.buf.length ? 'found the end of the file' : `found ${JSON.stringify([...this.buf.toString('utf8', offset, offset + 4)][0])}`;
    throw new SnapshotFileError(this.file, lineColumnOfBytes(this.buf, offset), `expected valid JSON (${wanted}), ${ch}`);
  }

  private ws(): void {
    while (this.i < this.buf.length && isWs(this.buf[this.i])) this.i++;
  }

  /** End (exclusive) of the value starting at `start`; validity is JSON.parse's to judge. */
  private valueEnd(start: number): number {
    const buf = this.buf;
    const n = buf.length;
    let i = start;
    const c = buf[i];
    if (c === 0x22) return this.stringEnd(i);
    if (c !== 0x7b && c !== 0x5b) {
      while (i < n && !isWs(buf[i]) && buf[i] !== 0x2c && buf[i] !== 0x7d && buf[i] !== 0x5d) i++;
      return i;
    }
    let depth = 0;
    while (i < n) {
      const b = buf[i];
      if (b === 0x22) {
        i = this.stringEnd(i);
        continue;
      }
      if (b === 0x7b || b === 0x5b) depth++;
      else if (b === 0x7d || b === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return n;
  }

  private stringEnd(start: number): number {
    const buf = this.buf;
    let i = start + 1;
    while (i < buf.length) {
      const b = buf[i];
      if (b === 0x5c) i += 2;
      else if (b === 0x22) return i + 1;
      else i++;
    }
    return buf.length;
  }

  /** JSON.parse of bytes [start, end); an error is placed in the whole file. */
  private parse(start: number, end: number): unknown {
    const text = this.buf.toString('utf8', start, end);
    try {
      return JSON.parse(text);
    } catch (e) {
      const issue = issueOf(text, e);
      const byteOffset = start + Buffer.byteLength(text.slice(0, issue.offset));
      throw syntaxError(this.file, lineColumnOfBytes(this.buf, byteOffset), issue);
    }
  }

  private value(): unknown {
    const start = this.i;
    if (start >= this.buf.length) this.fail(start, 'a value');
    const end = this.valueEnd(start);
    if (end === start) this.fail(start, 'a value');
    this.i = end;
    return this.parse(start, end);
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.i++; // [
    this.ws();
    if (this.buf[this.i] === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.buf[this.i];
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        return out;
      }
      this.fail(this.i, "',' or ']' after an array element");
    }
  }

  document(): unknown {
    this.ws();
    if (this.buf[this.i] !== 0x7b) {
      // Not an object: nothing to walk, so it is parsed whole (and its schema will say what was expected).
      return this.parse(0, this.buf.length);
    }
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.buf[this.i] === 0x7d) this.i++;
    else {
      for (;;) {
        this.ws();
        if (this.buf[this.i] !== 0x22) this.fail(this.i, 'a double-quoted property name');
        const keyStart = this.i;
        this.i = this.stringEnd(keyStart);
        const key = this.parse(keyStart, this.i) as string;
        this.ws();
        if (this.buf[this.i] !== 0x3a) this.fail(this.i, "':' after the property name");
        this.i++;
        this.ws();
        // As JSON.parse does: every key an own property, "__proto__" included.
        Object.defineProperty(out, key, { value: this.buf[this.i] === 0x5b ? this.array() : this.value(), enumerable: true, writable: true, configurable: true });
        this.ws();
        const c = this.buf[this.i];
        if (c === 0x2c) {
          this.i++;
          continue;
        }
        if (c === 0x7d) {
          this.i++;
          break;
        }
        this.fail(this.i, "',' or '}' after a property value");
      }
    }
    this.ws();
    if (this.i < this.buf.length) this.fail(this.i, 'the end of the file after the value');
    return out;
  }
}
