/**
 * Entry of the peak-memory child process (peak-rss.ts bundles and runs it):
 * reads a snapshot folder and evaluates every check, as a scan does, then
 * prints its own peak resident set size as one JSON line.
 *
 *   node peak-rss-child.mjs SNAPSHOT_DIR NOW_ISO
 */
import { CHECKS } from '../shared/checks/index.js';
import { defaultConfig } from '../shared/config/schema.js';
import { evaluate } from '../shared/engine/evaluate.js';
import { readSnapshotFolder } from '../shared/snapshot/folder.js';

const [dir, nowIso] = process.argv.slice(2);
if (!dir || !nowIso) throw new Error('usage: peak-rss-child SNAPSHOT_DIR NOW_ISO');
// resourceUsage().maxRSS is in KiB.
const startRssMb = process.resourceUsage().maxRSS / 1024;
const { snapshot } = await readSnapshotFolder(dir);
const evaluation = evaluate(snapshot, CHECKS, defaultConfig, new Date(nowIso));
process.stdout.write(`${JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024, startRssMb, findings: evaluation.findings.length })}\n`);
