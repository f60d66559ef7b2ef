/**
 * Terminal text helpers: colour only where it helps (a TTY, and neither
 * NO_COLOR nor a dumb terminal), wrapping to the terminal width, CSV quoting.
 */
import type { Severity } from '../../shared/model.js';

export interface TextStyle {
  readonly color: boolean;
  readonly width: number;
}

export function styleFor(stream: NodeJS.WriteStream): TextStyle {
  const forced = process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0';
  const color = forced || (stream.isTTY === true && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb');
  return { color, width: Math.max(60, Math.min(stream.columns ?? 80, 120)) };
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39], magenta: [35, 39], green: [32, 39] } as const;
export type Paint = keyof typeof CODES;

export function paint(style: TextStyle, text: string, ...how: Paint[]): string {
  if (!style.color || how.length === 0) return text;
  return how.reduce((t, h) => `\u001b[${CODES[h][0]}m${t}\u001b[${CODES[h][1]}m`, text);
}

const SEVERITY_PAINT: Record<Severity, Paint[]> = {
  critical: ['bold', 'magenta'],
  high: ['bold', 'red'],
  medium: ['yellow'],
  low: ['cyan'],
  info: ['dim'],
};

export function paintSeverity(style: TextStyle, severity: Severity, text: string = severity.toUpperCase()): string {
  return paint(style, text, ...SEVERITY_PAINT[severity]);
}

/** Wraps `text` to `width` columns, every line after the first starting with `indent`. */
export function wrap(text: string, width: number, indent: string, firstIndent: string = indent): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/**
 * Short form of an ARN for narrow output: the part after the account
 * (`user/alice`, `root`, `trail/org`); AWS managed policies keep `aws:`.
 */
export function shortArn(arn: string): string {
  const m = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:([0-9]{12}|aws):(.+)$/.exec(arn);
  if (!m) return arn;
  return m[1] === 'aws' ? `aws:${m[2]}` : m[2];
}

/**
 * Spreadsheets run a cell that starts with one of these as a formula (CSV
 * injection): IAM names may start with "=" or "+", and messages quote them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: a text that a spreadsheet would read as a formula gets a
 * leading apostrophe (OWASP's advice for CSV injection), then RFC 4180
 * quoting. Numbers and booleans are data, never formulas, and stay as they are.
 */
export function csvCell(value: unknown): string {
  const raw = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const text = typeof value === 'string' && FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
}

/** A plain column table: every column as wide as its widest cell, the last one wrapped to the width. */
export function columns(style: TextStyle, header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i < header.length - 1 ? r[i].length : 0))));
  const lastStart = widths.slice(0, -1).reduce((n, w) => n + w + 2, 0);
  const fmt = (r: readonly string[], isHeader: boolean) => {
    const head = r.slice(0, -1).map((c, i) => c.padEnd(widths[i])).join('  ');
    const prefix = head ? head + '  ' : '';
    const last = r[r.length - 1];
    const body = lastStart + last.length > style.width && lastStart < style.width - 20 ? wrap(last, style.width, ' '.repeat(lastStart), '').trimStart() : last;
    const line = prefix + body;
    return isHeader ? paint(style, line, 'bold') : line;
  };
  return [fmt(header, true), ...rows.map((r) => fmt(r, false))].join('\n') + '\n';
}
