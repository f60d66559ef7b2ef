/**
 * One DynamoDB Local per data dir (design.md "Exactly once, whatever
 * happens"): two JVMs on one database file corrupt each other's writes, so
 * every process that uses a data dir shares the instance that serves it.
 *
 * In the data dir:
 * - `dynamodb-local.lock`: the running instance's pid, port and endpoint,
 *   written once it answers. A lock whose pid is no DynamoDB Local any more
 *   (the JVM died, the machine rebooted) is stale and taken over.
 * - `dynamodb-local.starting`: held (created exclusively) by the one process
 *   starting an instance, so that two first runs at once start one JVM.
 * - `dynamodb-local.clients/<pid>-…`: one file per open store; registered
 *   before the lock is read, removed on close, and ignored once its process
 *   is gone (killed outright).
 * - `dynamodb-local.log`: the JVM's output, which store errors quote.
 *
 * The JVM runs in a process group of its own (a Ctrl-C for one run must not
 * stop an instance others use) with a small supervisor beside it, which
 * stops it once no live process has used it for a moment, and removes the
 * lock: so the instance never outlives the processes that use it, however
 * they end, and a run right after another reuses the warm JVM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { processAlive } from './holder.js';
import { answers, freePort, LocalDynamoError, spawnFailure, spawnJvm, waitUntilAnswering } from './local-jvm.js';
import type { LocalDynamo } from './local-process.js';

export const LOCK_FILE = 'dynamodb-local.lock';
export const LOG_FILE = 'dynamodb-local.log';
const STARTING_FILE = 'dynamodb-local.starting';
const CLIENTS_DIR = 'dynamodb-local.clients';
/** Where DynamoDB Local (-sharedDb) keeps every table of a data dir. */
export const DATABASE_FILE = 'shared-local-instance.db';
const SQLITE_HEADER = 'SQLite format 3\0';

/** How long the instance stays up after its last user is gone: the next command of a session reuses it. */
const LINGER_MS = 1500;
const PORT_ATTEMPTS = 3;

export interface InstanceLock {
  /** The JVM's pid. */
  readonly pid: number;
  readonly port: number;
  readonly endpoint: string;
  readonly supervisor: number;
  readonly dataDir: string;
  readonly startedAt: string;
}

export interface SharedLocalDynamo extends LocalDynamo {
  readonly dataDir: string;
  readonly logFile: string;
  /** False when this call found an instance running and joined it. */
  readonly started: boolean;
  readonly lock: InstanceLock;
}

/** The store under a data dir failed in a way the user has to look at: the message names the folder and what failed. */
export class LocalStoreError extends Error {
  override name = 'LocalStoreError';
}

const READ_ONLY_CODES = new Set(['EACCES', 'EROFS', 'EPERM']);

/** A file-system error in the data dir, as a message naming the folder and what failed. */
export function dataDirFailure(error: unknown, dataDir: string, doing: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && READ_ONLY_CODES.has(code)) {
    return new LocalStoreError(`the data dir ${dataDir} is read-only (${code} when ${doing}): DynamoDB Local keeps the store there and needs to write it; use a writable --data-dir`);
  }
  if (code === 'ENOTDIR' || code === 'EEXIST') return new InputError(dataDir, '', `expected a folder for the store (${code} when ${doing})`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Whether the data dir holds a store (a non-empty database file); nothing is created to find out. */
export function storeExists(dataDir: string): boolean {
  try {
    return statSync(join(resolve(dataDir), DATABASE_FILE)).size > 0;
  } catch {
    return false;
  }
}

/** Throws InputError when the database file exists and is not an SQLite file (DynamoDB Local would fail every request with "unknown error"). */
export function checkDatabaseFile(dataDir: string): void {
  const file = join(dataDir, DATABASE_FILE);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw dataDirFailure(error, dataDir, `reading ${DATABASE_FILE}`);
  }
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const read = readSync(fd, header, 0, header.length, 0);
  closeSync(fd);
  if (read > 0 && header.subarray(0, read).toString('latin1') !== SQLITE_HEADER.slice(0, read)) {
    throw new InputError(file, '', 'expected a DynamoDB Local database (an SQLite file): this one is corrupt or not a store; move it away to start a new store');
  }
}

/** The lines of the instance's log that say what went wrong, most recent last. */
export function logProblem(dataDir: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, LOG_FILE), 'utf8').slice(-20_000);
  } catch {
    return null;
  }
  const lines = text.split('\n').map((l) => l.trim());
  const problems = lines.filter((l) => /exception|error|sqlite|caused by|denied|read-?only/i.test(l) && !/^at /.test(l));
  return problems.length ? problems.slice(-2).join(' | ').slice(0, 300) : null;
}

/** Is `pid` a DynamoDB Local JVM? Where /proc tells (Linux), by its command line; elsewhere, by being alive. */
function isDynamoDbLocal(pid: number): boolean {
  if (!processAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal');
  } catch {
    return true;
  }
}

function readJson<T>(path: string): { value: T; raw: string } | null {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return { value: JSON.parse(raw) as T, raw };
  } catch {
    // Being written (a torn read), or garbage: the caller treats both as stale after a look at the pid.
    return { value: {} as T, raw };
  }
}

/**
 * Removes a stale file, unless someone replaced it since we read it: it is
 * renamed aside first (atomic), and put back should it not be what we read.
 */
function removeIfUnchanged(path: string, seen: string): void {
  const aside = `${path}.stale-${randomUUID()}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  let now = '';
  try {
    now = readFileSync(aside, 'utf8');
  } catch {
    // unreadable: treat as what we saw
    now = seen;
  }
  if (now !== seen) {
    try {
      // Someone's fresh file: restore it unless yet another took its place.
      if (!existsSync(path)) renameSync(aside, path);
    } catch {
      // Nothing better to do: the next reader retries.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Restored, or already gone.
  }
}

function tryCreate(path: string, content: string): boolean {
  try {
    writeFileSync(path, content, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

let clientSeq = 0;

/** Registers this use of the instance; the returned function unregisters it. */
function registerClient(dataDir: string): () => void {
  const dir = join(dataDir, CLIENTS_DIR);
  const file = join(dir, `${process.pid}-${++clientSeq}-${randomUUID().slice(0, 8)}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '');
  } catch (error) {
    throw dataDirFailure(error, dataDir, `registering in ${CLIENTS_DIR}`);
  }
  return () => {
    try {
      unlinkSync(file);
    } catch {
      // Pruned already (the supervisor saw us as gone), or the folder was removed.
    }
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The supervisor: beside the JVM, in its own process group. Every 250 ms it
 * prunes client files of processes that are gone; once none is left for
 * LINGER_MS, it stops advertising the instance (the lock is renamed aside),
 * looks once more (a client that registered just before may be using it:
 * then the lock is put back), and stops the JVM. When the JVM dies on its
 * own, it removes the lock naming it.
 */
const SUPERVISOR = `
const fs = require('node:fs'), path = require('node:path');
const [dir, jvmArg, lingerArg] = process.argv.slice(1);
const jvm = Number(jvmArg), linger = Number(lingerArg);
const lock = path.join(dir, ${JSON.stringify(LOCK_FILE)}), clients = path.join(dir, ${JSON.stringify(CLIENTS_DIR)});
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const ours = () => { try { return JSON.parse(fs.readFileSync(lock, 'utf8')).pid === jvm; } catch { return false; } };
const live = () => {
  let names = [];
  try { names = fs.readdirSync(clients); } catch {}
  let n = 0;
  for (const f of names) {
    if (alive(Number(f.split('-')[0]))) n++;
    else try { fs.unlinkSync(path.join(clients, f)); } catch {}
  }
  return n;
};
let idleSince = null, stopping = false;
const stop = () => {
  stopping = true;
  try { process.kill(jvm, 'SIGTERM'); } catch {}
  setTimeout(() => { try { process.kill(jvm, 'SIGKILL'); } catch {} }, 5000).unref();
  const gone = setInterval(() => { if (!alive(jvm)) process.exit(0); }, 100);
};
setInterval(() => {
  if (stopping) return;
  if (!alive(jvm)) { if (ours()) try { fs.unlinkSync(lock); } catch {} process.exit(0); }
  if (live() > 0) { idleSince = null; return; }
  idleSince = idleSince ?? Date.now();
  if (Date.now() - idleSince < linger) return;
  const aside = lock + '.closing-' + process.pid;
  let hidden = false;
  if (ours()) { try { fs.renameSync(lock, aside); hidden = true; } catch {} }
  if (live() > 0) {
    if (hidden) { try { fs.linkSync(aside, lock); } catch {} try { fs.unlinkSync(aside); } catch {} }
    idleSince = null;
    return;
  }
  if (hidden) try { fs.unlinkSync(aside); } catch {}
  stop();
}, 250);
`;

/** Starts the instance of `dataDir` (the caller holds the starting file) and writes its lock. */
async function startInstance(dataDir: string, timeoutMs: number): Promise<InstanceLock> {
  checkDatabaseFile(dataDir);
  const logFile = join(dataDir, LOG_FILE);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let logFd: number;
    try {
      logFd = openSync(logFile, 'w');
    } catch (error) {
      throw dataDirFailure(error, dataDir, `creating ${LOG_FILE}`);
    }
    let child: ChildProcess;
    try {
      child = spawnJvm({ port, dataDir, detached: true, stdio: ['ignore', logFd, logFd] });
    } finally {
      closeSync(logFd);
    }
    const exited = new Promise<never>((_resolve, reject) => {
      child.once('error', (error: NodeJS.ErrnoException) => reject(spawnFailure(error)));
      child.once('exit', (code, signal) => {
        reject(new LocalDynamoError(`DynamoDB Local for ${dataDir} exited before answering (${signal ?? `code ${code}`}): ${logProblem(dataDir) ?? `see ${logFile}`}`));
      });
    });
    exited.catch(() => undefined);
    const endpoint = `http://127.0.0.1:${port}`;
    try {
      await Promise.race([waitUntilAnswering(endpoint, timeoutMs), exited]);
    } catch (error) {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      // Another process may take the free port between our probe and Java's bind.
      const portTaken = /address already in use/i.test(readLog(logFile));
      if (portTaken && attempt < PORT_ATTEMPTS) continue;
      throw error;
    }
    const supervisor = spawn(process.execPath, ['-e', SUPERVISOR, dataDir, String(child.pid), String(LINGER_MS)], { detached: true, stdio: 'ignore' });
    supervisor.on('error', () => undefined);
    supervisor.unref();
    child.removeAllListeners('exit');
    child.unref();
    const lock: InstanceLock = { pid: child.pid!, port, endpoint, supervisor: supervisor.pid ?? 0, dataDir, startedAt: new Date().toISOString() };
    const path = join(dataDir, LOCK_FILE);
    const temporary = `${path}.${process.pid}-${randomUUID().slice(0, 8)}`;
    writeFileSync(temporary, JSON.stringify(lock));
    renameSync(temporary, path);
    return lock;
  }
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export interface SharedOptions {
  readonly startTimeoutMs?: number;
}

/** The instance serving `dataDir`: the running one, or one this call starts. */
export async function openSharedLocalDynamo(dataDirInput: string, options: SharedOptions = {}): Promise<SharedLocalDynamo> {
  const dataDir = resolve(dataDirInput);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw dataDirFailure(error, dataDir, 'creating it');
  }
  if (!statSync(dataDir).isDirectory()) throw new InputError(dataDir, '', 'expected a folder for the store, found a file');
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const lockPath = join(dataDir, LOCK_FILE);
  const startingPath = join(dataDir, STARTING_FILE);
  // Registered before the lock is read: the supervisor then never stops an instance this process is about to use.
  const unregister = registerClient(dataDir);
  const handle = (lock: InstanceLock, started: boolean): SharedLocalDynamo => ({
    endpoint: lock.endpoint,
    dataDir,
    logFile: join(dataDir, LOG_FILE),
    started,
    lock,
    instance: { dataDir, pid: lock.pid, started },
    async stop() {
      unregister();
    },
  });

  try {
    const deadline = Date.now() + timeoutMs + 10_000;
    for (;;) {
      const lock = readJson<InstanceLock>(lockPath);
      if (lock) {
        if (!isDynamoDbLocal(Number(lock.value.pid))) {
          removeIfUnchanged(lockPath, lock.raw);
          continue;
        }
        if (await answers(lock.value.endpoint)) return handle(lock.value, false);
        if (Date.now() > deadline) {
          throw new LocalDynamoError(`DynamoDB Local (pid ${lock.value.pid}, ${lock.value.endpoint}) serving ${dataDir} does not answer: stop that process, or remove ${lockPath} if it is not DynamoDB Local`);
        }
        await sleep(200);
        continue;
      }
      let mine: boolean;
      try {
        mine = tryCreate(startingPath, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }));
      } catch (error) {
        throw dataDirFailure(error, dataDir, `creating ${STARTING_FILE}`);
      }
      if (mine) {
        try {
          // Started by someone else between our look at the lock and now: use theirs.
          if (readJson(lockPath)) continue;
          return handle(await startInstance(dataDir, timeoutMs), true);
        } finally {
          try {
            unlinkSync(startingPath);
          } catch {
            // removed as stale by someone who thought we were gone
          }
        }
      }
      const starting = readJson<{ pid?: number }>(startingPath);
      if (starting && !processAlive(Number(starting.value.pid))) removeIfUnchanged(startingPath, starting.raw);
      else if (Date.now() > deadline) throw new LocalDynamoError(`another process has been starting DynamoDB Local for ${dataDir} for too long (${startingPath})`);
      await sleep(100);
    }
  } catch (error) {
    unregister();
    throw error;
  }
}
