/**
 * Finds the AWS CLI commands inside a remediation's prose, so the report can
 * set them as code a reader copies whole. A command is `aws <service>
 * <operation>`, optionally followed by alternative operations in
 * parentheses, then flags and their values; sentence punctuation after the
 * last value ends it.
 */
export interface TextPart {
  readonly text: string;
  readonly command: boolean;
}

const COMMAND_START = /(^|[\s(:])aws [a-z0-9-]+ [a-z0-9-]+/g;
/** "(put-group-policy, put-role-policy)" right after the operation. */
const ALTERNATIVE_OPERATIONS = /^ \([a-z0-9-]+(?:, [a-z0-9-]+)*\)/;

export function splitCommands(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let cursor = 0;
  const starts = new RegExp(COMMAND_START.source, 'g');
  for (let m = starts.exec(text); m; m = starts.exec(text)) {
    const start = m.index + m[1].length;
    const end = commandEnd(text, m.index + m[0].length);
    if (start > cursor) parts.push({ text: text.slice(cursor, start), command: false });
    parts.push({ text: text.slice(start, end), command: true });
    cursor = end;
    starts.lastIndex = end;
  }
  if (cursor < text.length) parts.push({ text: text.slice(cursor), command: false });
  return parts;
}

function commandEnd(text: string, afterOperation: number): number {
  let pos = afterOperation + (ALTERNATIVE_OPERATIONS.exec(text.slice(afterOperation))?.[0].length ?? 0);
  let expectValue = false;
  for (;;) {
    const space = /^\s+/.exec(text.slice(pos));
    if (!space) return pos;
    const start = pos + space[0].length;
    const token = readToken(text, start);
    if (!token) return pos;
    const word = text.slice(start, token.end);
    if (word.startsWith('--')) expectValue = true;
    // "…" stands for more flags of the same command.
    else if (word === '…') expectValue = false;
    else if (expectValue && !word.startsWith('(')) expectValue = false;
    else return pos;
    pos = token.end;
    if (token.endsCommand) return pos;
  }
}

/** One argument: a quoted string, or a run of non-blank characters where `<placeholders with spaces>` count as one. */
function readToken(text: string, start: number): { end: number; endsCommand: boolean } | null {
  const quote = text[start];
  if (quote === "'" || quote === '"') {
    const close = text.indexOf(quote, start + 1);
    if (close === -1) return null;
    return { end: close + 1, endsCommand: close + 1 < text.length && !/\s/.test(text[close + 1]) };
  }
  let end = start;
  while (end < text.length && !/\s/.test(text[end])) {
    const close = text[end] === '<' ? text.indexOf('>', end) : -1;
    end = close === -1 ? end + 1 : close + 1;
  }
  // Sentence punctuation after the last argument belongs to the prose.
  let trimmed = end;
  while (trimmed > start && /[.,;)]/.test(text[trimmed - 1])) trimmed--;
  if (trimmed === start) return null;
  return { end: trimmed, endsCommand: trimmed < end };
}
