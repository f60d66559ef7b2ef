import { describe, expect, it } from 'vitest';
import { SnapshotFileError } from '../../shared/errors.js';
import { jsonSyntaxIssue, parseJsonBytes, parseJsonText } from '../../shared/snapshot/json.js';

const errorOf = (fn: () => unknown): SnapshotFileError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SnapshotFileError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('parseJsonText', () => {
  it('names the line and column of every kind of syntax error, on one line', () => {
    const cases: [string, string][] = [
      ['{"trailList": [ {"Name": "org",, } ]}', 'line 1, column 32: expected valid JSON (a double-quoted property name; no comma before a closing brace), found ","'],
      ['{\n  "a": tru\n}', 'line 2, column 8: expected valid JSON (a value: object, array, string, number, true, false or null), found "t"'],
      ['{"a": [1,]}', 'line 1, column 10: expected valid JSON (a value: object, array, string, number, true, false or null), found "]"'],
      ['{"a":\n 1', 'line 2, column 3: expected valid JSON (the rest of the object, up to its \'}\'), found the end of the file'],
      ['', 'line 1, column 1: expected valid JSON (a value), found the end of the file'],
      ['{"a": "x\ny"}', 'line 1, column 9: expected valid JSON (a control character escaped inside a string), found control character U+000A'],
      ['{"a": 1} x', 'line 1, column 10: expected valid JSON (the end of the file after the value), found "x"'],
      ['{"a": "\\q"}', 'line 1, column 8: expected valid JSON (an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX), found "\\\\"'],
    ];
    for (const [text, expected] of cases) {
      const e = errorOf(() => parseJsonText(text, 'trails.json'));
      expect(e.message, JSON.stringify(text)).toBe(`trails.json: ${expected}`);
      expect(e.message).not.toMatch(/\n/);
    }
  });

  it('accepts a UTF-8 byte-order mark', () => {
    expect(parseJsonText('\uFEFF{"AccountAliases": ["acme"]}', 'a.json')).toEqual({ AccountAliases: ['acme'] });
    expect(parseJsonBytes(Buffer.from('\uFEFF{"AccountAliases": []}', 'utf8'), 'a.json')).toEqual({ AccountAliases: [] });
  });

  it('refuses UTF-16 by name', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')]);
    expect(errorOf(() => parseJsonBytes(utf16, 'a.json')).message).toBe('a.json: expected UTF-8 text, found a UTF-16 byte-order mark (re-save the file as UTF-8)');
  });
});

/** A small deterministic generator of JSON-like text, valid and not. */
function* texts(count: number): Generator<string> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const parts = ['{', '}', '[', ']', ',', ':', '"a"', '"', '1', '-', '0', '.', 'e', 'true', 'nul', 'null', ' ', '\n', '\\', '"\\u12"', '"\\n"', 'x', '"\u0001"', '01', '1.', '-0', '1e5', '[]', '{}', '{"k":1}', '"é"'];
  for (let k = 0; k < count; k++) {
    let t = '';
    for (let i = 0, n = 1 + Math.floor(next() * 8); i < n; i++) t += parts[Math.floor(next() * parts.length)];
    yield t;
  }
}

describe('the strict scanner and the chunked reader agree with JSON.parse', () => {
  it('finds an issue exactly when JSON.parse fails, and the chunked reader reads what JSON.parse reads', () => {
    let checked = 0;
    for (const text of texts(5_000)) {
      let parsed: unknown;
      let valid = true;
      try {
        parsed = JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonSyntaxIssue(text) === null, JSON.stringify(text)).toBe(valid);
      if (text.trimStart().startsWith('{')) {
        checked++;
        const bytes = Buffer.from(text, 'utf8');
        if (valid) expect(parseJsonBytes(bytes, 'f.json', { chunkAbove: 0 })).toEqual(parsed);
        else expect(() => parseJsonBytes(bytes, 'f.json', { chunkAbove: 0 })).toThrow(SnapshotFileError);
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('reads a large file element by element, placing an error by line and column in the whole file', () => {
    const users = Array.from({ length: 50 }, (_, i) => ({ UserName: `u${i}`, Arn: `arn:aws:iam::111122223333:user/u${i}`, Tags: { é: 'ü' } }));
    const text = JSON.stringify({ UserDetailList: users, GroupDetailList: [], IsTruncated: false, __proto__x: 1 }, null, 2);
    expect(parseJsonBytes(Buffer.from(text), 'a.json', { chunkAbove: 10 })).toEqual(JSON.parse(text));
    const broken = text.replace('"u7"', '"u7",');
    const line = broken.split('\n').findIndex((l) => l.includes('"u7",')) + 1;
    const e = errorOf(() => parseJsonBytes(Buffer.from(broken), 'a.json', { chunkAbove: 10 }));
    expect(e.message).toMatch(new RegExp(`^a\\.json: line ${line}, column \\d+: expected valid JSON \\(a double-quoted property name`));
    expect(errorOf(() => parseJsonBytes(Buffer.from(broken), 'a.json')).message).toBe(e.message);
  });

  it('keeps "__proto__" an own key, as JSON.parse does', () => {
    const text = '{"__proto__": [1], "a": 2}';
    const chunked = parseJsonBytes(Buffer.from(text), 'a.json', { chunkAbove: 0 }) as Record<string, unknown>;
    expect(Object.keys(chunked)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(chunked)).toBe(Object.prototype);
  });
});
