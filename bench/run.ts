/**
 * `npm run bench`: every benchmark, printed as a table; with `--json`,
 * exactly one JSON document on stdout (progress goes to stderr either way).
 *
 *   npm run bench [-- --json] [--results FILE] [--no-bundles] [--no-organization]
 *
 * (npm prints its own "> script" banner on stdout: `npm run -s bench -- --json`
 * leaves the JSON document alone there.)
 *
 *   --json          the results as one JSON document (see suite.ts BenchResults)
 *   --results FILE  also write them as Markdown (bench/RESULTS.md is made this way)
 *   --no-bundles    skip packaging and the bundle figures
 *   --no-organization  skip scan --org over the emulated organization (about 2.5 minutes)
 *
 * Exit status: 0 every target met, 1 a target missed, 2 the benchmark failed.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatMarkdown, formatTable } from './report.js';
import { fullPlan, runBenchmarks } from './suite.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, results: { type: 'string' }, 'no-bundles': { type: 'boolean' }, 'no-organization': { type: 'boolean' } },
  });
  const full = fullPlan(REPO);
  const plan = values['no-organization'] ? { ...full, organization: null } : full;
  const started = Date.now();
  const results = await runBenchmarks(values['no-bundles'] ? { ...plan, bundles: null } : plan, (line) => process.stderr.write(`bench: ${line}\n`));
  process.stderr.write(`bench: done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (values.results) await writeFile(values.results, formatMarkdown(results));
  process.stdout.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : formatTable(results));
  return results.targets.some((t) => t.met === false) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
