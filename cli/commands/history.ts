/** `iam-sentinel history`: what changed, when, oldest first, from the store. */
import { CONFIG_OPTION, FORMATS, READ_STORE_OPTIONS, defineCommand, formatOption, isoTimeProblem, options, timeOption } from '../args.js';
import { readStore } from '../context.js';
import { ACCOUNT_OPTIONS, accountSelection } from './accounts.js';
import { historyIn, selectAccounts } from '../../shared/pipeline/org-select.js';
import { columns, csv, paint, shortArn } from '../format/text.js';
import { out, printJson, stdoutStyle } from '../io.js';

const FIELDS = ['findingId', 'checkId', 'resource', 'change', 'at'] as const;

export const HISTORY_OPTIONS = options({
  resource: { type: 'string', valueName: 'ARN', description: 'only changes of findings on this resource', defaultText: 'every resource' },
  check: { type: 'string', valueName: 'ID', description: 'only changes of findings of this check', defaultText: 'every check' },
  since: { type: 'string', valueName: 'ISO', validate: isoTimeProblem, description: 'only changes at or after this time (the evaluation time of the run that saw them)', defaultText: 'the first' },
  until: { type: 'string', valueName: 'ISO', validate: isoTimeProblem, description: 'only changes at or before this time', defaultText: 'the last' },
  ...ACCOUNT_OPTIONS,
  ...formatOption(FORMATS, 'table (oldest first), json (exactly one document on stdout) or csv'),
  ...CONFIG_OPTION,
  ...READ_STORE_OPTIONS,
});

export const historyCommand = defineCommand({
  name: 'history',
  summary: 'the finding history: opened, resolved, reopened, suppressed…',
  options: HISTORY_OPTIONS,
  examples: [
    { args: '--resource arn:aws:iam::123456789012:user/carol.diaz', what: "everything that happened to one user's findings, oldest first" },
    { args: '--since 2026-12-01 --check access-key-age', what: 'access-key-age findings opened, resolved or reopened since 1 December' },
    { args: '--since 2026-11-01 --until 2026-11-30 --format csv', what: "November's changes as CSV, for a spreadsheet" },
  ],
  async run(parsed, io) {
    const v = parsed.values;
    const since = timeOption('history', 'since', v.since);
    const until = timeOption('history', 'until', v.until);
    const selection = accountSelection(parsed);
    const changes = await readStore('history', parsed, io, async (store) =>
      historyIn(store, await selectAccounts(store, selection), {
        ...(v.resource ? { resource: v.resource } : {}),
        ...(v.check ? { checkId: v.check } : {}),
        ...(since ? { since: since.toISOString() } : {}),
        ...(until ? { until: until.toISOString() } : {}),
      }),
    );
    const events = changes.map((c) => ({ findingId: c.findingId, checkId: c.checkId, resource: c.resource, change: c.change, at: c.at }));
    if (v.format === 'json') printJson(io, { events });
    else if (v.format === 'csv') out(io, csv(FIELDS, events.map((e) => FIELDS.map((k) => e[k]))));
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
});
