/**
 * Writes the demo's HTML report (see demo-store.ts) on an in-memory DynamoDB
 * Local: `npx tsx test/report/render-demo.ts /tmp/report.html`. The
 * screenshot in docs/report.png is this page in headless Chromium.
 */
import { writeFile } from 'node:fs/promises';
import { buildReport } from '../../cli/report/html.js';
import { DynamoFindingStore } from '../../shared/store/dynamodb.js';
import { ensureTable, startLocalDynamo } from '../../shared/store/local.js';
import { fillDemoStore } from './demo-store.js';

const out = process.argv[2] ?? 'report.html';
const now = new Date(process.argv[3] ?? '2026-12-18T12:30:00Z');

const local = await startLocalDynamo();
const store = new DynamoFindingStore({
  tableName: 'iam-sentinel-demo-report',
  endpoint: local.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  onClose: () => local.stop(),
});
try {
  await ensureTable(store.client, 'iam-sentinel-demo-report');
  // The alias came with the clean-up; one store instance records an account's alias only once.
  const account = await fillDemoStore(store);
  await writeFile(out, await buildReport(store, { now, accounts: [account] }));
  process.stderr.write(`wrote ${out}\n`);
} finally {
  await store.close();
}
