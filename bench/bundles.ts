/**
 * The deployable packages: each function's zip (`npm run package` writes
 * them to .serverless/), its size, and the time a fresh Node process takes to
 * import its bundle: the module-init part of a Lambda cold start. The same
 * is measured for a Node process that imports nothing, so the difference is
 * the bundle's own cost.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { median } from './stats.js';
import { unzip } from './unzip.js';

const run = promisify(execFile);

/**
 * What the deployed functions find in their environment, stubbed: module
 * init reads settings and builds clients but must not need AWS. Every AWS
 * endpoint points at a closed local port, so a call started during init
 * (middy's SSM prefetch does this on purpose) fails locally, never reaching AWS.
 */
export const LAMBDA_ENVIRONMENT_STUBS: Readonly<Record<string, string>> = {
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'iam-sentinel-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  POWERTOOLS_SERVICE_NAME: 'iam-sentinel-bench',
  POWERTOOLS_DEV: 'false',
  IAM_SENTINEL_TABLE: 'iam-sentinel-bench-findings',
  IAM_SENTINEL_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:iam-sentinel-bench-alerts',
  IAM_SENTINEL_CONFIG_PARAMETER: '',
  SLACK_WEBHOOK_PARAMETER: '/iam-sentinel/bench/slack-webhook',
};

export interface BundleFigure {
  /** The function, from the zip's name. */
  readonly function: string;
  readonly zip: string;
  readonly zipBytes: number;
  /** The bundle file imported, relative to the zip's root. */
  readonly entry: string;
  /** Median wall time of `node -e "await import(entry)"`, process start to exit. */
  readonly importMs: number;
  readonly importRuns: number[];
}

/** The function packages in `dir` (empty when nothing was packaged yet). */
export async function findPackages(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names.filter((n) => n.endsWith('.zip')).sort().map((n) => join(dir, n));
}

/** Runs `npm run package` in `repo` (osls + serverless-esbuild; needs no AWS login). */
export async function packageFunctions(repo: string): Promise<void> {
  await run('npm', ['run', 'package', '--silent'], { cwd: repo, maxBuffer: 64 << 20 });
}

const IMPORTABLE = new Set(['.js', '.mjs', '.cjs']);

/** The handler bundle in an unzipped package: its only script, or the one named after the function. */
function entryOf(files: readonly string[], fn: string): string {
  const scripts = files.filter((f) => IMPORTABLE.has(extname(f)) && !f.split(/[\\/]/).includes('node_modules'));
  if (scripts.length === 1) return scripts[0];
  const named = scripts.filter((f) => basename(f, extname(f)) === fn);
  if (named.length === 1) return named[0];
  throw new Error(`cannot tell the handler bundle of ${fn} among ${scripts.join(', ') || 'no scripts'}`);
}

/**
 * Only the stubs and PATH, as in Lambda: nothing of the caller's environment
 * (an AWS_PROFILE to resolve, NODE_OPTIONS loading a TypeScript hook) leaks in.
 */
const lambdaLikeEnvironment = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT_STUBS });

/** Wall times of `runs` fresh Node processes evaluating `script` as an ES module. */
export function nodeProcessMs(script: string, runs: number, env: NodeJS.ProcessEnv = lambdaLikeEnvironment()): number[] {
  const args = ['--input-type=module', '-e', script];
  // One untimed run first: the figures should not include reading the files from disk the first time.
  execFileSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    execFileSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * A Lambda's init phase ends when the handler module has loaded; calls it
 * started keep running into the first invocation. So the clock stops when
 * the import resolves: the process exits then, and a failure of such a call
 * (there is no AWS here) is not the import's. A failing import still fails
 * the run: its rejection is the awaited one.
 */
const importScript = (url: string) => `process.on('unhandledRejection', () => {}); await import(${JSON.stringify(url)}); process.exit(0);`;

/** The same script with nothing to import: the cost of starting node itself. */
export const EMPTY_SCRIPT = `process.on('unhandledRejection', () => {}); await 0; process.exit(0);`;

/** Unzips `zip` under `workDir` and times importing its handler bundle. */
export async function measureBundle(zip: string, workDir: string, runs: number): Promise<BundleFigure> {
  const fn = basename(zip, '.zip');
  const dir = join(workDir, fn);
  await mkdir(dir, { recursive: true });
  const entry = entryOf(await unzip(zip, dir), fn);
  const url = pathToFileURL(join(dir, entry)).href;
  const importRuns = nodeProcessMs(importScript(url), runs);
  return { function: fn, zip, zipBytes: (await stat(zip)).size, entry, importMs: median(importRuns), importRuns };
}
