/** `iam-sentinel history`: what changed, when, oldest first, from the store. */
import { FORMATS, STORE_OPTIONS, oneOf, parse, stringOption, timeOption } from '../args.js';
import { readStore } from '../context.js';
import { ACCOUNT_OPTIONS, ACCOUNT_USAGE, accountSelection } from './accounts.js';
import { historyIn, selectAccounts } from '../../shared/pipeline/org-select.js';
import { columns, csv, paint, shortArn } from '../format/text.js';
import { out, printJson, stdoutStyle, type Command } from '../io.js';

const FIELDS = ['findingId', 'checkId', 'resource', 'change', 'at'] as const;

export const historyCommand: Command = {
  name: 'history',
  summary: 'the finding history: opened, resolved, reopened, suppressed…',
  usage: `iam-sentinel history [--resource ARN] [--check ID] [--since ISO] [--until ISO] ${ACCOUNT_USAGE}
                     [--format table|json|csv] [--store local|aws] [--data-dir DIR] [--table NAME]`,
  async run(argv, io) {
    const parsed = parse('history', argv, {
      resource: { type: 'string' },
      check: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      format: { type: 'string' },
      config: { type: 'string' },
      ...STORE_OPTIONS,
      ...ACCOUNT_OPTIONS,
    });
    const v = parsed.values;
    const selection = accountSelection(parsed);
    const format = oneOf('history', 'format', v.format, FORMATS, 'table');
    const since = timeOption('history', 'since', v.since);
    const until = timeOption('history', 'until', v.until);
    const changes = await readStore('history', parsed, io, async (store) =>
      historyIn(store, await selectAccounts(store, selection), {
        ...(stringOption(v.resource) ? { resource: stringOption(v.resource) } : {}),
        ...(stringOption(v.check) ? { checkId: stringOption(v.check) } : {}),
        ...(since ? { since: since.toISOString() } : {}),
        ...(until ? { until: until.toISOString() } : {}),
      }),
    );
    const events = changes.map((c) => ({ findingId: c.findingId, checkId: c.checkId, resource: c.resource, change: c.change, at: c.at }));
    if (format === 'json') printJson(io, { events });
    else if (format === 'csv') out(io, csv(FIELDS, events.map((e) => FIELDS.map((k) => e[k]))));
    else {
      const style = stdoutStyle(io);
      out(
        io,
        events.length === 0
          ? paint(style, 'No history in the store for this selection.', 'dim')
          : columns(style, ['at', 'change', 'check resource'], changes.map((c) => [c.at.replace(/\.000Z$/, 'Z'), c.change, `${c.checkId} ${shortArn(c.resource)}${c.qualifier ? ` (${c.qualifier})` : ''}`])),
      );
    }
    return 0;
  },
};
