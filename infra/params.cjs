// Values derived from the serverless parameters, for the places where
// CloudFormation cannot compute them itself. Loaded by osls through
// `${file(infra/params.cjs):<name>}`; each export receives osls's resolver.
'use strict';

/**
 * The ARN of an SSM parameter given by name: "/a/b" and "a/b" are both
 * legal names, and the ARN has exactly one slash after "parameter".
 */
async function parameterArn(resolveVariable, param) {
  const name = String((await resolveVariable(`param:${param}`)) ?? '').trim();
  const path = name.replace(/^\/+/, '');
  // With the parameter empty the statement using this ARN is left out (a
  // condition in infra/iam), but the template must still hold a valid ARN.
  return { 'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${path || 'unused'}` };
}

/** Letters, digits and . - _ /: what SSM accepts in a parameter name (shared/config/schema.ts holds the same rule). */
const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-]+(\/[A-Za-z0-9_.\-]+)*$/;

/**
 * The slackWebhookParameter parameter, checked: the name of the SSM
 * SecureString that holds the webhook URL, or empty. A URL given here
 * instead would land in the template and the function's environment, where
 * anyone who can read the stack reads the credential: packaging fails.
 */
function slackWebhookParameterNameOf(value) {
  const name = String(value ?? '').trim();
  if (name === '') return '';
  if (/:\/\/|hooks\.slack\.com/i.test(name)) {
    throw new Error(
      'slackWebhookParameter must be the NAME of an SSM SecureString parameter holding the Slack webhook URL, not the URL itself ' +
        '(e.g. aws ssm put-parameter --type SecureString --name /iam-sentinel/slack-webhook --value <url>, then --param="slackWebhookParameter=/iam-sentinel/slack-webhook")',
    );
  }
  if (!SSM_PARAMETER_NAME.test(name)) {
    throw new Error(`slackWebhookParameter must be an SSM parameter name such as /iam-sentinel/slack-webhook (letters, digits and . - _ /), got ${JSON.stringify(name)}`);
  }
  return name;
}

const RATE = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/;
const UNIT_SECONDS = { minute: 60, hour: 3600, day: 86400 };
/** CloudWatch: a period of an hour or more may span at most seven days. */
const MAX_ALARM_PERIOD_SECONDS = 7 * 86400;

/**
 * The heartbeat alarm's period: two schedule periods, so it fires only when
 * two audits in a row did not complete. Any window that long holds at least
 * one scheduled run, whatever the alarm's alignment.
 */
function heartbeatPeriodSeconds(schedule) {
  const m = RATE.exec(String(schedule).trim());
  if (!m) {
    throw new Error(
      `schedule must be a rate expression such as "rate(12 hours)" (got ${JSON.stringify(schedule)}): the heartbeat alarm needs a fixed period`,
    );
  }
  const seconds = 2 * Number(m[1]) * UNIT_SECONDS[m[2].replace(/s$/, '')];
  if (seconds === 0 || seconds > MAX_ALARM_PERIOD_SECONDS) {
    throw new Error(`schedule ${schedule} gives a heartbeat period of ${seconds} s; CloudWatch accepts 60 s to 7 days (schedule at most 3.5 days)`);
  }
  return seconds;
}

/**
 * The securityHub parameter as the template uses it: "true" or "false"
 * (booleans and the usual spellings accepted), anything else refused at
 * package time rather than deployed as "off".
 */
function securityHubFlag(value) {
  const text = String(value ?? '').trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(text)) return 'true';
  if (['false', 'no', '0', 'off', ''].includes(text)) return 'false';
  throw new Error(`securityHub must be true or false (got ${JSON.stringify(value)})`);
}

module.exports = {
  slackWebhookParameterName: async ({ resolveVariable }) => slackWebhookParameterNameOf(await resolveVariable('param:slackWebhookParameter')),
  slackWebhookParameterArn: async ({ resolveVariable }) => {
    slackWebhookParameterNameOf(await resolveVariable('param:slackWebhookParameter'));
    return parameterArn(resolveVariable, 'slackWebhookParameter');
  },
  configParameterArn: ({ resolveVariable }) => parameterArn(resolveVariable, 'config'),
  heartbeatPeriodSeconds: async ({ resolveVariable }) => heartbeatPeriodSeconds(await resolveVariable('param:schedule')),
  securityHub: async ({ resolveVariable }) => securityHubFlag(await resolveVariable('param:securityHub')),
  // For the tests of this file.
  heartbeatPeriodSecondsOf: heartbeatPeriodSeconds,
  securityHubFlagOf: securityHubFlag,
  slackWebhookParameterNameOf,
};
