import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoFindingStore } from '../../shared/store/dynamodb.js';
import { LOCK_FILE, LocalDynamoError, LocalStoreError, dataDirFailure, ensureTable, startLocalDynamo } from '../../shared/store/local.js';
import { userArn } from '../helpers/account.js';

const scratch = mkdtempSync(join(tmpdir(), 'iam-sentinel-local-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Whether anything still answers HTTP on the endpoint. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { method: 'POST', body: '{}', signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => Promise<boolean>, attempts: number): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

describe('DynamoDB Local', () => {
  it('says what to do when java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(scratch, 'no-java-here');
    try {
      await expect(startLocalDynamo()).rejects.toThrow(LocalDynamoError);
      await expect(startLocalDynamo()).rejects.toThrow(/`java` was not found on PATH/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('createStore({ kind: "local" }) takes over a stale lock, keeps its data in the data dir, and its JVM does not outlive a parent killed outright', async () => {
    // The parent is another process, so that it can be SIGKILLed; a JVM start is slow, so one serves every check.
    const dataDir = join(scratch, 'data');
    mkdirSync(dataDir, { recursive: true });
    // A lock left by an instance that is gone (the machine rebooted): its pid is no DynamoDB Local.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: dead, port: 1, endpoint: 'http://127.0.0.1:1', supervisor: dead, dataDir, startedAt: '2026-11-01T00:00:00Z' }));
    const script = join(scratch, 'parent.mts');
    const modules = (path: string) => JSON.stringify(new URL(path, import.meta.url).pathname);
    writeFileSync(
      script,
      [
        `import { createStore } from ${modules('../../shared/store/index.ts')};`,
        `import { makeConfig } from ${modules('../../shared/config/schema.ts')};`,
        `import { applyEvaluation } from ${modules('../../shared/pipeline/apply.ts')};`,
        `import { evaluationOf } from ${modules('../findings/scenario.ts')};`,
        `const store = await createStore({ kind: 'local', dataDir: ${JSON.stringify(dataDir)} });`,
        `await applyEvaluation(store, evaluationOf({ keyUsers: ['alice'] }, '2026-11-01T00:00:00Z'), makeConfig());`,
        'console.log(store.endpoint);',
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const firstLine = await createInterface({ input: parent.stdout! })[Symbol.asyncIterator]().next();
    const endpoint = String(firstLine.value);
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number; endpoint: string };
    expect(lock.endpoint).toBe(endpoint);
    expect(lock.pid).not.toBe(dead);

    // Its table and data, read through a store of our own.
    const store = new DynamoFindingStore({ tableName: 'iam-sentinel', endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await ensureTable(store.client, 'iam-sentinel');
    expect((await store.queryFindings({ status: 'open' })).map((f) => f.resource)).toEqual([userArn('alice')]);
    await store.close();

    parent.kill('SIGKILL');
    // Nobody calls stop() and no exit handler runs: only the supervisor beside the JVM (it saw its last client go) can end it.
    expect(await until(async () => !(await answers(endpoint)), 60)).toBe(true);
    // And it took its lock with it.
    expect(await until(async () => !existsSync(join(dataDir, LOCK_FILE)), 20)).toBe(true);
    const files = readdirSync(dataDir).filter((f) => f.endsWith('.db'));
    expect(files).toHaveLength(1);
    expect(statSync(join(dataDir, files[0])).size).toBeGreaterThan(0);
  });

  it('a data dir it cannot write is named, with what failed (EACCES, EROFS), never "unknown error"', () => {
    const readOnly = dataDirFailure(Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' }), '/mnt/ro-store', 'creating dynamodb-local.lock');
    expect(readOnly).toBeInstanceOf(LocalStoreError);
    expect(readOnly.message).toBe('the data dir /mnt/ro-store is read-only (EROFS when creating dynamodb-local.lock): DynamoDB Local keeps the store there and needs to write it; use a writable --data-dir');
    expect(dataDirFailure(Object.assign(new Error('denied'), { code: 'EACCES' }), '/srv/store', 'registering').message).toMatch(/^the data dir \/srv\/store is read-only \(EACCES/);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only data dir (not root: permissions hold) fails with that message', async () => {
    const dataDir = join(scratch, 'read-only');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o555);
    try {
      await expect(startLocalDynamo({ dataDir })).rejects.toThrow(/the data dir .*read-only/);
    } finally {
      chmodSync(dataDir, 0o755);
    }
  });
});
