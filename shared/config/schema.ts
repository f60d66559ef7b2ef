/**
 * The configuration file (iam-sentinel.config.json). Every key is optional;
 * defaults are the catalog's. Unknown keys are errors: a misspelt threshold
 * must not silently fall back to its default.
 */
import { z } from 'zod';
import { checkIdProblem } from '../catalog.js';
import { SEVERITIES } from '../model.js';

export const severitySchema = z.enum(SEVERITIES);

/** Day counts are bounded (ten years): a huge value would overflow the dates and TTLs computed from it. */
export const MAX_DAYS = 3650;
const days = z.number().int().nonnegative().max(MAX_DAYS, `expected at most ${MAX_DAYS} days`);

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
  .refine((s) => !/:\/\/|hooks\.slack\.com/i.test(s), 'expected the name of an SSM parameter that holds the Slack webhook URL, not the URL: put the URL in a SecureString parameter and name it here')
  .refine((s) => SSM_PARAMETER_NAME.test(s), 'expected an SSM parameter name such as /iam-sentinel/slack-webhook (letters, digits and . - _ /)');
const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const isoDate = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date');

/** Burst thresholds: a window of at most a week keeps the deployed burst state small. */
const burstCount = z.number().int().min(1);
const burstMinutes = z.number().int().min(1).max(7 * 24 * 60);

export const PASSWORD_CLASSES = ['upper', 'lower', 'number', 'symbol'] as const;

export const suppressionSchema = z.strictObject({
  /** Check or rule id, or "*" for any. */
  checkId: z.string().min(1),
  /** Resource ARN; `*` matches any run of characters (e.g. "arn:aws:iam::*:user/ci-*"). Default: any. */
  resource: z.string().min(1).default('*'),
  reason: z.string().min(1, 'a suppression needs a reason'),
  /** ISO date or time; the suppression ends then. Omit for none (discouraged). */
  expires: isoDate.optional(),
});

/** A periodic check's id; anything else is an error naming the closest one. */
const checkId = z.string().superRefine((id, ctx) => {
  const problem = checkIdProblem(id);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Which checks run (shared/engine/selection.ts); scan's --checks, --exclude-checks, --min-severity override each key. */
export const checkSelectionSchema = z.strictObject({
  /** Only these checks run (collection-gap too, unless excluded); omit for every check. */
  include: z.array(checkId).min(1, 'expected at least one check id (leave the key out to run every check)').optional(),
  /** These checks never run. */
  exclude: z.array(checkId).default([]),
  /** Only checks whose severity, after severityOverrides, is at least this (collection-gap too, unless excluded). */
  minSeverity: severitySchema.optional(),
});

export const configSchema = z.strictObject({
  maxAccessKeyAgeDays: days.default(90),
  maxPasswordAgeDays: days.default(90),
  unusedCredentialDays: days.default(45),
  unusedRoleDays: days.default(90),
  rootRecentUseDays: days.default(90),
  passwordPolicy: z
    .strictObject({
      minLength: z.number().int().min(6).max(128).default(14),
      reusePrevention: z.number().int().min(0).max(24).default(24),
      maxAgeDays: z.number().int().min(1).max(1095).default(90),
      require: z.array(z.enum(PASSWORD_CLASSES)).default([...PASSWORD_CLASSES]),
    })
    .prefault({}),
  trustedAccounts: z.array(accountId).default([]),
  /** Per-id default severity overrides, for checks and detection rules. */
  severityOverrides: z.record(z.string(), severitySchema).default({}),
  suppressions: z.array(suppressionSchema).default([]),
  checks: checkSelectionSchema.prefault({}),
  notify: z
    .strictObject({
      minSeverity: severitySchema.default('high'),
      /** Ids that alert whatever their severity: added to DEFAULT_ALWAYS, unless replaceAlways. */
      always: z.array(z.string()).optional(),
      /** true: `always` replaces the defaults instead of adding to them (a misspelt id then drops nothing silently either: ids are checked). */
      replaceAlways: z.boolean().default(false),
      /**
       * More finding alerts than this in one run (the first audit of a large
       * account, a mass change) are folded into the run's digest; 0: no limit.
       */
      maxAlertsPerRun: z.number().int().nonnegative().max(10_000, 'expected at most 10000').default(25),
      /** Remind about still-open critical findings every this many days; 0 turns reminders off. */
      realertDays: z.number().int().nonnegative().max(365, 'expected at most 365 days').default(7),
      /** SSM parameter (SecureString) holding the Slack incoming-webhook URL: its name, never the URL. */
      slackWebhookParameter: ssmParameterName.optional(),
    })
    .transform(({ always, ...notify }) => ({
      ...notify,
      always: notify.replaceAlways ? [...(always ?? [])] : [...new Set([...DEFAULT_ALWAYS, ...(always ?? [])])],
    }))
    .prefault({}),
  /** Deployed service name; monitor-tampering watches resources whose names start with it. */
  serviceName: z.string().min(1).default('iam-sentinel'),
  /**
   * The monitor's own resources that its name does not give away, for
   * monitor-tampering; the deployed stack adds its KMS key and config
   * parameter to whatever is listed here.
   */
  monitor: z
    .strictObject({
      kmsKeyArns: z.array(z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/, 'expected a KMS key ARN')).default([]),
      parameterNames: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  /** Burst rules (catalog.md "Real-time detections"): how many events within how many minutes make a burst. */
  loginFailures: z.strictObject({ count: burstCount.default(5), windowMinutes: burstMinutes.default(15) }).prefault({}),
  spraying: z.strictObject({ users: burstCount.default(10), windowMinutes: burstMinutes.default(60) }).prefault({}),
  accessDenied: z.strictObject({ count: burstCount.default(20), windowMinutes: burstMinutes.default(10) }).prefault({}),
  /** Days to keep history rows before DynamoDB TTL removes them; omit to keep forever. */
  historyRetentionDays: z.number().int().positive().max(MAX_DAYS, `expected at most ${MAX_DAYS} days (omit it to keep history forever)`).optional(),
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
