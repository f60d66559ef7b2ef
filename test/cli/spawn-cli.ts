/**
 * The CLI as processes of their own, as a user's shells would run it: for
 * tests of what only separate processes show (one DynamoDB Local shared
 * through the data dir's lock file, a process killed outright). The CLI is
 * bundled from source once per test file (esbuild, as `npm run build` does)
 * so a process starts in a second, not in tsx's several.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..', '..');
let bundled: Promise<string> | undefined;

/** The CLI bundled from source (test/cli/entry.ts), where node_modules resolve. */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = join(ROOT, 'node_modules', '.cache', 'iam-sentinel-test-cli');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `cli-${process.pid}-${randomUUID().slice(0, 8)}.mjs`);
    await build({ entryPoints: [join(ROOT, 'test/cli/entry.ts')], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
    return outfile;
  })();
  return bundled;
}

export interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `iam-sentinel <args>` as a process; resolves when it ends, however it ends. */
export async function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessResult> {
  const entry = await cliBundle();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', reject);
    child.once('close', (code, signal) => resolvePromise({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}
