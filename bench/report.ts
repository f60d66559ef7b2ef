/**
 * The results as people read them: a plain-text table for the terminal and
 * the Markdown of bench/RESULTS.md. Both are built from the same rows.
 */
import type { BenchResults } from './suite.js';
import type { TargetResult } from './targets.js';

type Row = readonly string[];

const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const thousands = (n: number) => n.toLocaleString('en-US');
const perSec = (n: number) => `${thousands(n)} events/s`;
const verdict = (t: TargetResult | undefined) => (t === undefined || t.met === null ? '' : t.met ? 'yes' : 'NO');

function rows(r: BenchResults): Row[] {
  const target = (id: string) => r.targets.find((t) => t.id === id);
  const d = r.details;
  const L = d.largeAccount;
  const evalTarget = target('eval-10k');
  const ratioTarget = target('eval-vs-parse-10k');
  const detectTarget = target('detect-vs-json-parse');
  const out: Row[] = [
    [`API calls, full live audit (${L} users, ${L} roles)`, String(r.apiCallsFullAudit10k), '< 50', verdict(target('api-calls-10k'))],
    [`API calls, per-user approach (${L})`, thousands(r.perUserApproachCalls10k), 'for comparison', ''],
    [`Evaluate every check (${L}, median of ${d.evaluation.rounds})`, ms(r.evalMs10k), '< 1000 ms', verdict(evalTarget)],
    [`Read + parse + normalize snapshot (${L}, median of ${d.evaluation.rounds})`, ms(r.parseMs10k), '', ''],
    ['  evaluation / parse', ratioTarget?.actual.split(' ')[0] ?? '', '≤ 2×', verdict(ratioTarget)],
    [`  privilege-escalation alone (${L}, ${thousands(d.evaluation.escalationPaths)} paths, effective permissions included)`, ms(r.escalationMs10k), '', ''],
    [`  same on ${d.smallAccountEvaluation.account}: evaluate / read + parse`, `${ms(d.smallAccountEvaluation.evalMs)} / ${ms(d.smallAccountEvaluation.parseMs)}`, '', ''],
    [`Peak RSS, read + evaluate ${L} (child process, median of ${d.peakRss.rounds})`, `${r.peakRssMb10k.toFixed(0)} MB`, '', ''],
    [`Detection: parse + validate + detect (${thousands(d.detection.records)} records, median of ${d.detection.rounds})`, perSec(r.detectEventsPerSec), '≥ 0.5× JSON.parse', verdict(detectTarget)],
    ['JSON.parse of the same log file', perSec(r.jsonParseEventsPerSec), '', ''],
    ['  detection / JSON.parse', detectTarget?.actual ?? '', '≥ 0.5×', ''],
    [`History rows, second identical scan (${d.steadyStateAccount}, DynamoDB Local, 1 run)`, String(r.steadyStateHistoryWrites), '0', verdict(target('steady-state-history'))],
    [`History rows, first scan (${d.steadyStateAccount})`, thousands(r.firstScanWrites), '', ''],
  ];
  if (r.bundles === null) {
    out.push(['Function bundles', 'not measured', '< 1 MB each', '']);
  } else {
    const rounds = d.bundles?.rounds ?? 0;
    for (const b of r.bundles) {
      out.push([`${b.function}.zip size`, kb(b.zipBytes), '< 1 MB', verdict(target(`zip-size:${b.function}`))]);
      out.push([`  ${b.function}: node start + import bundle (median of ${rounds})`, ms(b.importMs), '', '']);
    }
    out.push([`Empty node process start (median of ${rounds})`, ms(r.emptyNodeStartMs ?? 0), '', '']);
  }
  return out;
}

/** `scan --org` over the emulated organization: the whole against one account alone. */
function organizationRows(r: BenchResults): Row[] {
  const o = r.organization;
  if (!o) return [];
  const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
  return [
    [`One account alone (${o.users} users, ${o.users} roles; median of ${o.oneAccountRuns.length})`, seconds(o.oneAccountMs), ''],
    ...o.runs.map((run): Row => [`${o.accounts} accounts, --concurrency ${run.concurrency}`, seconds(run.ms), `${(run.ms / o.oneAccountMs).toFixed(1)}× one account`]),
    ['API calls per account', o.callsPerAccount.min === o.callsPerAccount.max ? String(o.callsPerAccount.min) : `${o.callsPerAccount.min}–${o.callsPerAccount.max}`, ''],
  ];
}

function accountLines(r: BenchResults): Row[] {
  return Object.entries(r.accounts).map(([label, a]) => [
    label,
    `${thousands(a.users)} users, ${thousands(a.roles)} roles, ${thousands(a.policies)} customer managed policies, ${a.groups} groups`,
    mb(a.snapshotBytes),
  ]);
}

function machineLine(r: BenchResults): string {
  const m = r.machine;
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}; ${r.date}`;
}

function pad(rows: readonly Row[]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

export function formatTable(r: BenchResults): string {
  const missed = r.targets.filter((t) => t.met === false);
  return [
    `iam-sentinel benchmarks: ${machineLine(r)}`,
    '',
    'Synthetic accounts',
    ...pad(accountLines(r)).map((l) => `  ${l}`),
    '',
    ...pad([['measure', 'figure', 'target', 'met'], ...rows(r)]),
    '',
    ...(r.organization ? ['Organization (scan --org, emulated latency)', ...pad([['measure', 'wall time', 'against one account'], ...organizationRows(r)]).map((l) => `  ${l}`), ''] : []),
    missed.length === 0 ? 'Every target met.' : `Targets missed: ${missed.map((t) => `${t.target} (${t.actual})`).join('; ')}`,
    '',
  ].join('\n');
}

/** Markdown trims a cell's leading spaces: a sub-row gets an arrow instead. */
const cell = (s: string) => s.replace(/^ +/, '↳ ').replace(/\|/g, '\\|');

export function formatMarkdown(r: BenchResults): string {
  const d = r.details;
  const table = (header: Row, body: readonly Row[]) => [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...body.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return [
    '# Benchmark results',
    '',
    `Taken with \`npm run bench\` on ${r.date.slice(0, 10)}.`,
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB memory, Node ${r.machine.node}, ${r.machine.os}.`,
    '',
    '## Synthetic accounts',
    '',
    'Generated by `bench/generate-account.ts` (deterministic, seed 1) and written as snapshot folders.',
    '',
    ...table(['account', 'entities', 'snapshot size'], accountLines(r)),
    '',
    '## Figures',
    '',
    ...table(['measure', 'figure', 'target', 'met'], rows(r)),
    '',
    ...(r.organization
      ? [
          '## Organization (`scan --org`)',
          '',
          ...table(['measure', 'wall time', 'against one account'], organizationRows(r)),
          '',
        ]
      : []),
    '## How they were taken',
    '',
    `- **API calls**: \`collectAccount\` against aws-sdk-client-mock serving the ${d.largeAccount} account at IAM's real page sizes (MaxItems default 100, maximum 1000; more is rejected), the credential report answering STARTED once, then COMPLETE. Counted per operation: ${Object.entries(d.apiCallsByOperation10k).map(([op, n]) => `${op} ${n}`).join(', ')}. The count is deterministic, so one run.`,
    `- **Per-user approach**: ${d.perUserApproachFormula}. A lower bound: fetching inline policy documents and managed policy versions would add more.`,
    `- **Evaluation and parse**: each round reads the folder afresh (read + JSON.parse + schema validation + normalization), then runs all ${d.checksEvaluated} checks on it (${thousands(d.findings10k)} findings); the checks memoize per snapshot, so evaluating one snapshot twice would time the memo. privilege-escalation is then timed alone on the folder read again: the effective permissions of every principal and the breadth-first search (its cost within the full evaluation is less, since admin-principal and privileged-user-no-mfa share the permissions). Runs (ms): parse ${d.evaluation.parseMsRuns.join(', ')}; evaluate ${d.evaluation.evalMsRuns.join(', ')}; privilege-escalation alone ${d.evaluation.escalationMsRuns.join(', ')}.`,
    `- **Peak RSS**: ${d.peakRss.what}, bundled with esbuild and run by plain node; \`process.resourceUsage().maxRSS\`. The process holds ${d.peakRss.loadedRssMb.toFixed(0)} MB once the code is loaded. Runs (MB): ${d.peakRss.runsMb.join(', ')}.`,
    `- **Detection**: ${thousands(d.detection.records)} records from \`bench/generate-events.ts\` as one CloudTrail log file in memory (${mb(d.detection.serializedBytes)}), ${thousands(d.detection.detections)} detections. JSON.parse alone vs JSON.parse + record validation + every rule, rounds alternating. Runs (ms): JSON.parse ${d.detection.jsonParseMsRuns.join(', ')}; detect ${d.detection.detectMsRuns.join(', ')}.`,
    `- **Steady state**: \`runScan\` of the ${d.steadyStateAccount} snapshot twice, same time, against an in-memory DynamoDB Local; items written by kind, first scan: ${kinds(d.steadyState.firstScan)} (${(d.steadyState.firstScanMs / 1000).toFixed(1)} s); second: ${kinds(d.steadyState.secondScan)} (${(d.steadyState.secondScanMs / 1000).toFixed(1)} s). One run: the figures are counts, not times.`,
    d.bundles
      ? `- **Bundles**: each \`.serverless/*.zip\` from \`npm run package\`, unzipped; wall time of a fresh \`node --input-type=module -e "await import(bundle); process.exit(0)"\`, process start to exit, after one untimed warm-up run. The environment holds only stubs (region, credentials, table, topic, Slack parameter name) with every AWS endpoint pointed at a closed local port: notify-slack starts fetching its SSM parameter during init, as middy's prefetch intends, and the clock stops when the import resolves, as Lambda's init phase does. Runs (ms): ${Object.entries(d.bundles.importMsRuns).map(([fn, runs]) => `${fn} ${runs.join(', ')}`).join('; ')}; empty node ${d.bundles.emptyNodeMsRuns.join(', ')}.`
      : '- **Bundles**: not measured in this run.',
    r.organization
      ? `- **Organization**: \`scanOrganization\` (what \`scan --org\` runs) over ${r.organization.accounts} generated accounts of ${r.organization.users} users, ${r.organization.users} roles and ${Math.max(20, Math.floor(r.organization.users / 2))} customer managed policies each (a different seed each: ${thousands(r.organization.findings)} findings in all), each served by its own mocked IAM and CloudTrail clients answering every call after ${r.organization.latencyMs} ms, AssumeRole after ${r.organization.assumeRoleMs} ms, the credential report STARTED once then COMPLETE (the collector's real backoff waits between the two), no store. Calls are serial within an account, so an account's time is its calls' latency and that wait; accounts overlap up to --concurrency, until one Node.js thread parsing and evaluating every account is the limit. Calls per account: ${Object.entries(r.organization.callsPerAccount.byOperation).map(([op, n]) => `${op} ${n}`).join(', ')}. One account alone, runs (ms): ${r.organization.oneAccountRuns.join(', ')}.`
      : '- **Organization**: not measured in this run.',
    '',
  ].join('\n');
}

function kinds(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${thousands(n)}`)
    .join(', ') || 'nothing';
}
