/**
 * DynamoDB Local for the demo, the CLI's `--store local` and the tests. With
 * a data dir, the one instance that serves it (local-shared.ts: a lock file
 * in the folder, shared by every process that uses it). Without one, a
 * private in-memory instance on a free port that never outlives our
 * process: it is stopped on exit and on SIGINT/SIGTERM/SIGHUP, and a small
 * watchdog stops it should we be killed outright.
 */
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { freePort, LocalDynamoError, spawnFailure, spawnJvm, terminate, waitUntilAnswering } from './local-jvm.js';
import { openSharedLocalDynamo } from './local-shared.js';

export { LocalDynamoError } from './local-jvm.js';

export interface LocalDynamo {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** Lets go of it: a private instance is stopped (and waited for); a shared one stops once no process uses it. */
  stop(): Promise<void>;
  /** The instance of a data dir: its JVM, and whether this call started it or joined it running. */
  readonly instance?: { readonly dataDir: string; readonly pid: number; readonly started: boolean };
}

export interface LocalDynamoOptions {
  /** Folder for the database file; omitted, the data lives in memory. */
  readonly dataDir?: string;
  /** Omitted: a free port (in-memory instances only). */
  readonly port?: number;
  /** How long to wait for it to answer. */
  readonly startTimeoutMs?: number;
}

const OUTPUT_TAIL_CHARS = 4000;
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
  if (options.dataDir) return openSharedLocalDynamo(options.dataDir, options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs });
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOn(port, options.startTimeoutMs ?? 60_000);
    } catch (error) {
      // Another process may take the free port between our probe and Java's bind.
      const portTaken = error instanceof LocalDynamoError && /address already in use/i.test(error.message);
      if (!portTaken || options.port !== undefined || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

async function startOn(port: number, timeoutMs: number): Promise<LocalDynamo> {
  const child = spawnJvm({ port, stdio: 'pipe' });
  let output = '';
  const keepTail = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  // Always drained: a full pipe would block the JVM.
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);

  const exited = new Promise<never>((_resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(spawnFailure(error)));
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
