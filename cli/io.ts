/**
 * Where a command writes: results to stdout (exactly one JSON document with
 * --format json), everything else to stderr. Tests pass in-memory streams.
 */
import type { OperandSpec, OptionTable } from './args.js';
import { styleFor, type TextStyle } from './format/text.js';

export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Environment (IAM_SENTINEL_*, AWS_*); process.env by default. */
  readonly env: NodeJS.ProcessEnv;
}

export const processIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env };

export function out(io: Io, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function log(io: Io, text: string): void {
  io.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function stdoutStyle(io: Io): TextStyle {
  return styleFor(io.stdout, io.env);
}

export function stderrStyle(io: Io): TextStyle {
  return styleFor(io.stderr, io.env);
}

/** A real command line for help and README: `args` after `iam-sentinel`, and what it does. */
export interface Example {
  readonly args: string;
  readonly what: string;
}

/** A command: its option table (parser, help and README reference read it), examples, and what it runs. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** A plain argument after the name (`export securityhub`), if the command takes one. */
  readonly operand?: OperandSpec;
  readonly options: OptionTable;
  readonly examples: readonly Example[];
  run(argv: string[], io: Io): Promise<number>;
}
