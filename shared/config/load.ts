/**
 * Reading the configuration: a JSON file (CLI `--config`, or the
 * IAM_SENTINEL_CONFIG environment variable) or JSON text (the deployed
 * stack's SSM parameter). Every schema error names its path.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, formatPath } from '../errors.js';
import { unknownIds } from './ids.js';
import { configSchema, defaultConfig, type Config } from './schema.js';

/** Parses and validates config JSON text; `source` names it in errors. */
export function parseConfig(text: string, source: string): Config {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(source, '', `expected valid JSON (${(e as Error).message})`);
  }
  const result = configSchema.safeParse(value);
  if (result.success) {
    // Every id it names must be a check or rule of the catalog: a misspelt one would silently do nothing.
    const unknown = unknownIds(value);
    if (unknown.length === 0) return result.data;
    const [first] = unknown;
    const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more: ${unknown.slice(1).map((u) => u.id).join(', ')})` : '';
    throw new ConfigError(
      source,
      formatPath(first.path),
      `unknown check or rule id ${JSON.stringify(first.id)}${first.suggestion ? ` (did you mean ${JSON.stringify(first.suggestion)}?)` : ''}; \`iam-sentinel checks\` lists them${more}`,
    );
  }
  const issue = result.error.issues[0];
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  // zod reports unknown keys on the parent object: name the key itself.
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = formatPath([...issue.path, ...(keys.length === 1 ? keys : [])]);
  const expected =
    issue.code === 'unrecognized_keys' ? `unknown key${keys.length > 1 ? `s ${keys.join(', ')}` : ''} (check the spelling against README "Configuration")` : issue.message;
  throw new ConfigError(source, path || '(top level)', expected + more);
}

/** Loads the config file at `path`, or the defaults when no path is given. */
export async function loadConfig(path: string | undefined): Promise<Config> {
  if (!path) return defaultConfig;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, '', `expected a readable config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseConfig(text, path);
}
