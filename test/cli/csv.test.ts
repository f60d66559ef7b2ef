/**
 * CSV safe to open in a spreadsheet (OWASP, CSV injection): a text cell that
 * starts with =, +, -, @, tab or carriage return gets a leading apostrophe,
 * in every CSV the CLI writes (they all go through format/text.ts's csv).
 * IAM names may start with "=" or "+" and messages begin with them.
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv, csvCell } from '../../cli/format/text.js';
import { cli } from './run-cli.js';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['=1,2', `"'=1,2"`],
  ])('neutralises %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['a=b', 'a=b'],
    ['arn:aws:iam::123456789012:user/=x', 'arn:aws:iam::123456789012:user/=x'],
    ['', ''],
    [' =x', ' =x'],
  ])('leaves %j alone', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('numbers, booleans and nulls are data, never formulas', () => {
    expect(csv(['n', 'b', 'z', 'o'], [[-5, true, null, { a: '=x' }]])).toBe('n,b,z,o\n-5,true,,"{""a"":""=x""}"\n');
  });
});

describe('scan --format csv with IAM users named "=bob.martin" and "+judy"', () => {
  let work: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'csv-injection-'));
    const snapshot = join(work, 'snapshot');
    await cp('examples/demo-account', snapshot, { recursive: true });
    // Legal IAM user names (letters, digits and +=,.@_-); messages about bob.martin begin with his name.
    for (const file of await readdir(snapshot)) {
      const path = join(snapshot, file);
      await writeFile(path, (await readFile(path, 'utf8')).replaceAll('bob.martin', '=bob.martin').replaceAll('judy.chen', '+judy'));
    }
  });
  afterAll(async () => {
    process.env = saved;
    await rm(work, { recursive: true, force: true });
  });

  it('prefixes every cell that would run as a formula', async () => {
    const out = await cli(['scan', '--snapshot', join(work, 'snapshot'), '--now', '2026-11-01T00:00:00Z', '--format', 'csv']);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n').filter((l) => l.includes('=bob.martin') || l.includes('+judy'));
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      // No field of the line starts with a formula character once parsed (quotes stripped).
      const fields = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((f) => f.replace(/,$/, '').replace(/^"|"$/g, ''));
      for (const f of fields) expect(/^[=+\-@\t\r]/.test(f), `${f} in ${line}`).toBe(false);
    }
    expect(out.stdout).toMatch(/,'=bob\.martin has administrator rights/);
  });
});
