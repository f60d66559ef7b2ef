/**
 * Command-line parsing on node:util's parseArgs, with the validation every
 * command shares. Every mistake is a UsageError: one line, exit 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../shared/errors.js';
import { SEVERITIES, type Severity } from '../shared/model.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

export function parse(command: string, argv: string[], options: Options, allowPositionals = false): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    // parseArgs messages are multi-line with hints; keep the first line.
    throw new UsageError(`${command}: ${String((e as Error).message).split('\n')[0]}`);
  }
}

export function oneOf<T extends string>(command: string, flag: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${command}: --${flag} must be one of ${allowed.join(', ')} (got "${String(value)}")`);
}

export function severityOption(command: string, flag: string, value: unknown): Severity | undefined {
  if (value === undefined) return undefined;
  return oneOf(command, flag, value, SEVERITIES, 'info');
}

/** --now / --since / --until: an ISO 8601 date or time, as a Date. */
export function timeOption(command: string, flag: string, value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t)) {
    throw new UsageError(`${command}: --${flag} must be an ISO 8601 date or time such as 2026-11-01T00:00:00Z (got "${text}")`);
  }
  return new Date(t);
}

export function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export const FORMATS = ['table', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
export const STORES = ['none', 'local', 'aws'] as const;
export type StoreKind = (typeof STORES)[number];
export const NOTIFIERS = ['none', 'console', 'outbox', 'sns'] as const;
export type NotifyKind = (typeof NOTIFIERS)[number];

/** Options shared by the commands that read or write the store. */
export const STORE_OPTIONS: Options = {
  store: { type: 'string' },
  'data-dir': { type: 'string' },
  table: { type: 'string' },
};

export const NOTIFY_OPTIONS: Options = {
  notify: { type: 'string' },
  topic: { type: 'string' },
};
