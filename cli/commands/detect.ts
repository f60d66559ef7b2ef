/** `iam-sentinel detect`: the real-time rules over CloudTrail files, once per event. */
import { readEvents } from '../../shared/detections/read-events.js';
import { atLeast, type Detection } from '../../shared/model.js';
import { runEvents } from '../../shared/pipeline/events.js';
import { CONFIG_OPTION, FAIL_ON_OPTION, FORMATS, NOTIFY_OPTIONS, REPLAY_OPTION, STORE_OPTIONS, defineCommand, formatOption, options } from '../args.js';
import { configFrom, openStore, replayFrom, sinksFrom, storeKindFrom } from '../context.js';
import { DETECT_EXPORT_FORMATS, asffRegion, detectionsAsff, detectionsOcsf } from '../format/export.js';
import { MAX_AHEAD_OF_CLOCK_MS } from '../../shared/findings/clock.js';
import { columns, csv, paint, paintSeverity, shortArn } from '../format/text.js';
import { log, out, printJson, stdoutStyle } from '../io.js';
import { reportRun } from './run-report.js';

const FIELDS = ['ruleId', 'severity', 'eventId', 'eventName', 'eventTime', 'actor', 'sourceIp', 'resource', 'message'] as const;

export const DETECT_OPTIONS = options({
  events: {
    type: 'string',
    positionals: true,
    valueName: 'PATH',
    required: true,
    description: 'CloudTrail files or folders (read recursively): log files, single records, EventBridge envelopes, arrays or JSON lines, .json/.jsonl/.ndjson, gzipped or not',
  },
  ...formatOption([...FORMATS, ...DETECT_EXPORT_FORMATS], 'table (one line per detection), json (exactly one document on stdout), csv (one row per detection), ocsf (OCSF 1.3.0 Detection Findings) or asff (Security Hub findings; needs an AWS Region)'),
  ...CONFIG_OPTION,
  ...FAIL_ON_OPTION,
  ...STORE_OPTIONS,
  ...REPLAY_OPTION,
  ...NOTIFY_OPTIONS,
});

export const detectCommand = defineCommand({
  name: 'detect',
  summary: 'run the real-time detection rules over CloudTrail files or folders',
  options: DETECT_OPTIONS,
  examples: [
    { args: '--events examples/demo-events', what: 'every demo CloudTrail event through the rules, as a table' },
    { args: '--events cloudtrail/2026/11/ --format json --fail-on critical', what: 'a folder of CloudTrail log files as one JSON document; exit 1 on any critical detection' },
    { args: '--events examples/demo-events --store local --notify console', what: 'store the detections and alert once per CloudTrail event, however often it is read' },
  ],
  async run(parsed, io) {
    // `--events a b c`: parseArgs takes `a` as the value and leaves b, c as positionals; parse() adds them to events.
    const { events: paths, format, 'fail-on': failOn } = parsed.values;
    const region = format === 'asff' ? await asffRegion('detect') : undefined;
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
      const accountOf = (d: Detection) => result.accountByEvent.get(d.eventId) ?? 'unknown';
      if (format === 'json') printJson(io, { detections, summary: result.summary });
      else if (format === 'csv') out(io, csv(FIELDS, detections.map((d) => FIELDS.map((k) => d[k]))));
      else if (format === 'ocsf') out(io, detectionsOcsf(detections, accountOf));
      else if (format === 'asff') out(io, detectionsAsff(detections, accountOf, region!));
      else out(io, detectTable(detections, result.summary, io));
      reportRun(io, undefined, result.delivery, result.newDetections ? [`${result.newDetections.length} new detection(s) stored`] : []);
      if (errors.length > 0 || result.refused.length > 0) return 2;
      if (failOn && detections.some((d) => atLeast(d.severity, failOn))) return 1;
      return 0;
    } finally {
      await store?.close();
    }
  },
});

function detectTable(detections: readonly Detection[], summary: { events: number; skipped: number; errors: number; failedConsoleLogins?: number }, io: Parameters<typeof stdoutStyle>[0]): string {
  const style = stdoutStyle(io);
  const head = `${summary.events} event(s), ${detections.length} detection(s); ${summary.skipped} duplicate(s) skipped, ${summary.errors} malformed` +
    (summary.failedConsoleLogins ? `, ${summary.failedConsoleLogins} failed console sign-in(s)` : '');
  if (detections.length === 0) return `${paint(style, head, 'bold')}\n${paint(style, 'No detections.', 'green')}\n`;
  const rows = detections.map((d) => [d.eventTime.replace(/\.\d+Z$/, 'Z'), paintSeverity(style, d.severity, d.severity.toUpperCase().padEnd(8)), d.ruleId, `${shortArn(d.actor)}: ${d.message}`]);
  return `${paint(style, head, 'bold')}\n\n` + columns(style, ['time', 'severity', 'rule', 'what'], rows);
}
