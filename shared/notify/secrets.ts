/**
 * Slack credentials never reach a log line or a stored error. An incoming
 * webhook's path is its secret, and error bodies, stack traces and fetch
 * messages can echo it (or a bot token) back; everything that logs or
 * stores an error message passes it through scrubSecrets first.
 */

const REDACTED = '[redacted]';

const SECRET_PATTERNS: readonly (readonly [RegExp, string])[] = [
  // https://hooks.slack.com/services/T…/B…/…, and the workflow and trigger webhooks.
  [/hooks\.slack\.com\/(services|workflows|triggers)\/[^\s"'<>)\]}]+/gi, `hooks.slack.com/$1/${REDACTED}`],
  // The path alone (an error body quoting the request line): /services/T…/B…/<secret>.
  [/\/services\/T[A-Z0-9]{4,}\/B[A-Z0-9]{4,}\/[A-Za-z0-9]+/g, `/services/${REDACTED}`],
  // Bot, user, app-level, refresh and legacy tokens: xoxb-…, xoxp-…, xoxa-…, xoxo-…, xoxs-…, xoxr-….
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, `xox-${REDACTED}`],
];

/** `text` with every Slack webhook path and token replaced by "[redacted]". */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Whether `text` holds something scrubSecrets would redact. */
export function looksSecret(text: string): boolean {
  return scrubSecrets(text) !== text;
}

/** An error as one scrubbed line: "Name: message". */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return scrubSecrets(text);
}
