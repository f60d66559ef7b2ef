/** Colour only where it helps: a TTY, unless NO_COLOR or a dumb terminal; FORCE_COLOR decides first. Non-TTY output never changes. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { colourEnabled, paint, paintSeverity, styleFor } from '../../cli/format/text.js';
import { main } from '../../cli/main.js';
import { step } from '../../cli/progress.js';

const ESC = '\u001b[';

function stream(isTTY: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  const chunks: Buffer[] = [];
  s.on('data', (c: Buffer) => chunks.push(c));
  return { s, text: () => Buffer.concat(chunks).toString() };
}

async function run(args: string[], env: NodeJS.ProcessEnv, isTTY: boolean) {
  const out = stream(isTTY);
  const err = stream(isTTY);
  const code = await main(args, { stdout: out.s, stderr: err.s, env });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('colourEnabled', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it.each([
    ['a TTY', tty, {}, true],
    ['a pipe or file', pipe, {}, false],
    ['NO_COLOR on a TTY', tty, { NO_COLOR: '1' }, false],
    ['NO_COLOR empty (no-color.org: only a non-empty value counts)', tty, { NO_COLOR: '' }, true],
    ['NODE_DISABLE_COLORS', tty, { NODE_DISABLE_COLORS: '1' }, false],
    ['TERM=dumb', tty, { TERM: 'dumb' }, false],
    ['FORCE_COLOR=1 on a pipe', pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR empty', pipe, { FORCE_COLOR: '' }, true],
    ['FORCE_COLOR over NO_COLOR', pipe, { FORCE_COLOR: '3', NO_COLOR: '1' }, true],
    ['FORCE_COLOR=0 on a TTY', tty, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false on a TTY', tty, { FORCE_COLOR: 'false' }, false],
  ] as const)('%s', (_what, target, env, expected) => {
    expect(colourEnabled(target, env)).toBe(expected);
  });

  it('reads the environment it is given, not the process', () => {
    expect(styleFor({ isTTY: false, columns: 200 }, { FORCE_COLOR: '1' })).toEqual({ color: true, width: 120 });
    expect(styleFor({ isTTY: true }, { NO_COLOR: 'yes' })).toEqual({ color: false, width: 80 });
  });
});

describe('paint', () => {
  it("styles through util.styleText with the codes Node's inspect colours use, or not at all", () => {
    const on = { color: true, width: 80 };
    const off = { color: false, width: 80 };
    expect(paint(on, 'x', 'bold', 'red')).toBe(`${ESC}1m${ESC}31mx${ESC}39m${ESC}22m`);
    expect(paint(on, 'x', 'dim')).toBe(`${ESC}2mx${ESC}22m`);
    expect(paintSeverity(on, 'critical')).toBe(`${ESC}1m${ESC}35mCRITICAL${ESC}39m${ESC}22m`);
    expect(paint(off, 'x', 'bold', 'red')).toBe('x');
    expect(paint(on, 'x')).toBe('x');
  });
});

describe('commands', () => {
  it('colour a TTY, not under NO_COLOR; a pipe only with FORCE_COLOR', async () => {
    expect((await run(['checks'], {}, true)).stdout).toContain(ESC);
    expect((await run(['checks'], { NO_COLOR: '1' }, true)).stdout).not.toContain(ESC);
    expect((await run(['checks'], { TERM: 'dumb' }, true)).stdout).not.toContain(ESC);
    expect((await run(['checks'], {}, false)).stdout).not.toContain(ESC);
    expect((await run(['checks'], { FORCE_COLOR: '1' }, false)).stdout).toContain(ESC);
    expect((await run(['scan', '--help'], { FORCE_COLOR: '0' }, true)).stdout).not.toContain(ESC);
  });

  it('print the same text whatever the colour, once the codes are gone', async () => {
    const plain = await run(['scan', '--snapshot', 'test/fixtures/handbook-snapshot', '--now', '2026-11-01T00:00:00Z'], {}, false);
    const coloured = await run(['scan', '--snapshot', 'test/fixtures/handbook-snapshot', '--now', '2026-11-01T00:00:00Z'], { FORCE_COLOR: '1' }, false);
    expect(coloured.stdout.replace(/\u001b\[\d+m/g, '')).toBe(plain.stdout);
  });
});

describe('progress', () => {
  it('writes plain lines off a TTY: the label, then the result', () => {
    const err = stream(false);
    const s = step({ stdout: err.s, stderr: err.s, env: { FORCE_COLOR: '1' } }, 'Starting DynamoDB Local');
    s.update('ignored off a TTY');
    s.done('ready');
    expect(err.text()).toMatch(/^Starting DynamoDB Local…\nStarting DynamoDB Local: ready \(\d+\.\ds\)\n$/);
    const failing = stream(false);
    step({ stdout: failing.s, stderr: failing.s, env: {} }, 'Collecting').fail('AccessDenied');
    expect(failing.text()).toBe('Collecting…\nCollecting: failed: AccessDenied\n');
  });

  it('draws a spinner line on a TTY and ends it with a mark, coloured unless NO_COLOR', () => {
    const tty = stream(true);
    const s = step({ stdout: tty.s, stderr: tty.s, env: { NO_COLOR: '1' } }, 'Collecting the live account');
    s.update('trails ✓');
    s.done('every input collected');
    const text = tty.text();
    expect(text.startsWith('\r\u001b[2K')).toBe(true);
    expect(text).toMatch(/\r\u001b\[2K✔ Collecting the live account: every input collected \(\d+\.\ds\)\n$/);
    const coloured = stream(true);
    step({ stdout: coloured.s, stderr: coloured.s, env: {} }, 'Collecting').fail('denied');
    expect(coloured.text()).toContain(`${ESC}31m✖${ESC}39m Collecting: denied\n`);
  });
});
