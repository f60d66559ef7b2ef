/**
 * Check and rule ids named in a config must exist: a misspelt id in
 * `severityOverrides`, `suppressions[].checkId` or `notify.always` would
 * otherwise do nothing, silently. The known ids are read from the catalog
 * lists when a config is validated, so a check or rule added to them is
 * known at once. (Only load.ts imports this module; schema.ts stays free of
 * the catalog, which itself reads config types.)
 */
import { CHECKS } from '../checks/index.js';
import { DETECTION_RULES } from '../detections/index.js';

export function knownIds(): ReadonlySet<string> {
  return new Set([...CHECKS.map((c) => c.id), ...DETECTION_RULES.map((r) => r.id)]);
}

export interface UnknownId {
  readonly path: readonly (string | number)[];
  readonly id: string;
  /** The known id it is closest to, when one is close. */
  readonly suggestion?: string;
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_v, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

function suggest(id: string, known: ReadonlySet<string>): string | undefined {
  let best: { id: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(id, k);
    if (!best || d < best.d) best = { id: k, d };
  }
  return best && best.d <= Math.max(2, Math.floor(id.length / 4)) ? best.id : undefined;
}

/** The unknown ids a (schema-valid) config input names, in file order. */
export function unknownIds(input: unknown, known: ReadonlySet<string> = knownIds()): UnknownId[] {
  const found: UnknownId[] = [];
  const check = (path: (string | number)[], id: unknown) => {
    if (typeof id !== 'string' || known.has(id)) return;
    const suggestion = suggest(id, known);
    found.push({ path, id, ...(suggestion ? { suggestion } : {}) });
  };
  const config = (input ?? {}) as { severityOverrides?: Record<string, unknown>; suppressions?: { checkId?: unknown }[]; notify?: { always?: unknown[] } };
  for (const id of Object.keys(config.severityOverrides ?? {})) check(['severityOverrides', id], id);
  (config.suppressions ?? []).forEach((s, i) => {
    if (s?.checkId !== '*') check(['suppressions', i, 'checkId'], s?.checkId);
  });
  (config.notify?.always ?? []).forEach((id, i) => check(['notify', 'always', i], id));
  return found;
}
