/** `iam-sentinel report --html FILE`: one self-contained HTML file from the store. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { STORE_OPTIONS, parse, stringOption, timeOption } from '../args.js';
import { readStore } from '../context.js';
import { log, type Command } from '../io.js';
import { collectReportData, renderReport } from '../report/html.js';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write an HTML report: open findings, trend over time, recent changes and detections',
  usage: 'iam-sentinel report --html FILE [--account ID] [--now ISO] [--store local|aws] [--data-dir DIR] [--table NAME]',
  async run(argv, io) {
    const parsed = parse('report', argv, { html: { type: 'string' }, account: { type: 'string' }, now: { type: 'string' }, config: { type: 'string' }, ...STORE_OPTIONS });
    const file = stringOption(parsed.values.html);
    if (!file) throw new UsageError('report: --html FILE is required');
    const now = timeOption('report', 'now', parsed.values.now) ?? new Date();
    const account = stringOption(parsed.values.account);
    const data = await readStore('report', parsed, io, (store) => collectReportData(store, { now, ...(account ? { account } : {}) }));
    await mkdir(dirname(resolve(file)), { recursive: true });
    await writeFile(file, renderReport(data));
    log(io, `iam-sentinel: report written to ${resolve(file)}`);
    return 0;
  },
};
