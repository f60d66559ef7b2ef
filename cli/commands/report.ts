/** `iam-sentinel report --html FILE`: one self-contained HTML file from the store. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CONFIG_OPTION, READ_STORE_OPTIONS, defineCommand, isoTimeProblem, options, timeOption } from '../args.js';
import { readStore } from '../context.js';
import { log } from '../io.js';
import { collectReportData, renderReport } from '../report/html.js';
import { ACCOUNT_OPTIONS, accountSelection } from './accounts.js';
import { selectAccounts } from '../../shared/pipeline/org-select.js';

export const REPORT_OPTIONS = options({
  html: { type: 'string', valueName: 'FILE', required: true, description: 'the HTML file to write (one self-contained page: open findings, trend, recent changes and detections, coverage)' },
  ...ACCOUNT_OPTIONS,
  now: { type: 'string', valueName: 'ISO', validate: isoTimeProblem, description: 'the report time: nothing later is shown, ages count from it', defaultText: 'the clock' },
  ...CONFIG_OPTION,
  ...READ_STORE_OPTIONS,
});

export const reportCommand = defineCommand({
  name: 'report',
  summary: 'write an HTML report: open findings, trend over time, recent changes and detections',
  options: REPORT_OPTIONS,
  examples: [
    { args: '--html report.html', what: 'the report of the local store (the demo fills it), to open in a browser' },
    { args: '--html out/prod.html --store aws --table iam-sentinel-prod-findings --account 123456789012', what: "one account's report from the deployed table" },
  ],
  async run(parsed, io) {
    const file = parsed.values.html;
    const now = timeOption('report', 'now', parsed.values.now) ?? new Date();
    const selection = accountSelection(parsed);
    const data = await readStore('report', parsed, io, async (store) => {
      const accounts = await selectAccounts(store, selection);
      return collectReportData(store, { now, ...(accounts ? { only: accounts } : {}) });
    });
    await mkdir(dirname(resolve(file)), { recursive: true });
    await writeFile(file, renderReport(data));
    log(io, `iam-sentinel: report written to ${resolve(file)}`);
    return 0;
  },
});
