/**
 * The performance targets and how each is judged against the figures. One
 * list, so the table, the JSON and RESULTS.md all say the same thing.
 */

export interface TargetFigures {
  readonly apiCallsFullAudit10k: number;
  readonly evalMs10k: number;
  readonly parseMs10k: number;
  readonly detectEventsPerSec: number;
  readonly jsonParseEventsPerSec: number;
  readonly steadyStateHistoryWrites: number;
  readonly bundles: readonly { readonly function: string; readonly zipBytes: number }[] | null;
}

export interface TargetResult {
  readonly id: string;
  /** What is promised, in words, e.g. "< 50 calls". */
  readonly target: string;
  /** The figure it was judged on, in words. */
  readonly actual: string;
  /** null: not measured in this run. */
  readonly met: boolean | null;
}

export const TARGETS = {
  apiCallsMax: 50,
  evalMsMax: 1000,
  evalToParseMax: 2,
  detectToParseMin: 0.5,
  steadyStateHistoryWrites: 0,
  /** 1 MB read strictly as 10^6 bytes: a zip under that is under 1 MiB too. */
  zipBytesMax: 1_000_000,
} as const;

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);

export function judgeTargets(f: TargetFigures): TargetResult[] {
  const evalToParse = ratio(f.evalMs10k, f.parseMs10k);
  const detectToParse = ratio(f.detectEventsPerSec, f.jsonParseEventsPerSec);
  const results: TargetResult[] = [
    {
      id: 'api-calls-10k',
      target: `< ${TARGETS.apiCallsMax} API calls for a full audit of 10k users`,
      actual: `${f.apiCallsFullAudit10k} calls`,
      met: f.apiCallsFullAudit10k < TARGETS.apiCallsMax,
    },
    {
      id: 'eval-10k',
      target: `evaluation of 10k users < ${TARGETS.evalMsMax} ms`,
      actual: `${f.evalMs10k.toFixed(0)} ms`,
      met: f.evalMs10k < TARGETS.evalMsMax,
    },
    {
      id: 'eval-vs-parse-10k',
      target: `evaluation ≤ ${TARGETS.evalToParseMax}× snapshot parse time`,
      actual: `${evalToParse.toFixed(2)}× (${f.evalMs10k.toFixed(0)} ms vs ${f.parseMs10k.toFixed(0)} ms)`,
      met: evalToParse <= TARGETS.evalToParseMax,
    },
    {
      id: 'detect-vs-json-parse',
      target: `detection ≥ ${TARGETS.detectToParseMin}× JSON.parse speed`,
      actual: `${detectToParse.toFixed(2)}×`,
      met: detectToParse >= TARGETS.detectToParseMin,
    },
    {
      id: 'steady-state-history',
      target: `${TARGETS.steadyStateHistoryWrites} history writes on an unchanged rescan`,
      actual: `${f.steadyStateHistoryWrites} rows`,
      met: f.steadyStateHistoryWrites === TARGETS.steadyStateHistoryWrites,
    },
  ];
  if (f.bundles === null) {
    results.push({ id: 'zip-size', target: `each function zip < 1 MB (${TARGETS.zipBytesMax} bytes)`, actual: 'not measured', met: null });
  } else {
    for (const b of f.bundles) {
      results.push({
        id: `zip-size:${b.function}`,
        target: `${b.function}.zip < 1 MB (${TARGETS.zipBytesMax} bytes)`,
        actual: `${b.zipBytes} bytes`,
        met: b.zipBytes < TARGETS.zipBytesMax,
      });
    }
  }
  return results;
}
