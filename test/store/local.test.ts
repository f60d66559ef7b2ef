import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoFindingStore } from '../../shared/store/dynamodb.js';
import { LocalDynamoError, ensureTable, startLocalDynamo } from '../../shared/store/local.js';
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

  it('createStore({ kind: "local" }) keeps its data in the data dir, and its JVM does not outlive a parent killed outright', async () => {
    // The parent is another process, so that it can be SIGKILLed; a JVM start is slow, so one serves every check.
    const dataDir = join(scratch, 'data');
    const script = join(scratch, 'parent.mts');
    const modules = (path: string) => JSON.stringify(new URL(path, import.meta.url).pathname);
    writeFileSync(
      script,
      [
        `import { createStore } from ${modules('../../shared/store/index.ts')};`,
        `import { evaluationOf } from ${modules('../findings/scenario.ts')};`,
        `const store = await createStore({ kind: 'local', dataDir: ${JSON.stringify(dataDir)} });`,
        `await store.applyEvaluation(evaluationOf({ keyUsers: ['alice'] }, '2026-11-01T00:00:00Z'), () => [], 7);`,
        'console.log(store.endpoint);',
        'setInterval(() => {}, 1000);',
      ].join('\n'),
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const firstLine = await createInterface({ input: parent.stdout! })[Symbol.asyncIterator]().next();
    const endpoint = String(firstLine.value);

    // Its table and data, read through a store of our own.
    const store = new DynamoFindingStore({ tableName: 'iam-sentinel', endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await ensureTable(store.client, 'iam-sentinel');
    expect((await store.queryFindings({ status: 'open' })).map((f) => f.resource)).toEqual([userArn('alice')]);
    await store.close();

    parent.kill('SIGKILL');
    // Nobody calls stop() and no exit handler runs: only the watchdog (polling once a second) can end it.
    expect(await until(async () => !(await answers(endpoint)), 60)).toBe(true);
    const files = readdirSync(dataDir).filter((f) => f.endsWith('.db'));
    expect(files).toHaveLength(1);
    expect(statSync(join(dataDir, files[0])).size).toBeGreaterThan(0);
  });
});
