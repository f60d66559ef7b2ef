/**
 * Check selection on the command line: --checks, --exclude-checks and
 * --min-severity, one option group for every command that runs checks
 * (scan over a snapshot or the live account, and over an organization).
 * Each flag given replaces its config key (checks.include, checks.exclude,
 * checks.minSeverity); evaluate() applies the result wherever checks run
 * (shared/engine/selection.ts), so findings of checks left out are neither
 * opened nor resolved.
 */
import { checkIdProblem } from '../shared/catalog.js';
import type { Config } from '../shared/config/schema.js';
import { SEVERITIES } from '../shared/model.js';
import { options, type OptionValues } from './args.js';

export const CHECK_SELECTION_OPTIONS = options({
  checks: {
    type: 'string',
    list: true,
    valueName: 'ID,...',
    validate: checkIdProblem,
    description: "run only these checks (ids as iam-sentinel checks lists them; collection-gap too unless excluded); the others' findings are left as they are",
    defaultText: 'checks.include of the config, else every check',
  },
  'exclude-checks': {
    type: 'string',
    list: true,
    valueName: 'ID,...',
    validate: checkIdProblem,
    description: 'never run these checks, even if --checks names them; their findings are left as they are',
    defaultText: 'checks.exclude of the config, else none',
  },
  'min-severity': {
    type: 'string',
    valueName: 'SEVERITY',
    allowed: SEVERITIES,
    description: 'run only checks whose severity, after severityOverrides, is at least this (collection-gap too unless excluded)',
    defaultText: 'checks.minSeverity of the config, else any',
  },
});

/** The config with the flags given in place of its `checks` keys. */
export function withCheckSelection(config: Config, values: OptionValues<typeof CHECK_SELECTION_OPTIONS>): Config {
  const include = values.checks ?? config.checks.include;
  const minSeverity = values['min-severity'] ?? config.checks.minSeverity;
  return {
    ...config,
    checks: {
      ...(include ? { include } : {}),
      exclude: values['exclude-checks'] ?? config.checks.exclude,
      ...(minSeverity ? { minSeverity } : {}),
    },
  };
}
