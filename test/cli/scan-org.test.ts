/**
 * scan --org / snapshot --org options (checked before any AWS call), and the
 * per-account progress display: live lines on a TTY, nothing off one.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { orgProgress } from '../../cli/org-progress.js';
import type { OrganizationAccount } from '../../shared/collect/organization.js';
import { cli } from './run-cli.js';

describe('scan --org options', () => {
  it('are usage errors when malformed, before anything is read', async () => {
    const cases: [string[], RegExp][] = [
      [['scan', '--org', '--concurrency', '0'], /--concurrency: expected a whole number from 1 to 256/],
      [['scan', '--org', '--concurrency', 'many'], /--concurrency: expected a whole number/],
      [['scan', '--org', '--accounts', '12345,abc'], /--accounts: expected 12-digit account ids/],
      [['scan', '--org', '--role-name', 'bad role'], /--role-name: expected an IAM role name/],
      [['scan', '--live', '--role-name', 'x'], /--role-name goes with --org/],
      [['scan', '--org', '--live'], /exactly one of --snapshot DIR, --live or --org/],
      [['snapshot', '--out', '/tmp/x', '--accounts', '111122223333'], /--accounts goes with --org/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('are in the help of scan and snapshot', async () => {
    const help = (await cli(['scan', '--help'])).stdout;
    for (const option of ['--org', '--role-name NAME', '--accounts', '--concurrency N', '--identity-center-region REGION']) expect(help).toContain(option);
    expect((await cli(['snapshot', '--help'])).stdout).toContain('one folder per account id');
  });
});

const account = (id: string, name: string): OrganizationAccount => ({ id, name, status: 'ACTIVE', ouId: null, ouName: null });

function stream(tty: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  s.isTTY = tty;
  s.columns = 100;
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { s, text: () => chunks.join('') };
}

describe('the per-account progress display', () => {
  it('on a TTY: a live line per account being read, and a line per account as it finishes', () => {
    const err = stream(true);
    const progress = orgProgress({ stdout: new PassThrough(), stderr: err.s, env: {} }, 'Scanning the organization', 2);
    const a = account('111111111111', 'prod');
    const b = account('222222222222', 'orphan');
    progress.onProgress({ kind: 'started', account: a });
    progress.onProgress({ kind: 'started', account: b });
    progress.onProgress({ kind: 'input', account: a, progress: { input: 'credentialReport', outcome: 'collected' } });
    progress.onProgress({ kind: 'finished', outcome: { account: b, status: 'failed', reason: 'cannot assume the role' } });
    progress.onProgress({ kind: 'finished', outcome: { account: a, status: 'scanned' } });
    progress.stop();
    // Colours and cursor moves aside, the words.
    const text = err.text().replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
    expect(text).toContain('Scanning the organization: 0 of 2 done');
    expect(text).toContain('111111111111 prod credentialReport ✓');
    expect(text).toContain('✖ 222222222222 orphan: cannot assume the role');
    expect(text).toContain('✔ 111111111111 prod: done');
    expect(text).toContain('2 of 2 done, 1 failed');
  });

  it('off a TTY: nothing at all', () => {
    const err = stream(false);
    const progress = orgProgress({ stdout: new PassThrough(), stderr: err.s, env: {} }, 'Scanning the organization', 1);
    progress.onProgress({ kind: 'started', account: account('111111111111', 'prod') });
    progress.onProgress({ kind: 'finished', outcome: { account: account('111111111111', 'prod'), status: 'scanned' } });
    progress.stop();
    expect(err.text()).toBe('');
  });
});
