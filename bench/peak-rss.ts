/**
 * Peak memory of reading and evaluating one account, measured in a child
 * process of its own so nothing else the benchmark holds (other accounts,
 * 100k events) counts. The child is bundled with esbuild first and run by
 * plain node: a TypeScript loader would add its own memory to the figure.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);

export interface PeakRss {
  /** Peak resident set size of the whole child process, MB. */
  readonly peakRssMb: number;
  /** Peak RSS once the code was loaded, before any work: the floor of the figure above. */
  readonly startRssMb: number;
  readonly findings: number;
}

/** Bundles the child into `workDir`; returns the file to run. */
export async function bundlePeakRssChild(workDir: string): Promise<string> {
  const outfile = join(workDir, 'peak-rss-child.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./peak-rss-child.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}

export async function measurePeakRss(childFile: string, snapshotDir: string, now: Date): Promise<PeakRss> {
  // NODE_OPTIONS cleared: a hook inherited from the caller (a TypeScript loader) would count in the figure.
  const { stdout } = await run(process.execPath, [childFile, snapshotDir, now.toISOString()], { maxBuffer: 1 << 20, env: { ...process.env, NODE_OPTIONS: '' } });
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '') as PeakRss;
  if (typeof result.peakRssMb !== 'number') throw new Error(`peak-rss child printed no figure: ${stdout}`);
  return result;
}
