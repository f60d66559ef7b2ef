/** Entry of `npm start` (see run.ts). `npm start -- --live` audits your own account, read-only. */
import { parseArgs } from 'node:util';
import { processIo } from '../../cli/io.js';
import { runDemo } from './run.js';

// The SDK's Node 20 notice would interrupt the demo's output; README "Requirements" says it once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({ options: { live: { type: 'boolean' }, 'data-dir': { type: 'string' } }, strict: true });
try {
  await runDemo({ dataDir: values['data-dir'] ?? '.iam-sentinel', live: values.live === true, io: processIo });
  process.exitCode = 0;
} catch (e) {
  const err = e as Error;
  process.stderr.write(`iam-sentinel demo: ${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}\n`);
  if (process.env.IAM_SENTINEL_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
}
