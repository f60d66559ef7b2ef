/**
 * Help is generated from the option tables: every option of every command
 * appears in its --help with its description and notes, nothing is
 * undocumented, and every example is a command line the parser accepts.
 */
import { describe, expect, it } from 'vitest';
import { defineCommand, optionLabel, parse } from '../../cli/args.js';
import { commandHelp, commandMarkdown, optionNotes, synopsis } from '../../cli/help.js';
import { COMMANDS } from '../../cli/main.js';
import { cli } from './run-cli.js';

const flat = (s: string) => s.replace(/\s+/g, ' ');

describe.each(COMMANDS.map((c) => [c.name, c] as const))('%s --help', (name, command) => {
  it('documents every option of the table: label, description, allowed values, env, default', async () => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const help = flat(r.stdout);
    expect(help).toContain(`iam-sentinel ${name}: ${command.summary}`);
    expect(help).toContain(`Usage: ${synopsis(command)}`);
    for (const [option, spec] of Object.entries(command.options)) {
      expect(spec.description.trim(), `${name} --${option} has no description`).not.toBe('');
      expect(help, `--${option}`).toContain(`${optionLabel(option, spec)} ${flat(spec.description)}`);
      for (const note of optionNotes(spec)) expect(help, `--${option} [${note}]`).toContain(`[${flat(note)}]`);
      if (spec.allowed && !spec.valueName) expect(optionLabel(option, spec)).toContain(spec.allowed.join('|'));
    }
    if (command.operand) expect(help).toContain(`${command.operand.valueName} ${flat(command.operand.description)}`);
    expect(help).toContain('-h, --help print this help and exit');
  });

  it('gives two or three examples the parser accepts', async () => {
    expect(command.examples.length).toBeGreaterThanOrEqual(2);
    expect(command.examples.length).toBeLessThanOrEqual(3);
    const help = flat((await cli([name, '--help'])).stdout);
    for (const example of command.examples) {
      expect(example.what.trim()).not.toBe('');
      expect(help).toContain(flat(`iam-sentinel ${name} ${example.args}`.trim()));
      // Up to the first shell operator: the command's own arguments.
      const args = example.args.split(/\s+(?:>|&&|\|)\s+/)[0].split(/\s+/).filter(Boolean);
      expect(() => parse(name, args, command.options, {}, command.operand), example.args).not.toThrow();
    }
  });

  it('is the same as iam-sentinel help <command>', async () => {
    expect((await cli(['help', name])).stdout).toBe((await cli([name, '--help'])).stdout);
    expect((await cli([name, '-h'])).stdout).toBe((await cli([name, '--help'])).stdout);
  });
});

describe('iam-sentinel help', () => {
  it('lists every command with its summary', async () => {
    const r = await cli(['help']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const c of COMMANDS) expect(lines.some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(`  ${c.summary}`)), c.name).toBe(true);
    expect((await cli(['--help'])).stdout).toBe(r.stdout);
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe(r.stdout);
  });

  it('names the closest command for a typo, in one line', async () => {
    for (const args of [['scna'], ['help', 'histroy']]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect((await cli(['scna'])).stderr).toContain('did you mean "scan"?');
    expect((await cli(['help', 'histroy'])).stderr).toContain('did you mean "history"?');
  });
});

describe('parse', () => {
  const table = {
    format: { type: 'string', allowed: ['table', 'json'], default: 'table', description: 'format' },
    dir: { type: 'string', valueName: 'DIR', env: 'TEST_DIR', default: '.x', description: 'dir' },
    ids: { type: 'string', list: true, valueName: 'ID,...', validate: (v: string) => (v === 'bad' ? 'no bad ids' : undefined), description: 'ids' },
    a: { type: 'string', valueName: 'A', group: 'one', required: true, description: 'a' },
    b: { type: 'boolean', group: 'one', description: 'b' },
  } as const;
  const error = (argv: string[]) => {
    try {
      parse('cmd', argv, table);
    } catch (e) {
      return (e as Error).message;
    }
    return undefined;
  };

  it('takes the command line, else the environment variable, else the default', () => {
    expect(parse('cmd', ['--b'], table).values).toEqual({ format: 'table', dir: '.x', ids: undefined, a: undefined, b: true });
    expect(parse('cmd', ['--b'], table, { TEST_DIR: '/env' }).values.dir).toBe('/env');
    expect(parse('cmd', ['--b', '--dir', '/flag'], table, { TEST_DIR: '/env' }).values.dir).toBe('/flag');
    expect(parse('cmd', ['--a', 'x', '--ids', 'p, q,,r', '--format', 'json'], table).values).toMatchObject({ a: 'x', ids: ['p', 'q', 'r'], format: 'json', b: false });
  });

  it('rejects what the table does not allow, in one line', () => {
    expect(error(['--b', '--format', 'xml'])).toBe('cmd: --format must be one of table, json (got "xml")');
    expect(error(['--b', '--ids', 'ok,bad'])).toBe('cmd: --ids: no bad ids');
    expect(error(['--b', '--ids', ','])).toBe('cmd: --ids needs at least one value (--ids ID,...)');
    expect(error([])).toBe('cmd: give exactly one of --a A or --b');
    expect(error(['--a', 'x', '--b'])).toBe('cmd: give exactly one of --a A or --b');
    expect(error(['--b', '--formt', 'json'])).toBe('cmd: unknown option --formt (did you mean --format? iam-sentinel cmd --help lists them)');
    expect(error(['--b', '--zzzzzz'])).toBe('cmd: unknown option --zzzzzz (iam-sentinel cmd --help lists them)');
    expect(error(['--b', 'stray'])).toMatch(/^cmd: Unexpected argument 'stray'/);
  });
});

describe('a command with an operand (export TARGET)', () => {
  const exportCommand = defineCommand({
    name: 'export',
    summary: 'stored findings into another tool',
    operand: { valueName: 'TARGET', description: 'where to', allowed: ['securityhub'], required: true },
    options: { dry: { type: 'boolean', description: 'say what would be sent' } },
    examples: [
      { args: 'securityhub', what: 'every stored finding' },
      { args: 'securityhub --dry', what: 'nothing sent' },
    ],
    run: async ({ operand, values }) => (operand === 'securityhub' && values.dry ? 0 : 1),
  });

  it('parses, checks and documents it like an option', async () => {
    const io = { stdout: process.stdout, stderr: process.stderr, env: {} };
    expect(await exportCommand.run(['securityhub', '--dry'], io)).toBe(0);
    expect(() => parse('export', [], exportCommand.options, {}, exportCommand.operand)).toThrow('export: TARGET is required (where to)');
    expect(() => parse('export', ['s3'], exportCommand.options, {}, exportCommand.operand)).toThrow('export: TARGET must be one of securityhub (got "s3")');
    expect(() => parse('export', ['securityhub', 'x'], exportCommand.options, {}, exportCommand.operand)).toThrow('export: unexpected argument "x"');
    expect(synopsis(exportCommand)).toBe('iam-sentinel export TARGET [options]');
    const help = flat(commandHelp(exportCommand, { color: false, width: 80 }));
    expect(help).toContain('TARGET where to [values: securityhub] [required]');
    expect(commandMarkdown(exportCommand)).toContain('| `TARGET` | where to; values: securityhub (required) |  |');
  });
});
