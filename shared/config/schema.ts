/**
 * The configuration file (iam-sentinel.config.json). Every key is optional;
 * defaults are the catalog's. Unknown keys are errors: a misspelt threshold
 * must not silently fall back to its default.
 */
import * as z from '../schema.js';
import { checkIdProblem } from '../catalog.js';
import { SEVERITIES } from '../model.js';

export const severitySchema = z.enum(SEVERITIES);

/** Day counts are bounded (ten years): a huge value would overflow the dates and TTLs computed from it. */
export const MAX_DAYS = 3650;
const days = z.int().check(z.nonnegative(), z.lte(MAX_DAYS, `expected at most ${MAX_DAYS} days`));

/** The three alarms the product exists for (design.md "Config"): root-key use, MFA removal, credential age. */
export const DEFAULT_ALWAYS: readonly string[] = [
  'root-access-key',
  'root-access-key-used',
  'root-access-key-created',
  'mfa-removed',
  'user-console-no-mfa',
  'privileged-user-no-mfa',
  'root-mfa',
  'access-key-age',
  'password-age',
  'unused-credentials',
];

/**
 * An SSM parameter name ("/iam-sentinel/slack-webhook"): letters, digits and
 * . - _ / only. Never the webhook URL itself, which is a credential and
 * belongs in a SecureString parameter, not in a config file or a template.
 */
export const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-]+(\/[A-Za-z0-9_.\-]+)*$/;
const ssmParameterName = z
  .string()
  .check(
    z.refine((s) => !/:\/\/|hooks\.slack\.com/i.test(s), 'expected the name of an SSM parameter that holds the Slack webhook URL, not the URL: put the URL in a SecureString parameter and name it here'),
    z.refine((s) => SSM_PARAMETER_NAME.test(s), 'expected an SSM parameter name such as /iam-sentinel/slack-webhook (letters, digits and . - _ /)'),
  );
const accountId = z.string().check(z.regex(/^\d{12}$/, 'expected a 12-digit AWS account id'));
const isoDate = z.string().check(z.refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date'));
const nonEmpty = (message?: string) => z.string().check(z.minLength(1, message));

/** Burst thresholds: a window of at most a week keeps the deployed burst state small. */
const burstCount = z.int().check(z.gte(1));
const burstMinutes = z.int().check(z.gte(1), z.lte(7 * 24 * 60));

export const PASSWORD_CLASSES = ['upper', 'lower', 'number', 'symbol'] as const;

export const suppressionSchema = z.strictObject({
  /** Check or rule id, or "*" for any. */
  checkId: nonEmpty(),
  /** Resource ARN; `*` matches any run of characters (e.g. "arn:aws:iam::*:user/ci-*"). Default: any. */
  resource: z._default(nonEmpty(), '*'),
  reason: nonEmpty('a suppression needs a reason'),
  /** ISO date or time; the suppression ends then. Omit for none (discouraged). */
  expires: z.optional(isoDate),
});

/** A periodic check's id; anything else is an error naming the closest one. */
const checkId = z.string().check(
  z.superRefine((id, ctx) => {
    const problem = checkIdProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

/** Which checks run (shared/engine/selection.ts); scan's --checks, --exclude-checks, --min-severity override each key. */
export const checkSelectionSchema = z.strictObject({
  /** Only these checks run (collection-gap too, unless excluded); omit for every check. */
  include: z.optional(z.array(checkId).check(z.minLength(1, 'expected at least one check id (leave the key out to run every check)'))),
  /** These checks never run. */
  exclude: z._default(z.array(checkId), []),
  /** Only checks whose severity, after severityOverrides, is at least this (collection-gap too, unless excluded). */
  minSeverity: z.optional(severitySchema),
});

/** An integer from `min` to `max`, `fallback` when the key is left out. */
const intBetween = (min: number, max: number, fallback: number) => z._default(z.int().check(z.gte(min), z.lte(max)), fallback);

export const configSchema = z.strictObject({
  maxAccessKeyAgeDays: z._default(days, 90),
  maxPasswordAgeDays: z._default(days, 90),
  unusedCredentialDays: z._default(days, 45),
  unusedRoleDays: z._default(days, 90),
  rootRecentUseDays: z._default(days, 90),
  passwordPolicy: z.prefault(
    z.strictObject({
      minLength: intBetween(6, 128, 14),
      reusePrevention: intBetween(0, 24, 24),
      maxAgeDays: intBetween(1, 1095, 90),
      require: z._default(z.array(z.enum(PASSWORD_CLASSES)), [...PASSWORD_CLASSES]),
    }),
    {},
  ),
  trustedAccounts: z._default(z.array(accountId), []),
  /** Per-id default severity overrides, for checks and detection rules. */
  severityOverrides: z._default(z.record(z.string(), severitySchema), {}),
  suppressions: z._default(z.array(suppressionSchema), []),
  checks: z.prefault(checkSelectionSchema, {}),
  notify: z.prefault(
    z.pipe(
      z.strictObject({
        minSeverity: z._default(severitySchema, 'high'),
        /** Ids that alert whatever their severity: added to DEFAULT_ALWAYS, unless replaceAlways. */
        always: z.optional(z.array(z.string())),
        /** true: `always` replaces the defaults instead of adding to them (a misspelt id then drops nothing silently either: ids are checked). */
        replaceAlways: z._default(z.boolean(), false),
        /**
         * More finding alerts than this in one run (the first audit of a large
         * account, a mass change) are folded into the run's digest; 0: no limit.
         */
        maxAlertsPerRun: z._default(z.int().check(z.nonnegative(), z.lte(10_000, 'expected at most 10000')), 25),
        /** Remind about still-open critical findings every this many days; 0 turns reminders off. */
        realertDays: z._default(z.int().check(z.nonnegative(), z.lte(365, 'expected at most 365 days')), 7),
        /** SSM parameter (SecureString) holding the Slack incoming-webhook URL: its name, never the URL. */
        slackWebhookParameter: z.optional(ssmParameterName),
      }),
      z.transform(({ always, ...notify }) => ({
        ...notify,
        always: notify.replaceAlways ? [...(always ?? [])] : [...new Set([...DEFAULT_ALWAYS, ...(always ?? [])])],
      })),
    ),
    {},
  ),
  /** Deployed service name; monitor-tampering watches resources whose names start with it. */
  serviceName: z._default(nonEmpty(), 'iam-sentinel'),
  /**
   * The monitor's own resources that its name does not give away, for
   * monitor-tampering; the deployed stack adds its KMS key and config
   * parameter to whatever is listed here.
   */
  monitor: z.prefault(
    z.strictObject({
      kmsKeyArns: z._default(z.array(z.string().check(z.regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'expected a KMS key ARN'))), []),
      parameterNames: z._default(z.array(nonEmpty()), []),
    }),
    {},
  ),
  /** Burst rules (catalog.md "Real-time detections"): how many events within how many minutes make a burst. */
  loginFailures: z.prefault(z.strictObject({ count: z._default(burstCount, 5), windowMinutes: z._default(burstMinutes, 15) }), {}),
  spraying: z.prefault(z.strictObject({ users: z._default(burstCount, 10), windowMinutes: z._default(burstMinutes, 60) }), {}),
  accessDenied: z.prefault(z.strictObject({ count: z._default(burstCount, 20), windowMinutes: z._default(burstMinutes, 10) }), {}),
  /** Days to keep history rows before DynamoDB TTL removes them; omit to keep forever. */
  historyRetentionDays: z.optional(z.int().check(z.positive(), z.lte(MAX_DAYS, `expected at most ${MAX_DAYS} days (omit it to keep history forever)`))),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type Suppression = z.infer<typeof suppressionSchema>;
export type CheckSelectionConfig = z.infer<typeof checkSelectionSchema>;
export type PasswordClass = (typeof PASSWORD_CLASSES)[number];

/** The configuration with every default: what runs when no file is given. */
export const defaultConfig: Config = configSchema.parse({});

/** Builds a config from partial input (tests, programmatic use); throws on invalid values. */
export function makeConfig(input: ConfigInput = {}): Config {
  return configSchema.parse(input);
}
