/**
 * The moto AWS emulator (`python3 -m moto.server`) for integration tests:
 * one server per test file, on a free port, stopped by pid. Where moto is
 * not installed the tests skip with a one-line reason; `.ci/run` sets
 * IAM_SENTINEL_REQUIRE_MOTO=1 so a missing moto fails CI instead.
 *
 *   const moto = await startMoto();          // in beforeAll
 *   describe.skipIf(!motoAvailable)(...)      // skip with the reason printed once
 *   await moto.aws(['iam', 'create-user', '--user-name', 'alice']);
 *   await moto.python(seedScript);           // boto3 against the server
 *   await moto.stop();                        // in afterAll
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

function probe(): string | null {
  try {
    execFileSync('python3', ['-c', 'import moto, boto3, flask'], { stdio: 'ignore', timeout: 20_000 });
    return null;
  } catch {
    return 'moto not installed (pip install "moto[server]==5.*"): AWS emulator integration tests skipped';
  }
}

const missingReason = probe();
if (missingReason && process.env.IAM_SENTINEL_REQUIRE_MOTO) {
  throw new Error(`IAM_SENTINEL_REQUIRE_MOTO is set but ${missingReason}`);
}
/** True when moto can be started here. */
export const motoAvailable = missingReason === null;
let warned = false;
/** Prints the skip reason once per test file; use as `describe.skipIf(skipMoto())`. */
export function skipMoto(): boolean {
  if (missingReason && !warned) {
    warned = true;
    console.warn(missingReason);
  }
  return !motoAvailable;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Moto {
  readonly endpoint: string;
  readonly port: number;
  /** Credentials and region that point SDK clients, the AWS CLI and boto3 at the emulator. */
  readonly env: Record<string, string>;
  /** Runs the AWS CLI against the emulator; returns parsed JSON output (or null for none). */
  aws(args: readonly string[], env?: Record<string, string>): Promise<unknown>;
  /** Runs a Python script with boto3 against the emulator; returns its stdout. */
  python(script: string, env?: Record<string, string>): Promise<string>;
  /** Resets every emulated service to empty. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface MotoOptions {
  /** Extra environment for the server, e.g. INITIAL_NO_AUTH_ACTION_COUNT to make moto enforce IAM policies. */
  readonly serverEnv?: Record<string, string>;
}

async function waitForServer(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`moto server did not answer at ${endpoint} within 30 s`);
}

export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  if (!motoAvailable) throw new Error(missingReason ?? 'moto unavailable');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    env: { ...process.env, ...options.serverEnv },
  });
  await waitForServer(endpoint, child);
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: endpoint,
    // moto answers the services it does not emulate (IAM Access Analyzer) with HTTP 500, which the SDK
    // retries; two tries keep each account's collection quick.
    AWS_MAX_ATTEMPTS: '2',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const childEnv = (extra: Record<string, string> = {}) => {
    const base = { ...process.env };
    // Never let a developer's real profile or credentials reach a test.
    for (const k of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) delete base[k];
    return { ...base, ...env, ...extra };
  };
  return {
    endpoint,
    port,
    env,
    async aws(args, extra) {
      const { stdout } = await run('aws', ['--endpoint-url', endpoint, '--output', 'json', ...args], { env: childEnv(extra), maxBuffer: 64 * 1024 * 1024 });
      return stdout.trim() ? JSON.parse(stdout) : null;
    },
    async python(script, extra) {
      const { stdout } = await run('python3', ['-c', script], { env: childEnv(extra), maxBuffer: 64 * 1024 * 1024 });
      return stdout;
    },
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async stop() {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            try {
              if (child.pid) process.kill(child.pid, 'SIGKILL');
            } catch {
              // already gone
            }
            resolve();
          }, 5_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
