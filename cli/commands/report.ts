/** `iam-sentinel report --html FILE`: one self-contained HTML file from the store. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { STORE_OPTIONS, parse, stringOption, timeOption } from '../args.js';
import { readStore } from '../context.js';
import { log, type Command } from '../io.js';
import { collectReportData, renderReport } from '../report/html.js';
import { ACCOUNT_OPTIONS, ACCOUNT_USAGE, accountSelection } from './accounts.js';
import { selectAccounts } from '../../shared/pipeline/org-select.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write an HTML report: open findings, trend over time, recent changes and detections',
  usage: `iam-sentinel report --html FILE ${ACCOUNT_USAGE} [--now ISO] [--store local|aws] [--data-dir DIR] [--table NAME]`,
  async run(argv, io) {
    const parsed = parse('report', argv, { html: { type: 'string' }, now: { type: 'string' }, config: { type: 'string' }, ...STORE_OPTIONS, ...ACCOUNT_OPTIONS });
    const file = stringOption(parsed.values.html);
    if (!file) throw new UsageError('report: --html FILE is required');
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
};
