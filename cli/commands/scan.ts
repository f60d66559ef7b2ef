/** `iam-sentinel scan`: audit a snapshot folder or the live account. */
import { awsClients } from '../../shared/collect/clients.js';
import { atLeast } from '../../shared/model.js';
import { runScan } from '../../shared/pipeline/scan.js';
import { folderSource, liveSource } from '../../shared/pipeline/sources.js';
import { CONFIG_OPTION, FAIL_ON_OPTION, FORMATS, type Format, NOTIFY_OPTIONS, REPLAY_OPTION, STORE_OPTIONS, TIME_OPTION, defineCommand, formatOption, options, timeOption } from '../args.js';
import { CHECK_SELECTION_OPTIONS, withCheckSelection } from '../check-selection.js';
import { configFrom, openStore, replayFrom, sinksFrom, storeKindFrom } from '../context.js';
import { SCAN_EXPORT_FORMATS, asffRegion, scanAsff, scanJunit, scanOcsf } from '../format/export.js';
import { assertNotPastClock } from '../../shared/findings/clock.js';
import { scanCsv, scanJson, scanTable } from '../format/scan.js';
import { log, out, printJson, stdoutStyle } from '../io.js';
import { step } from '../progress.js';
import { reportRun } from './run-report.js';
import { ORG_FORMATS, ORG_OPTIONS, orgSettings, scanOrganizationCommand } from './scan-org.js';
import { UsageError } from '../../shared/errors.js';

export const SCAN_OPTIONS = options({
  snapshot: { type: 'string', valueName: 'DIR', group: 'source', required: true, description: 'the snapshot folder to scan (AWS CLI output files, README "Snapshot folder")' },
  live: { type: 'boolean', group: 'source', description: 'scan the account of the current AWS credentials instead (read-only calls, README "Scanning a live account")' },
  ...ORG_OPTIONS,
  ...TIME_OPTION,
  ...CONFIG_OPTION,
  ...formatOption([...FORMATS, ...SCAN_EXPORT_FORMATS], 'table (grouped by severity, fits 80 columns), json (exactly one document on stdout), csv (one row per finding), ocsf (OCSF 1.3.0 Compliance Findings), asff (Security Hub findings; needs an AWS Region) or junit (JUnit XML for CI test reporters)'),
  ...FAIL_ON_OPTION,
  ...CHECK_SELECTION_OPTIONS,
  ...STORE_OPTIONS,
  ...REPLAY_OPTION,
  ...NOTIFY_OPTIONS,
});

export const scanCommand = defineCommand({
  name: 'scan',
  summary: 'audit IAM against the catalog (a snapshot folder, the live account, or every account of the organization)',
  options: SCAN_OPTIONS,
  examples: [
    { args: '--snapshot examples/demo-account --now 2026-11-20T12:00:00Z', what: "audit the demo account's snapshot as it stood on 20 November 2026, as a table grouped by severity" },
    { args: '--live --checks root-access-key,root-mfa,user-console-no-mfa --fail-on high', what: 'a CI gate on the live account: only these three checks, exit 1 on any high or critical finding' },
    { args: '--org --concurrency 16 --store local --format json', what: 'every ACTIVE account of the organization through its iam-sentinel-audit role (management or delegated administrator credentials)' },
  ],
  async run(parsed, io) {
    const v = parsed.values;
    const orgSettingsGiven = orgSettings('scan', parsed);
    const region = v.format === 'asff' ? await asffRegion('scan') : undefined;
    const now = timeOption('scan', 'now', v.now) ?? new Date();
    const config = withCheckSelection(await configFrom(parsed, io), v);
    const storeKind = storeKindFrom('scan', parsed, 'none');
    const replay = replayFrom(parsed);
    // Refused before the store opens and anything is collected: one mistyped --now must not freeze the history.
    if (storeKind !== 'none') assertNotPastClock('scan: --now', now, { replay });
    if (v.org) {
      if (!ORG_FORMATS.includes(v.format as (typeof ORG_FORMATS)[number])) throw new UsageError(`scan: --format ${v.format} is not available with --org (use ${ORG_FORMATS.join(', ')})`);
      return scanOrganizationCommand(parsed, io, orgSettingsGiven, { config, format: v.format as Format, now, ...(v['fail-on'] ? { failOn: v['fail-on'] } : {}) });
    }

    const store = await openStore('scan', parsed, io, storeKind, config);
    try {
      const sinks = sinksFrom('scan', parsed, io, store);
      const source = v.snapshot ? folderSource(v.snapshot) : liveSource(awsClients());
      const collecting = v.snapshot ? undefined : step(io, 'Collecting the live account');
      let result;
      try {
        result = await runScan({
          source,
          config,
          now,
          ...(store ? { store } : {}),
          sinks,
          replay,
          onProgress: (p) => collecting?.update(`${p.input} ${p.outcome === 'gap' ? '(not collected)' : '✓'}`),
        });
        collecting?.done(`${result.evaluation.gaps.length ? `${result.evaluation.gaps.length} input(s) not collected` : 'every input collected'}`);
      } catch (e) {
        collecting?.fail(e instanceof Error ? e.message : String(e));
        throw e;
      }

      for (const e of result.inputErrors) log(io, `iam-sentinel: ${e.message}`);
      for (const n of result.raw.notes ?? []) log(io, `iam-sentinel: ${n.input}: ${n.message}`);
      // A bad file was just named with its places; every other gap (missing, denied, cut) gets its own line.
      const named = new Set(result.inputErrors.map((e) => e.input));
      for (const g of result.evaluation.gaps) if (!named.has(g.input)) log(io, `iam-sentinel: ${g.input} not collected: ${g.reason}`);
      if (v.format === 'json') printJson(io, scanJson(result.evaluation));
      else if (v.format === 'csv') out(io, scanCsv(result.evaluation));
      else if (v.format === 'ocsf') out(io, scanOcsf(result.evaluation));
      else if (v.format === 'asff') out(io, scanAsff(result.evaluation, region!));
      else if (v.format === 'junit') out(io, scanJunit(result.evaluation));
      else out(io, scanTable(result.evaluation, stdoutStyle(io)));
      reportRun(io, result.applied, result.delivery);

      if (result.inputErrors.length > 0) return 2;
      const failOn = v['fail-on'];
      if (failOn && result.evaluation.findings.some((f) => atLeast(f.severity, failOn))) return 1;
      return 0;
    } finally {
      await store?.close();
    }
  },
});
