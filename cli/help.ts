/**
 * `iam-sentinel --help`, `<command> --help` (or `help <command>`) and
 * README's command reference, all generated from the commands' option
 * tables and examples: an option is described where it is declared, once.
 */
import { optionGroups, optionLabel, type OperandSpec, type OptionSpec } from './args.js';
import { paint, wrap, type TextStyle } from './format/text.js';
import type { Command, Example } from './io.js';

/** Every command accepts it; parse() knows it too. */
export const HELP_OPTION: OptionSpec = { type: 'boolean', description: 'print this help and exit' };

export const EXIT_STATUS = 'Exit status: 0 done, 1 findings at or above --fail-on, 2 bad usage or input (one line on stderr), 3 other failure.';

/** What follows a description: the allowed values the label does not show, the environment variable, the default. */
export function optionNotes(spec: OptionSpec): string[] {
  const notes: string[] = [];
  if (spec.valueName && spec.allowed) notes.push(`values: ${spec.allowed.join(', ')}`);
  if (spec.env) notes.push(`env: ${spec.env}`);
  const fallback = spec.default ?? spec.defaultText;
  if (fallback !== undefined) notes.push(`default: ${fallback}`);
  if (spec.required && !spec.group) notes.push('required');
  return notes;
}

/** `iam-sentinel scan (--snapshot DIR | --live) [options]`: what must be given, then the rest. */
export function synopsis(command: Command): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  const groups = optionGroups(command.options);
  for (const [name, spec] of Object.entries(command.options)) {
    if (seen.has(name)) continue;
    if (spec.group) {
      const members = groups.get(spec.group) ?? [name];
      for (const m of members) seen.add(m);
      const alternatives = members.map((m) => optionLabel(m, command.options[m])).join(' | ');
      parts.push(members.some((m) => command.options[m].required) ? `(${alternatives})` : `[${alternatives}]`);
    } else if (spec.required) {
      parts.push(optionLabel(name, spec));
    }
  }
  const operand = command.operand ? [command.operand.required ? command.operand.valueName : `[${command.operand.valueName}]`] : [];
  return ['iam-sentinel', command.name, ...operand, ...parts, '[options]'].join(' ');
}

const LABEL_COLUMN = 24;

/** An operand reads like a string option in help: its description, allowed values, whether it is required. */
function operandAsOption(operand: OperandSpec): OptionSpec {
  return { type: 'string', valueName: operand.valueName, description: operand.description, ...(operand.allowed ? { allowed: operand.allowed } : {}), ...(operand.required ? { required: true } : {}) };
}

function exampleLine(command: Command, example: Example): string {
  return `iam-sentinel ${command.name} ${example.args}`.trimEnd();
}

/** The help of one command: summary, usage, one entry per option with its notes, examples. */
export function commandHelp(command: Command, style: TextStyle): string {
  const entries = [
    ...(command.operand ? [{ label: command.operand.valueName, spec: operandAsOption(command.operand) }] : []),
    ...Object.entries(command.options).map(([name, spec]) => ({ label: optionLabel(name, spec), spec })),
    { label: '-h, --help', spec: HELP_OPTION },
  ];
  const column = Math.min(LABEL_COLUMN, Math.max(...entries.map((e) => e.label.length)));
  const indent = ' '.repeat(2 + column + 2);
  const lines = [`${paint(style, `iam-sentinel ${command.name}`, 'bold')}: ${command.summary}`, '', `${paint(style, 'Usage:', 'bold')} ${synopsis(command)}`, '', paint(style, 'Options:', 'bold')];
  for (const { label, spec } of entries) {
    const text = [spec.description, ...optionNotes(spec).map((n) => `[${n}]`)].join(' ');
    if (label.length <= column) {
      lines.push(wrap(text, style.width, indent, `  ${label.padEnd(column)}  `));
    } else {
      lines.push(`  ${label}`, wrap(text, style.width, indent, indent));
    }
  }
  lines.push('', paint(style, 'Examples:', 'bold'));
  for (const e of command.examples) lines.push(`  ${exampleLine(command, e)}`, paint(style, wrap(e.what, style.width, '      '), 'dim'));
  return lines.join('\n') + '\n';
}

/** `iam-sentinel` alone or `--help`: the commands, one line each. */
export function generalHelp(commands: readonly Command[], style: TextStyle): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${paint(style, 'iam-sentinel', 'bold')}: continuous compliance for AWS IAM`,
    '',
    `${paint(style, 'Usage:', 'bold')} iam-sentinel <command> [options]   (iam-sentinel help <command>, or <command> --help, for its options)`,
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    EXIT_STATUS,
  ].join('\n') + '\n';
}

/** Text in a markdown table cell: pipes escaped, `<data-dir>` kept from reading as HTML. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\s+/g, ' ').trim();

/** README's reference of one command: usage, a table of its options, its examples. */
export function commandMarkdown(command: Command): string {
  const operand: [string, OptionSpec][] = command.operand ? [[command.operand.valueName, operandAsOption(command.operand)]] : [];
  const rows = [...operand, ...Object.entries(command.options)].map(([name, spec], i) => {
    const values = spec.valueName && spec.allowed ? `; values: ${spec.allowed.join(', ')}` : '';
    const fallback = [spec.env ? `\`$${spec.env}\`` : '', spec.default !== undefined ? `\`${spec.default}\`` : (spec.defaultText ?? '')].filter(Boolean).join(', else ');
    const label = i < operand.length ? name : optionLabel(name, spec);
    return `| \`${cell(label)}\` | ${cell(spec.description + values)}${spec.required && !spec.group ? ' (required)' : ''} | ${cell(fallback)} |`;
  });
  return [
    `### \`${command.name}\``,
    '',
    `${command.summary[0].toUpperCase()}${command.summary.slice(1)}${/[.…]$/.test(command.summary) ? '' : '.'}`,
    '',
    '```',
    synopsis(command),
    '```',
    '',
    '| option | what it does | default |',
    '| --- | --- | --- |',
    ...rows,
    '',
    '```sh',
    ...command.examples.flatMap((e) => [`# ${e.what}`, `npx ${exampleLine(command, e)}`]),
    '```',
  ].join('\n');
}
