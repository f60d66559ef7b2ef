/**
 * Properties of the policy engine, over random inputs (fast-check):
 * 1. an action pattern means exactly the known actions a plain, independent
 *    wildcard matcher accepts when run over the whole action list;
 * 2. spelling a policy differently, the same grants (case, `**` for `*`,
 *    `*:*` for `*`, a list for a lone value, URL-encoding, statement order,
 *    condition-key case), never changes a finding of any check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../shared/checks/index.js';
import { makeConfig } from '../../shared/config/schema.js';
import { evaluate } from '../../shared/engine/evaluate.js';
import { ACTION_COUNT, actionName, actionSetOf } from '../../shared/policy/action-index.js';
import type { RawInlinePolicy, RawManagedPolicyDetail, RawPolicyDocument } from '../../shared/snapshot/types.js';
import {
  ACCOUNT,
  NOW,
  account,
  attach,
  awsPolicyArn,
  consoleUserRow,
  groupDetail,
  managedPolicy,
  policyArn,
  policyDoc,
  roleArn,
  roleDetail,
  userArn,
  userDetail,
  type AccountSpec,
} from '../helpers/account.js';
import { inline, supportRole, trustStatement } from '../helpers/policies.js';

/** A wildcard matcher written for the test alone: `*` any run, `?` one character, case-insensitive. */
function plainMatch(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

const ALL = Array.from({ length: ACTION_COUNT }, (_, i) => actionName(i));

/** Patterns made from real action names, cut and wildcarded, so that many match something. */
const actionPattern = fc.oneof(
  fc
    .tuple(fc.constantFrom(...ALL), fc.nat(), fc.nat(), fc.constantFrom('*', '?', '**', '*?', '?*', ''), fc.boolean())
    .map(([name, a, b, wild, upper]) => {
      const i = a % (name.length + 1);
      const j = i + (b % (name.length - i + 1));
      const p = name.slice(0, i) + wild + name.slice(j);
      return upper ? p.toUpperCase() : p;
    }),
  fc.stringMatching(/^[a-z0-9*?:-]{0,12}$/),
  fc.constantFrom('*', '*:*', '?*:*', 'iam:*', 'i?m:*', 'iam:*?', '*:Get*', 's3:*Object*', 'iam*', 'i*:Pass*'),
);

describe('action patterns (property)', () => {
  it('match exactly the actions a brute-force match over the whole action list finds', () => {
    fc.assert(
      fc.property(actionPattern, (pattern) => {
        const expected = pattern.length > 0 && /^\*+$/.test(pattern) ? ALL : ALL.filter((a) => plainMatch(pattern, a));
        expect(actionSetOf(pattern).names()).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------- equivalent spellings

const ACTIONS = ['*', 'iam:*', 'iam:PassRole', 'sts:AssumeRole', 'kms:Decrypt', 's3:*', 's3:Get*', 'iam:Put*Policy', 'iam:CreateLoginProfile', 'iam:AttachUserPolicy', 'ec2:RunInstances', 'ecs:RunTask', 'ecs:RegisterTaskDefinition', 'iam:CreatePolicyVersion'];
const RESOURCES = ['*', `arn:aws:iam::${ACCOUNT}:role/*`, 'arn:aws:iam::*:user/*', 'arn:aws:s3:::bucket/*', roleArn('ops'), userArn('boss'), policyArn('shared'), 'arn:aws:iam::*:*'];
const CONDITIONS: (Record<string, unknown> | undefined)[] = [
  undefined,
  undefined,
  { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
  { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
];

const statement = fc
  .record({
    effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
    not: fc.boolean(),
    actions: fc.subarray(ACTIONS, { minLength: 1, maxLength: 3 }),
    resources: fc.subarray(RESOURCES, { minLength: 1, maxLength: 2 }),
    condition: fc.constantFrom(...CONDITIONS),
  })
  .map((s) => ({
    Effect: s.effect,
    [s.not && s.effect === 'Deny' ? 'NotAction' : 'Action']: s.actions,
    Resource: s.resources,
    ...(s.condition ? { Condition: s.condition } : {}),
  }));
const document = fc.array(statement, { minLength: 1, maxLength: 3 });

/** Rewrites that keep what a document grants. */
interface Spelling {
  readonly upper: boolean;
  readonly doubleStars: boolean;
  readonly starAsColon: boolean;
  readonly lists: boolean;
  readonly encoded: boolean;
  readonly reversed: boolean;
  readonly keyCase: boolean;
}
const spelling = fc.record<Spelling>({
  upper: fc.boolean(),
  doubleStars: fc.boolean(),
  starAsColon: fc.boolean(),
  lists: fc.boolean(),
  encoded: fc.boolean(),
  reversed: fc.boolean(),
  keyCase: fc.boolean(),
});

function respell(statements: Record<string, unknown>[], how: Spelling): RawPolicyDocument {
  const action = (a: string) => {
    let out = a === '*' && how.starAsColon ? '*:*' : a;
    if (how.doubleStars) out = out.replace(/\*/g, '**');
    return how.upper ? out.toUpperCase() : out;
  };
  const list = (v: string[]) => (how.lists || v.length > 1 ? v : v[0]);
  const rewritten = statements.map((s) => {
    const out: Record<string, unknown> = { ...s };
    for (const key of ['Action', 'NotAction']) if (Array.isArray(s[key])) out[key] = list((s[key] as string[]).map(action));
    out.Resource = list(s.Resource as string[]);
    if (s.Condition && how.keyCase) {
      out.Condition = Object.fromEntries(
        Object.entries(s.Condition as Record<string, Record<string, unknown>>).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.toUpperCase(), v]))]),
      );
    }
    return out;
  });
  const doc = policyDoc(...(how.reversed ? [...rewritten].reverse() : rewritten));
  return how.encoded ? encodeURIComponent(JSON.stringify(doc)) : doc;
}

/** A small account whose principals hold the generated documents. */
function accountWith(docs: readonly RawPolicyDocument[]): AccountSpec {
  const holding = (i: number): RawInlinePolicy[] => [inline(`p${i}`, docs[i])];
  const policies: RawManagedPolicyDetail[] = [managedPolicy('shared', docs[3])];
  return {
    rows: [consoleUserRow('boss', { mfa_active: 'false' }), consoleUserRow('dev', { mfa_active: 'false' }), consoleUserRow('ops-user')],
    users: [
      userDetail('boss', { UserPolicyList: holding(0) }),
      userDetail('dev', { UserPolicyList: holding(1), AttachedManagedPolicies: [attach(policyArn('shared'))] }),
      userDetail('ops-user', { GroupList: ['Staff', 'Admins'] }),
    ],
    groups: [groupDetail('Staff'), groupDetail('Admins', { AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] })],
    roles: [
      supportRole(),
      roleDetail('ops', { AssumeRolePolicyDocument: policyDoc(trustStatement({ AWS: `arn:aws:iam::${ACCOUNT}:root` })), RolePolicyList: holding(2) }),
      roleDetail('runner', { AssumeRolePolicyDocument: policyDoc(trustStatement({ Service: 'ec2.amazonaws.com' })), AttachedManagedPolicies: [attach(awsPolicyArn('AdministratorAccess'))] }),
    ],
    policies,
  };
}

const findingsOf = (spec: AccountSpec) =>
  evaluate(account(spec), CHECKS, makeConfig(), NOW)
    .findings.map((f) => `${f.checkId} ${f.resource} ${f.qualifier ?? ''} ${f.severity} ${f.details.conditional === true}`)
    .sort();

describe('equivalent spellings (property)', () => {
  it('never change a finding', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(document, { minLength: 4, maxLength: 4 }), spelling, (docs, how) => {
        const plain = findingsOf(accountWith(docs.map((d) => policyDoc(...d))));
        const respelt = findingsOf(accountWith(docs.map((d) => respell(d, how))));
        expect(respelt).toEqual(plain);
        for (const f of plain) seen.add(f.split(' ')[0]);
      }),
      { numRuns: 60 },
    );
    // The accounts had something to find: the comparison is not vacuous.
    for (const id of ['admin-policy', 'service-wildcard', 'privilege-escalation', 'admin-principal', 'passrole-any-role', 'privileged-user-no-mfa']) expect(seen).toContain(id);
  });
});
