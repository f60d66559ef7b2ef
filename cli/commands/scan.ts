/** `iam-sentinel scan`: audit a snapshot folder or the live account. */
import { awsClients } from '../../shared/collect/clients.js';
import { UsageError } from '../../shared/errors.js';
import { atLeast } from '../../shared/model.js';
import { runScan } from '../../shared/pipeline/scan.js';
import { folderSource, liveSource } from '../../shared/pipeline/sources.js';
import { FORMATS, NOTIFY_OPTIONS, STORE_OPTIONS, oneOf, parse, severityOption, stringOption, timeOption } from '../args.js';
import { configFrom, openStore, sinksFrom, storeKindFrom } from '../context.js';
import { scanCsv, scanJson, scanTable } from '../format/scan.js';
import { log, out, printJson, stdoutStyle, type Command } from '../io.js';
import { step } from '../progress.js';
import { reportRun } from './run-report.js';
import { ORG_OPTIONS, ORG_USAGE, orgSettings, scanOrganizationCommand } from './scan-org.js';

export const scanCommand: Command = {
  name: 'scan',
  summary: 'audit IAM against the catalog (a snapshot folder, the live account, or every account of the organization)',
  usage: `iam-sentinel scan [--snapshot DIR | --live | --org] [--now ISO] [--config FILE]
                  [--format table|json|csv] [--fail-on SEVERITY]
                  [--store none|local|aws] [--data-dir DIR] [--table NAME]
                  [--notify none|console|outbox|sns] [--topic ARN]
                  ${ORG_USAGE}`,
  async run(argv, io) {
    const parsed = parse('scan', argv, {
      snapshot: { type: 'string' },
      live: { type: 'boolean' },
      now: { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string' },
      'fail-on': { type: 'string' },
      ...STORE_OPTIONS,
      ...NOTIFY_OPTIONS,
      // scan --org: every account of the organization (cli/commands/scan-org.ts)
      ...ORG_OPTIONS,
    });
    const v = parsed.values;
    const snapshotDir = stringOption(v.snapshot);
    if ([snapshotDir, v.live, v.org].filter(Boolean).length !== 1) throw new UsageError('scan: give exactly one of --snapshot DIR, --live or --org');
    orgSettings('scan', parsed);
    const format = oneOf('scan', 'format', v.format, FORMATS, 'table');
    const failOn = severityOption('scan', 'fail-on', v['fail-on']);
    const now = timeOption('scan', 'now', v.now) ?? new Date();
    if (v.org) return scanOrganizationCommand(parsed, io, { format, now, ...(failOn ? { failOn } : {}) });
    const config = await configFrom(parsed, io);
    const storeKind = storeKindFrom('scan', parsed, 'none');

    const store = await openStore('scan', parsed, io, storeKind, config);
    try {
      const sinks = sinksFrom('scan', parsed, io, store);
      const source = snapshotDir ? folderSource(snapshotDir) : liveSource(awsClients());
      const collecting = snapshotDir ? undefined : step(io, 'Collecting the live account');
      let result;
      try {
        result = await runScan({
          source,
          config,
          now,
          ...(store ? { store } : {}),
          sinks,
          onProgress: (p) => collecting?.update(`${p.input} ${p.outcome === 'gap' ? '(not collected)' : '✓'}`),
        });
        collecting?.done(`${result.evaluation.gaps.length ? `${result.evaluation.gaps.length} input(s) not collected` : 'every input collected'}`);
      } catch (e) {
        collecting?.fail(e instanceof Error ? e.message : String(e));
        throw e;
      }

      for (const e of result.inputErrors) log(io, `iam-sentinel: ${e.message}`);
      for (const g of result.evaluation.gaps) {
        if (!result.inputErrors.some((e) => g.reason.includes(e.message))) log(io, `iam-sentinel: ${g.input} not collected: ${g.reason}`);
      }
      if (format === 'json') printJson(io, scanJson(result.evaluation));
      else if (format === 'csv') out(io, scanCsv(result.evaluation));
      else out(io, scanTable(result.evaluation, stdoutStyle(io)));
      reportRun(io, result.applied, result.delivery);

      if (result.inputErrors.length > 0) return 2;
      if (failOn && result.evaluation.findings.some((f) => atLeast(f.severity, failOn))) return 1;
      return 0;
    } finally {
      await store?.close();
    }
  },
};
