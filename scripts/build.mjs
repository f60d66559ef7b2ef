#!/usr/bin/env node
// Builds the CLI into dist/ with esbuild (one ESM file; dependencies stay in
// node_modules). Runs from `prepare`, so `npm ci` leaves `npx iam-sentinel` ready.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
