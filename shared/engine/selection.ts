/**
 * Which checks a run evaluates: every check, or those the config's `checks`
 * key selects (include, exclude, minSeverity; the CLI's --checks,
 * --exclude-checks and --min-severity override it key by key). A check left
 * out is not evaluated at all, so the lifecycle, which only speaks for the
 * evaluation's evaluatedChecks, neither opens nor resolves its findings: a
 * partial scan keeps the history of the rest, as an input not collected does.
 */
import type { Config } from '../config/schema.js';
import { atLeast, type Check, type Severity } from '../model.js';

/**
 * collection-gap reports on the run itself (the inputs it could not read),
 * whichever checks were picked: `include` and `minSeverity` keep it, only
 * naming it in `exclude` drops it.
 */
export const RUN_CHECK_ID = 'collection-gap';

export interface CheckSelection {
  /** The candidates that run, in their order. */
  readonly selected: Check[];
  /** Ids of the candidates left out. */
  readonly notSelected: string[];
}

/** The severity a check's findings get: the config's override, else the catalog's. */
export function effectiveSeverity(check: Pick<Check, 'id' | 'severity'>, config: Pick<Config, 'severityOverrides'>): Severity {
  return config.severityOverrides[check.id] ?? check.severity;
}

/** Splits `candidates` by the config's selection; minSeverity compares the effective (overridden) severity, the one findings show. */
export function selectChecks(candidates: readonly Check[], config: Pick<Config, 'checks' | 'severityOverrides'>): CheckSelection {
  const { include, exclude, minSeverity } = config.checks;
  const selected: Check[] = [];
  const notSelected: string[] = [];
  for (const check of candidates) {
    const picked =
      !exclude.includes(check.id) &&
      (check.id === RUN_CHECK_ID ||
        ((include === undefined || include.includes(check.id)) && (minSeverity === undefined || atLeast(effectiveSeverity(check, config), minSeverity))));
    if (picked) selected.push(check);
    else notSelected.push(check.id);
  }
  return { selected, notSelected };
}

/** True when the config selects every check (nothing to say about selection). */
export function selectsEverything(config: Pick<Config, 'checks'>): boolean {
  const { include, exclude, minSeverity } = config.checks;
  return include === undefined && exclude.length === 0 && minSeverity === undefined;
}
