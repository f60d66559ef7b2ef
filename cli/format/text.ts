/**
 * Terminal text helpers: colour only where it helps, wrapping to the
 * terminal width, CSV quoting.
 *
 * Colours go through Node's own util.styleText. Whether to colour is decided
 * here, from the environment the command was given (tests pass their own),
 * because Node's check differs between the releases we support: releases
 * before its `validateStream` option always style, and on 20.20 a list of
 * formats skips the check a single format gets. So styleText is asked to
 * style unconditionally, and only when colourEnabled says so.
 */
import { styleText } from 'node:util';
import type { Severity } from '../../shared/model.js';

export interface TextStyle {
  readonly color: boolean;
  readonly width: number;
}

/**
 * The usual rules, in Node's order: FORCE_COLOR set turns colour on (off
 * when "0" or "false") whatever else is set; then NO_COLOR (any non-empty
 * value, no-color.org) or NODE_DISABLE_COLORS turn it off, as does a dumb
 * terminal; otherwise only a TTY gets colour.
 */
export function colourEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR || env.NODE_DISABLE_COLORS !== undefined || env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function styleFor(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): TextStyle {
  return { color: colourEnabled(stream, env), width: Math.max(60, Math.min(stream.columns ?? 80, 120)) };
}

export type Paint = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'green';

export function paint(style: TextStyle, text: string, ...how: Paint[]): string {
  if (!style.color || how.length === 0) return text;
  return styleText(how, text, { validateStream: false });
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
