/**
 * Evaluations for lifecycle and store tests: a few small checks (one per
 * snapshot input they read, so gaps can skip one) run through the real
 * engine over accounts built in AWS formats.
 */
import { evaluate, type Evaluation, type EvaluationScope } from '../../shared/engine/evaluate.js';
import { makeConfig, type ConfigInput } from '../../shared/config/schema.js';
import type { Check } from '../../shared/model.js';
import { rootAccessKey } from '../../shared/checks/root-access-key.js';
import { collectionGap } from '../../shared/checks/collection-gap.js';
import type { FindingState } from '../../shared/store/types.js';
import type { StateWrite } from '../../shared/findings/lifecycle.js';
import { account, activeKey, roleDetail, userRow, type AccountSpec } from '../helpers/account.js';

const base = { practice: 'test', references: [], remediation: 'test' } as const;

/** Critical: an IAM user with an active first access key. Reads the credential report only. */
export const userKeyCheck: Check = {
  ...base,
  id: 'test-user-key',
  title: 'User has an active access key',
  severity: 'critical',
  inputs: ['credentialReport'],
  resourceKinds: ['user'],
  evaluate: (snapshot) =>
    (snapshot.credentialReport?.users ?? [])
      .filter((u) => u.accessKeys[0].active)
      .map((u) => ({ resource: u.arn, message: `${u.user} has an active access key`, details: { user: u.user } })),
};

/** High: a role whose name starts with "risky". Reads the authorization details only. */
export const riskyRoleCheck: Check = {
  ...base,
  id: 'test-risky-role',
  title: 'Risky role',
  severity: 'high',
  inputs: ['authorizationDetails'],
  resourceKinds: ['role'],
  evaluate: (snapshot) =>
    (snapshot.authorizationDetails?.roles ?? []).filter((r) => r.name.startsWith('risky')).map((r) => ({ resource: r.arn, message: `${r.name} is risky` })),
};

export const TEST_CHECKS: readonly Check[] = [rootAccessKey, userKeyCheck, riskyRoleCheck, collectionGap];

/** Users with an active key (names), risky roles (names): the account of a scenario step. */
export interface Step {
  readonly keyUsers?: readonly string[];
  readonly riskyRoles?: readonly string[];
  readonly omit?: AccountSpec['omit'];
}

export function accountSpec(step: Step): AccountSpec {
  return {
    rows: (step.keyUsers ?? []).map((name) => userRow(name, activeKey(1, 10))),
    roles: (step.riskyRoles ?? []).map((name) => roleDetail(name)),
    ...(step.omit ? { omit: step.omit } : {}),
  };
}

export function evaluationOf(step: Step, at: string, options: { config?: ConfigInput; scope?: EvaluationScope } = {}): Evaluation {
  return evaluate(account(accountSpec(step)), TEST_CHECKS, makeConfig(options.config ?? {}), new Date(at), options.scope ? { scope: options.scope } : {});
}

/** The stored states after `writes` are applied on top of `stored`. */
export function applied(stored: readonly FindingState[], writes: readonly StateWrite[]): FindingState[] {
  const byId = new Map(stored.map((s) => [s.findingId, s]));
  for (const w of writes) byId.set(w.state.findingId, w.state);
  return [...byId.values()];
}
