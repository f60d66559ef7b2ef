/** `iam-sentinel detect`: the real-time rules over CloudTrail files, once per event. */
import { readEvents } from '../../shared/detections/read-events.js';
import { UsageError } from '../../shared/errors.js';
import { atLeast, type Detection } from '../../shared/model.js';
import { runEvents } from '../../shared/pipeline/events.js';
import { FORMATS, NOTIFY_OPTIONS, STORE_OPTIONS, oneOf, parse, severityOption } from '../args.js';
import { configFrom, openStore, replayFrom, sinksFrom, storeKindFrom } from '../context.js';
import { MAX_AHEAD_OF_CLOCK_MS } from '../../shared/findings/clock.js';
import { columns, csv, paint, paintSeverity, shortArn } from '../format/text.js';
import { log, out, printJson, stdoutStyle, type Command } from '../io.js';
import { reportRun } from './run-report.js';

const FIELDS = ['ruleId', 'severity', 'eventId', 'eventName', 'eventTime', 'actor', 'sourceIp', 'resource', 'message'] as const;

export const detectCommand: Command = {
  name: 'detect',
  summary: 'run the real-time detection rules over CloudTrail files or folders',
  usage: `iam-sentinel detect --events PATH... [--format table|json|csv] [--config FILE]
                    [--fail-on SEVERITY] [--store none|local|aws] [--data-dir DIR]
                    [--table NAME] [--notify none|console|outbox|sns] [--topic ARN] [--replay]`,
  async run(argv, io) {
    const parsed = parse(
      'detect',
      argv,
      {
        events: { type: 'string', multiple: true },
        format: { type: 'string' },
        config: { type: 'string' },
        'fail-on': { type: 'string' },
        ...STORE_OPTIONS,
        ...NOTIFY_OPTIONS,
        // Replay history on purpose: with a store, accept events dated more than a day past the clock.
        replay: { type: 'boolean' },
      },
      true,
    );
    const v = parsed.values;
    // `--events a b c`: parseArgs takes `a` as the value and leaves b, c as positionals.
    const paths = [...((v.events as string[] | undefined) ?? []), ...parsed.positionals];
    if (paths.length === 0) throw new UsageError('detect: --events PATH... is required (CloudTrail files or folders)');
    const format = oneOf('detect', 'format', v.format, FORMATS, 'table');
    const failOn = severityOption('detect', 'fail-on', v['fail-on']);
    const config = await configFrom(parsed, io);
    const { records, errors } = await readEvents(paths);
    for (const e of errors) log(io, `iam-sentinel: ${e.message}`);

    const store = await openStore('detect', parsed, io, storeKindFrom('detect', parsed, 'none'), config);
    try {
      const sinks = sinksFrom('detect', parsed, io, store);
      const now = new Date();
      // With a store, an event dated more than a day past the clock is refused (unless --replay): it would date the history into the future.
      const latestEventTime = store && !replayFrom(parsed) ? new Date(now.getTime() + MAX_AHEAD_OF_CLOCK_MS) : undefined;
      const result = await runEvents({ records, malformed: errors.length, config, now, ...(store ? { store } : {}), sinks, ...(latestEventTime ? { latestEventTime } : {}) });
      for (const r of result.refused) {
        log(io, `iam-sentinel: event ${r.eventID} (${r.eventName}): eventTime ${r.eventTime} is more than a day past the clock (${now.toISOString()}); not stored (pass --replay to replay history)`);
      }
      const detections = result.detections.map((d) => Object.fromEntries(FIELDS.map((k) => [k, d[k]])) as unknown as Detection);
      if (format === 'json') printJson(io, { detections, summary: result.summary });
      else if (format === 'csv') out(io, csv(FIELDS, detections.map((d) => FIELDS.map((k) => d[k]))));
      else out(io, detectTable(detections, result.summary, io));
      reportRun(io, undefined, result.delivery, result.newDetections ? [`${result.newDetections.length} new detection(s) stored`] : []);
      if (errors.length > 0 || result.refused.length > 0) return 2;
      if (failOn && detections.some((d) => atLeast(d.severity, failOn))) return 1;
      return 0;
    } finally {
      await store?.close();
    }
  },
};

function detectTable(detections: readonly Detection[], summary: { events: number; skipped: number; errors: number; failedConsoleLogins?: number }, io: Parameters<typeof stdoutStyle>[0]): string {
  const style = stdoutStyle(io);
  const head = `${summary.events} event(s), ${detections.length} detection(s); ${summary.skipped} duplicate(s) skipped, ${summary.errors} malformed` +
    (summary.failedConsoleLogins ? `, ${summary.failedConsoleLogins} failed console sign-in(s)` : '');
  if (detections.length === 0) return `${paint(style, head, 'bold')}\n${paint(style, 'No detections.', 'green')}\n`;
  const rows = detections.map((d) => [d.eventTime.replace(/\.\d+Z$/, 'Z'), paintSeverity(style, d.severity, d.severity.toUpperCase().padEnd(8)), d.ruleId, `${shortArn(d.actor)}: ${d.message}`]);
  return `${paint(style, head, 'bold')}\n\n` + columns(style, ['time', 'severity', 'rule', 'what'], rows);
}
