/**
 * The command line, one option table per command. The parser (node:util
 * parseArgs), the checking of values, the defaults, `--help` and README's
 * command reference all read that table, so an option is written once:
 * adding one is adding an entry. Every mistake is a UsageError: one line,
 * exit 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestName, editDistance } from '../shared/closest-name.js';
import { UsageError } from '../shared/errors.js';
import { SEVERITIES } from '../shared/model.js';
import type { Command, Example, Io } from './io.js';

export interface OptionSpec {
  /** 'string' takes a value; 'boolean' is a switch (false when absent). */
  readonly type: 'string' | 'boolean';
  /** What it does, in a few words: the help line and README's reference. */
  readonly description: string;
  /** The value's name in help (DIR, ISO, ARN); default: the allowed values joined by `|`. */
  readonly valueName?: string;
  /** The only values accepted (for a list, for each item). */
  readonly allowed?: readonly string[];
  /** The value is a comma-separated list; parsed into its items. */
  readonly list?: boolean;
  /** May be given more than once; parsed into every value given. */
  readonly multiple?: boolean;
  /** The plain arguments after it are more values (`--events a b c`); one option per table at most. */
  readonly positionals?: boolean;
  /** Used when neither the option nor its environment variable is given. */
  readonly default?: string;
  /** How help states a default the parser does not apply (the clock, every check). */
  readonly defaultText?: string;
  /** Environment variable read when the option is not given. */
  readonly env?: string;
  /** Must be given; in a group, one option of the group must be. */
  readonly required?: boolean;
  /** Options of one group exclude one another. */
  readonly group?: string;
  /** Why a value is wrong, or undefined: checks beyond `allowed` (times, check ids). */
  readonly validate?: (value: string) => string | undefined;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** A plain argument after the command name (`export securityhub`): help and the parser read it as they read options. */
export interface OperandSpec {
  readonly valueName: string;
  readonly description: string;
  readonly allowed?: readonly string[];
  readonly required?: boolean;
}

type Allowed<S> = S extends { readonly allowed: readonly (infer A extends string)[] } ? A : string;

/** Whether parse() always gives a value: it has a default, or must be given (alone, not as one of a group). */
type AlwaysSet<S> = S extends { readonly default: string } ? true : S extends { readonly required: true } ? (S extends { readonly group: string } ? false : true) : false;

/** What parse() gives for an option: lists and repeated options as arrays, a switch as a boolean, undefined only when it may be absent. */
export type OptionValue<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S extends { readonly multiple: true } | { readonly positionals: true }
    ? string[]
    : S extends { readonly list: true }
      ? AlwaysSet<S> extends true
        ? Allowed<S>[]
        : Allowed<S>[] | undefined
      : AlwaysSet<S> extends true
        ? Allowed<S>
        : Allowed<S> | undefined;

export type OptionValues<T extends OptionTable> = { -readonly [K in keyof T]: OptionValue<T[K]> };

export interface Parsed<T extends OptionTable = OptionTable> {
  readonly values: OptionValues<T>;
  readonly positionals: string[];
  /** The command's operand, when it declares one. */
  readonly operand?: string;
}

/** Declares a table (or a group of options to spread into tables) keeping its literal types for parse(). */
export function options<const T extends OptionTable>(table: T): T {
  return table;
}

/** `--format table|json|csv`, `--out DIR`, `--checks ID,...`, `--events PATH...`: how help names an option. */
export function optionLabel(name: string, spec: OptionSpec): string {
  if (spec.type === 'boolean') return `--${name}`;
  const value = spec.valueName ?? spec.allowed?.join('|') ?? 'VALUE';
  const more = spec.list && !spec.valueName ? '[,...]' : spec.multiple || spec.positionals ? '...' : '';
  return `--${name} ${value}${more}`;
}

/** The groups of a table: name → its options, in table order. */
export function optionGroups(table: OptionTable): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [name, spec] of Object.entries(table)) if (spec.group) groups.set(spec.group, [...(groups.get(spec.group) ?? []), name]);
  return groups;
}

function either(labels: readonly string[]): string {
  return labels.length <= 2 ? labels.join(' or ') : `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

const HELP: ParseArgsConfig['options'] = { help: { type: 'boolean', short: 'h' } };

/** parseArgs' messages are multi-line with hints: one line, and a near option name for a typo. */
function usageFrom(command: string, error: unknown, table: OptionTable): UsageError {
  const message = String((error as Error).message).split('\n')[0];
  const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (unknown) {
    const near = closestName(unknown[2], Object.keys(table));
    const hint = near && editDistance(unknown[2], near) <= Math.max(2, Math.floor(unknown[2].length / 3)) ? `did you mean --${near}? ` : '';
    return new UsageError(`${command}: unknown option ${unknown[1]}${unknown[2]} (${hint}iam-sentinel ${command} --help lists them)`);
  }
  return new UsageError(`${command}: ${message}`);
}

function checkValue(command: string, name: string, spec: OptionSpec, value: string): void {
  if (spec.allowed && !spec.allowed.includes(value)) {
    throw new UsageError(`${command}: --${name} must be one of ${spec.allowed.join(', ')} (got "${value}")`);
  }
  const problem = spec.validate?.(value);
  if (problem) throw new UsageError(`${command}: --${name}: ${problem}`);
}

/**
 * Parses `argv` by `table`: a value given on the command line, else the
 * option's environment variable, else its default; every value checked
 * against `allowed` and `validate`; groups and required options enforced.
 * `--help`/`-h` is always accepted (main prints the help before parsing).
 */
export function parse<T extends OptionTable>(command: string, argv: string[], table: T, env: NodeJS.ProcessEnv = {}, operand?: OperandSpec): Parsed<T> {
  const parserOptions: NonNullable<ParseArgsConfig['options']> = { ...HELP };
  for (const [name, spec] of Object.entries(table)) parserOptions[name] = { type: spec.type, ...(spec.multiple || spec.positionals ? { multiple: true } : {}) };
  const takesPositionals = Object.entries(table).find(([, spec]) => spec.positionals)?.[0];
  let raw: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    raw = parseArgs({ args: argv, options: parserOptions, allowPositionals: takesPositionals !== undefined || operand !== undefined, strict: true });
  } catch (e) {
    throw usageFrom(command, e, table);
  }

  const values: Record<string, string | boolean | string[] | undefined> = {};
  for (const [name, spec] of Object.entries(table)) {
    const given = raw.values[name];
    if (spec.type === 'boolean') {
      values[name] = given === true;
      continue;
    }
    if (spec.multiple || spec.positionals) {
      const all = [...((given as string[] | undefined) ?? []), ...(name === takesPositionals ? raw.positionals : [])];
      for (const v of all) checkValue(command, name, spec, v);
      values[name] = all;
      continue;
    }
    const fromEnv = spec.env ? env[spec.env] || undefined : undefined;
    const text = (given as string | undefined) ?? fromEnv;
    if (text === undefined) {
      values[name] = spec.default === undefined ? undefined : spec.list ? spec.default.split(',') : spec.default;
      continue;
    }
    if (spec.list) {
      const items = text.split(',').map((s) => s.trim()).filter(Boolean);
      if (items.length === 0) throw new UsageError(`${command}: --${name} needs at least one value (${optionLabel(name, spec)})`);
      for (const item of items) checkValue(command, name, spec, item);
      values[name] = items;
    } else {
      checkValue(command, name, spec, text);
      values[name] = text;
    }
  }

  for (const [, members] of optionGroups(table)) {
    const given = members.filter((m) => raw.values[m] !== undefined);
    const required = members.some((m) => table[m].required);
    const labels = members.map((m) => optionLabel(m, table[m]));
    if (given.length > 1 || (required && given.length === 0)) {
      throw new UsageError(`${command}: give ${required ? 'exactly' : 'at most'} one of ${either(labels)}`);
    }
  }
  for (const [name, spec] of Object.entries(table)) {
    if (!spec.required || spec.group) continue;
    const value = values[name];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) {
      throw new UsageError(`${command}: ${optionLabel(name, spec)} is required (${spec.description})`);
    }
  }
  if (!operand) return { values: values as OptionValues<T>, positionals: raw.positionals };
  const [given, ...extra] = raw.positionals;
  if (extra.length) throw new UsageError(`${command}: unexpected argument "${extra[0]}" (only one ${operand.valueName})`);
  if (given === undefined && operand.required) throw new UsageError(`${command}: ${operand.valueName} is required (${operand.description})`);
  if (given !== undefined && operand.allowed && !operand.allowed.includes(given)) {
    throw new UsageError(`${command}: ${operand.valueName} must be one of ${operand.allowed.join(', ')} (got "${given}")`);
  }
  return { values: values as OptionValues<T>, positionals: raw.positionals, ...(given === undefined ? {} : { operand: given }) };
}

export interface CommandSpec<T extends OptionTable> {
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  readonly operand?: OperandSpec;
  readonly options: T;
  /** Two or three real command lines. */
  readonly examples: readonly Example[];
  run(parsed: Parsed<T>, io: Io): Promise<number>;
}

/** A command whose argv is parsed by its own table before `run` sees it. */
export function defineCommand<const T extends OptionTable>(spec: CommandSpec<T>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    ...(spec.operand ? { operand: spec.operand } : {}),
    options: spec.options,
    examples: spec.examples,
    run: (argv, io) => spec.run(parse(spec.name, argv, spec.options, io.env, spec.operand), io),
  };
}

/** --now / --since / --until: why a value is no ISO 8601 date or time. */
export function isoTimeProblem(text: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text))
    ? undefined
    : `expected an ISO 8601 date or time such as 2026-11-01T00:00:00Z (got "${text}")`;
}

/** A parsed time option as a Date (its table entry validated it with isoTimeProblem). */
export function timeOption(command: string, flag: string, value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  const problem = isoTimeProblem(String(value));
  if (problem) throw new UsageError(`${command}: --${flag}: ${problem}`);
  return new Date(Date.parse(String(value)));
}

export function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** For values parse() already checked against the same list (context.ts re-checks store and notify kinds). */
export function oneOf<T extends string>(command: string, flag: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${command}: --${flag} must be one of ${allowed.join(', ')} (got "${String(value)}")`);
}

export const FORMATS = ['table', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
export const STORES = ['none', 'local', 'aws'] as const;
export type StoreKind = (typeof STORES)[number];
export const NOTIFIERS = ['none', 'console', 'outbox', 'sns'] as const;
export type NotifyKind = (typeof NOTIFIERS)[number];

export const DEFAULT_DATA_DIR = '.iam-sentinel';

/** `--format`: the formats a command prints (issue-specific ones are added per command). */
export function formatOption<const A extends readonly string[]>(allowed: A, description = 'how results are printed: a table for people, json (exactly one document on stdout) or csv') {
  return options({ format: { type: 'string', description, allowed, default: 'table' } });
}

export const CONFIG_OPTION = options({
  config: { type: 'string', valueName: 'FILE', env: 'IAM_SENTINEL_CONFIG', description: 'the configuration file: thresholds, severity overrides, suppressions, check selection (README "Configuration")', defaultText: 'the catalog defaults' },
});

export const TIME_OPTION = options({
  now: { type: 'string', valueName: 'ISO', validate: isoTimeProblem, description: 'the evaluation time; ages are whole days up to it', defaultText: 'the clock' },
});

/** Commands that write dated history (scan, detect). */
export const REPLAY_OPTION = options({
  replay: {
    type: 'boolean',
    description: 'replay history on purpose: with a store, accept an evaluation or event time more than a day past the clock (refused otherwise, exit 2)',
  },
});

export const FAIL_ON_OPTION = options({
  'fail-on': { type: 'string', valueName: 'SEVERITY', allowed: SEVERITIES, description: 'exit 1 when a result is at or above this severity (for CI)', defaultText: 'never' },
});

const DATA_DIR = { type: 'string', valueName: 'DIR', env: 'IAM_SENTINEL_DATA_DIR', default: DEFAULT_DATA_DIR, description: "the local store's data (DynamoDB Local) and the outbox" } as const;
const TABLE = {
  type: 'string',
  valueName: 'NAME',
  env: 'IAM_SENTINEL_TABLE',
  description: 'the DynamoDB table: the deployed one with --store aws (required there)',
  defaultText: 'iam-sentinel in the local store',
} as const;

/** Commands that write to the store (scan, detect): nothing is remembered unless asked. */
export const STORE_OPTIONS = options({
  store: {
    type: 'string',
    allowed: STORES,
    default: 'none',
    description: 'remember findings (history, one alert per new problem): nowhere, in DynamoDB Local under --data-dir, or in the deployed table',
  },
  'data-dir': DATA_DIR,
  table: TABLE,
});

/** Commands that only read the store (findings, history, report): the local store unless told otherwise. */
export const READ_STORE_OPTIONS = options({
  store: { type: 'string', allowed: ['local', 'aws'], default: 'local', description: 'the store to read: DynamoDB Local under --data-dir, or the deployed table' },
  'data-dir': DATA_DIR,
  table: TABLE,
});

export const NOTIFY_OPTIONS = options({
  notify: {
    type: 'string',
    allowed: NOTIFIERS,
    list: true,
    default: 'none',
    description: 'send alerts for new problems (needs a store); several separated by commas; outbox appends JSON lines to <data-dir>/outbox.jsonl',
  },
  topic: { type: 'string', valueName: 'ARN', env: 'IAM_SENTINEL_TOPIC_ARN', description: 'the SNS topic for --notify sns' },
});
