// What the spoke (and the hub's organization resources) take from the hub's
// own definitions, so the two never drift apart: the event pattern of the
// hub's CloudTrail rule (infra/events.yml) and the read-only IAM and
// CloudTrail statements of the auditing functions (infra/iam/*.yml).
'use strict';

const { join } = require('node:path');
const { readCfnYaml } = require('../cfn-yaml.cjs');

const INFRA = join(__dirname, '..');

/** The EventPattern of the hub's CloudTrailEventRule, as infra/events.yml writes it. */
function cloudTrailEventPattern() {
  const events = readCfnYaml(join(INFRA, 'events.yml'));
  const pattern = events?.Resources?.CloudTrailEventRule?.Properties?.EventPattern;
  if (!pattern) throw new Error('infra/events.yml: no Resources.CloudTrailEventRule.Properties.EventPattern');
  return pattern;
}

const actionsOf = (s) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Whether a Resource names only what any account has ("*", ARNs built from pseudo parameters), never a resource of the hub's stack. */
function accountWide(resource) {
  const text = JSON.stringify(resource);
  return !/"(Ref|Fn::GetAtt|Fn::ImportValue)"/.test(text) && !/\$\{(?!AWS::)/.test(text.replace(/"Fn::Sub":/g, ''));
}

/** A plain Allow statement (not a hub-only Fn::If, not an include) on the account's own resources. */
const isAccountRead = (s) => s && typeof s === 'object' && s.Effect === 'Allow' && accountWide(s.Resource);

/**
 * The account reads of the scheduled audit (full collection) and of
 * cloudtrail-event (targeted re-evaluation), in that order: what a member
 * account's audit role must allow, and nothing else. Statements on the
 * hub's own resources (its log groups, table, topic) are not reads of an
 * account and stay out. A statement
 * whose every action an earlier statement already allows on "*" is left out.
 */
function auditReadStatements() {
  const statements = ['scheduled-audit.yml', 'cloudtrail-event.yml'].flatMap((file) => readCfnYaml(join(INFRA, 'iam', file)).filter(isAccountRead));
  const onEverything = new Set();
  const kept = [];
  for (const s of statements) {
    if (actionsOf(s).every((a) => onEverything.has(a))) continue;
    if (s.Resource === '*') for (const a of actionsOf(s)) onEverything.add(a);
    kept.push(s);
  }
  return kept;
}

module.exports = { cloudTrailEventPattern, auditReadStatements };
